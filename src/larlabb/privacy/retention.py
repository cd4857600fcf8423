"""How long Lärlabb keeps personal data, applied: ``manage.py purge_personal_data`` and the
hourly tick (``PrivacyConfig.reminders``) call :func:`purge_personal_data`.

- Emails in the outbox are emptied ``PRIVACY_EMAIL_RETENTION_DAYS`` after they were sent: only
  their event key stays, so that no reminder is sent twice (:func:`purge_emails`). A login
  code is not kept even that long: the outbox forgets it as soon as it is sent
  (``core.tasks.send_outgoing``).
- A lab's registrations, dietary needs, check-ins and live-room guests are anonymised
  ``PRIVACY_LAB_RETENTION_MONTHS`` after its last workshop ended. Registrations without a place
  (cancelled, waiting, unconfirmed) are deleted; each registration with a place is given an
  anonymous account of its own (:func:`larlabb.privacy.actions.anonymous_account`) that keeps
  its organisation, workshops and check-ins, so the counts per organisation and per region or
  agency in the reports stay as they were; the person's place in the lab's live rooms moves to
  that account too. Guests' names and keys go; their notes and votes stay.

Each purge that removed something is written to the audit log. Running it again changes
nothing more.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from larlabb.audit.log import record
from larlabb.audit.models import Entry
from larlabb.core.emails import NOWHERE
from larlabb.core.models import OutgoingEmail
from larlabb.core.tasks import SECRET_KEY_PREFIXES, holds_a_secret
from larlabb.labs.models import Lab
from larlabb.live.models import Participant
from larlabb.privacy import rules
from larlabb.privacy.actions import anonymise_participants, anonymous_account, deleted_label
from larlabb.registrations.models import Attendance, Registration


@dataclass
class Purged:
    """What one purge removed or anonymised."""

    emails: int = 0
    labs: int = 0
    registrations: int = 0
    guests: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.emails or self.labs or self.registrations or self.guests)


def purge_emails(now: datetime.datetime) -> int:
    """Empty the outbox's emails sent longer ago than the retention period: their address,
    subject, text and attachments go. The row keeps only its event key and when it was sent,
    because the key is what stops the same reminder from being sent twice (an action that
    stays overdue for months is reminded of once); a key that holds an address (allauth's
    emails) is replaced by its hash. An email that never went out (its delivery failed) goes
    the same period after it was queued (``rules.email_is_due``); one that holds a login code
    or link goes once the code has expired, sent or not. Returns how many were emptied."""
    days = settings.PRIVACY_EMAIL_RETENTION_DAYS
    cutoff = now - datetime.timedelta(days=days)
    expired = now - datetime.timedelta(seconds=settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT)
    candidates = OutgoingEmail.objects.filter(
        Q(sent_at__lte=cutoff)
        | Q(sent_at__isnull=True, created_at__lte=cutoff)
        | Q(key__startswith=SECRET_KEY_PREFIXES[0], created_at__lte=expired)
    ).exclude(to="")
    due = [
        email
        for email in candidates
        if holds_a_secret(email)
        or rules.email_is_due(
            created_at=email.created_at, sent_at=email.sent_at, now=now, days=days
        )
    ]
    for email in due:
        if "@" in email.key:
            email.key = f"purged:{hashlib.sha256(email.key.encode()).hexdigest()}"
        email.to = email.subject = email.body = email.html = email.last_error = ""
        email.attachments = []
    OutgoingEmail.objects.bulk_update(
        due, ["key", "to", "subject", "body", "html", "last_error", "attachments"], batch_size=500
    )
    if due:
        record(
            actor=None,
            action=Entry.Action.DATA_PURGED,
            detail={"emails": len(due), "retention_days": settings.PRIVACY_EMAIL_RETENTION_DAYS},
        )
    return len(due)


def labs_due(now: datetime.datetime) -> list[Lab]:
    """The labs whose last workshop ended at least the retention period before ``now``."""
    labs = Lab.objects.annotate(last_end=Max("workshops__ends_at")).filter(last_end__isnull=False)
    months = settings.PRIVACY_LAB_RETENTION_MONTHS
    return [lab for lab in labs if rules.lab_is_due(last_end=lab.last_end, now=now, months=months)]


def purge_lab(lab: Lab) -> Purged:
    """Anonymise the lab's registrations, check-ins and live-room guests (see the module)."""
    purged = Purged()
    with transaction.atomic():
        registrations = Registration.objects.filter(lab=lab).exclude(
            person__email__endswith=f"@{NOWHERE}"
        )
        unplaced = registrations.exclude(status=Registration.Status.CONFIRMED)
        purged.registrations = unplaced.count()
        unplaced.delete()
        placed = list(registrations.select_related("organisation").order_by("pk"))
        rooms = Participant.objects.filter(room__workshop__lab=lab)
        for registration in placed:
            stand_in = anonymous_account(registration.organisation)
            in_rooms = list(rooms.filter(user_id=registration.person_id))
            anonymise_participants(in_rooms, user=stand_in)
            registration.person = stand_in
            registration.dietary_needs = registration.title = ""
            registration.registered_by = registration.cancelled_by = None
            registration.save()
        purged.registrations += len(placed)
        Attendance.objects.filter(workshop__lab=lab).exclude(checked_in_by=None).update(
            checked_in_by=None
        )
        guests = list(rooms.filter(user=None).filter(~Q(guest_key="") | ~Q(name=deleted_label())))
        purged.guests = anonymise_participants(guests)
        if purged.registrations or purged.guests:
            purged.labs = 1
            record(
                actor=None,
                action=Entry.Action.DATA_PURGED,
                target=lab,
                lab=lab,
                detail={
                    "registrations": purged.registrations,
                    "guests": purged.guests,
                    "retention_months": settings.PRIVACY_LAB_RETENTION_MONTHS,
                },
            )
    return purged


def purge_personal_data(now: datetime.datetime | None = None) -> Purged:
    """Apply every retention period as of ``now``."""
    now = now or timezone.now()
    purged = Purged(emails=purge_emails(now))
    for lab in labs_due(now):
        done = purge_lab(lab)
        purged.labs += done.labs
        purged.registrations += done.registrations
        purged.guests += done.guests
    return purged


def purge_in_tick(now: datetime.datetime) -> int:
    """The hourly tick's call (``larlabb.reminders``): it purges as of the real time (the
    reminders' ``now`` may be another moment, when a test or the demo asks what is due then),
    and queues no email."""
    purge_personal_data(min(now, timezone.now()))
    return 0
