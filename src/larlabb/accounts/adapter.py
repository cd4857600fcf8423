from types import SimpleNamespace
from typing import Any
from uuid import uuid4

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation

from larlabb.accounts.http import welcome_url
from larlabb.accounts.models import User
from larlabb.core.emails import RenderedEmail, queue_email
from larlabb.service import metrics

# allauth's codes of a refused login, and the reason the metrics give them
LOGIN_FAILURES = {"incorrect_code": "code", "too_many_login_attempts": "limited"}


class AccountAdapter(DefaultAccountAdapter):
    """Lärlabb's door: nobody signs up with a password. Whoever asks for a login code with a new
    address gets an account (``views.CodeDoor``); after their first code they are asked their
    name and organisation once. Sends allauth's emails (login codes) through the outbox and task
    queue, in the recipient's language when they have one."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def validation_error(self, code: str, *args: Any) -> ValidationError:
        """allauth's refusals; a wrong login code, or a login the limits refuse, is counted
        in the metrics (a wrong password is counted from Django's ``user_login_failed``)."""
        if code in LOGIN_FAILURES:
            metrics.login_failed(LOGIN_FAILURES[code])
        return super().validation_error(code, *args)

    def send_password_reset_mail(self, user, email: str, context: dict) -> None:
        """Participants have no password to reset: they are told how they log in instead."""
        if getattr(user, "may_use_password", False):
            super().send_password_reset_mail(user, email, context)
        else:
            self.send_mail("account/email/no_password", email, {"user": user})

    def post_login(self, request: HttpRequest, user, **kwargs) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        if isinstance(response, HttpResponseRedirect) and not getattr(user, "name", ""):
            return HttpResponseRedirect(welcome_url(response.url))
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language() or "sv"
        site = SimpleNamespace(
            name="Lärlabb", domain=self.request.get_host() if self.request else ""
        )
        context = {
            "email": email,
            "current_site": site,
            "site_url": settings.SITE_URL,
            "user": user,
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            "",
        )
        queue_email(
            key=f"account:{template_prefix}:{email}:{uuid4().hex}",
            to=email,
            email=RenderedEmail(subject=message.subject, body=message.body, html=html),
        )
