from allauth.account.auth_backends import AuthenticationBackend


class EmailBackend(AuthenticationBackend):
    """Email and password login, for everyone but participants.

    Participants log in only with a one-time code sent by email (allauth's login by code, which
    does not go through password authentication); a participant's password is refused here even
    if one was set. Sessions of participants stay valid (``get_user`` is unchanged).
    """

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None and not getattr(user, "may_use_password", False):
            return None
        return user
