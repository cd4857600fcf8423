from types import SimpleNamespace
from uuid import uuid4

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from larlabb.accounts.models import User
from larlabb.core.emails import RenderedEmail, queue_email


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails (login codes, verification) through the outbox and task queue,
    in the recipient's language when they have one."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language() or "sv"
        site = SimpleNamespace(
            name="Lärlabb", domain=self.request.get_host() if self.request else ""
        )
        context = {"email": email, "current_site": site, **context}
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
