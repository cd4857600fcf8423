"""Background tasks of the core: delivering queued emails."""

import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from larlabb.core.models import OutgoingEmail

logger = logging.getLogger(__name__)

# Emails that carry a one-time secret (allauth's login codes, password-reset and confirmation
# links: the account adapter keys them "account:…"). Once sent, the outbox keeps only their
# subject: the code or link is never stored after it has gone out.
SECRET_KEY_PREFIXES = ("account:",)
FORGOTTEN = "(Removed when it was sent: it held a one-time code or link.)"


def holds_a_secret(email: OutgoingEmail) -> bool:
    return email.key.startswith(SECRET_KEY_PREFIXES)


def message_id(email: OutgoingEmail) -> str:
    """A Message-ID derived from the event key, the same for every attempt at one email."""
    digest = hashlib.sha256(email.key.encode()).hexdigest()[:32]
    return f"<{digest}@larlabb>"


def send_outgoing(email: OutgoingEmail) -> bool:
    """Send one stored email unless it was sent before, or emptied by the retention purge
    before it could go (a login code that expired unsent). Returns True when it was sent now."""
    if email.sent_at is not None or not email.to:
        return False
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": message_id(email)},
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for item in email.attachments:
        message.attach(item["filename"], item["content"], item["mimetype"])
    email.attempts += 1
    try:
        message.send()
    except Exception as error:
        email.last_error = str(error)[:2000]
        email.save(update_fields=["attempts", "last_error"])
        raise
    email.sent_at = timezone.now()
    email.last_error = ""
    if holds_a_secret(email):
        email.body, email.html = FORGOTTEN, ""
    email.save(update_fields=["attempts", "last_error", "sent_at", "body", "html"])
    return True


@task()
def deliver_email(email_id: int) -> None:
    """Send the stored email ``email_id``; an email already sent is not sent again."""
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None:
        logger.warning("Outgoing email %s no longer exists", email_id)
        return
    send_outgoing(email)
