"""Login limits that hold a rush and an attack (issue "Trust", 5).

allauth counts the login door's requests per client address and per email address
(``ACCOUNT_RATE_LIMITS`` in the settings, the client address found behind the proxies that
``TRUSTED_PROXY_COUNT`` trusts). Two more limits are Lärlabb's own:

- ``request_login_code_from``: codes for one email address asked from one client address. It
  comes before allauth's limit per email address, so one client that floods an address uses
  up its own share and leaves the rest of the address's codes to its owner.
- ``admin_login_failed``: failed logins on the admin's login page, per client address and per
  account, as allauth counts failed logins on its own password page. A login that succeeds
  costs nothing; once a limit is reached the page answers 429 without trying the password.
"""

from allauth.account.adapter import get_adapter
from allauth.account.forms import RequestLoginCodeForm
from allauth.core import context, ratelimit
from django.contrib import admin
from django.http import HttpRequest, HttpResponse


class CodeRequestForm(RequestLoginCodeForm):
    """allauth's request for a login code, limited per email address and client address."""

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email:
            request = context.request
            key = f"{email.lower()} from {get_adapter().get_client_ip(request)}"
            if not ratelimit.consume(request, action="request_login_code_from", key=key):
                raise get_adapter().validation_error("too_many_login_attempts")
        return super().clean_email()


def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """The admin's login page with limits on failed logins (429 once one is reached)."""
    if request.method != "POST":
        return admin.site.login(request, extra_context)
    account = request.POST.get("username", "").strip().lower()
    if not ratelimit.consume(request, action="admin_login_failed", key=account, dry_run=True):
        return ratelimit.respond_429(request)
    response = admin.site.login(request, extra_context)
    if response.status_code != 302:  # the form again: the login failed
        ratelimit.consume(request, action="admin_login_failed", key=account)
    return response
