"""Queueing emails: render now, store in the outbox, send from the task queue.

Every email Lärlabb sends goes through :func:`queue_email`. It renders the message in the
recipient's language and stores it in the same database transaction as the change it reports,
then enqueues the delivery task; so a crash between the request and the send loses nothing, and
an event key that was queued once is never queued again.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

from larlabb.core.models import OutgoingEmail
from larlabb.core.tasks import deliver_email

# The domain of the addresses a deleted or anonymised account is given (RFC 2606: it never
# resolves): nothing is queued for them.
NOWHERE = "deleted.invalid"


def is_nowhere(address: str) -> bool:
    """Whether ``address`` belongs to a deleted or anonymised account (nobody reads it)."""
    return address.lower().endswith(f"@{NOWHERE}")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


@dataclass
class RenderedEmail:
    subject: str
    body: str
    html: str = ""
    attachments: list[Attachment] = field(default_factory=list)


def render_text(template: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping: "Lind & Öberg" and "Region
    Skåne's" stay as they are in a subject or a text body (no "&amp;", no "&#x27;")."""
    compiled = get_template(template).template  # type: ignore[attr-defined]
    return compiled.render(Context(context, autoescape=False))


def render_email(template: str, context: dict, language: str) -> RenderedEmail:
    """Render ``emails/<template>_subject.txt``, ``.txt`` (both as plain text, unescaped) and
    ``.html`` in ``language``."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_text(f"emails/{template}_subject.txt", context)
        body = render_text(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return RenderedEmail(subject=" ".join(subject.split()), body=body, html=html)


def queue_email(
    *, key: str, to: str, email: RenderedEmail, attachments: list[Attachment] | None = None
) -> OutgoingEmail | None:
    """Store ``email`` for ``to`` under ``key`` and enqueue its delivery.

    Returns the stored email, or None when an email under ``key`` was queued before, or when
    ``to`` is the address of a deleted account (nothing is stored then).
    """
    if is_nowhere(to):
        return None
    files = [a.__dict__ for a in (attachments or email.attachments)]
    try:
        with transaction.atomic():
            stored = OutgoingEmail.objects.create(
                key=key[:200],
                to=to,
                subject=email.subject[:300],
                body=email.body,
                html=email.html,
                attachments=files,
            )
    except IntegrityError:
        return None
    deliver_email.enqueue(stored.pk)
    return stored
