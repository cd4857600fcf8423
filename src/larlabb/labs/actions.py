"""Writes on labs and workshops. Every change a user can cause goes through here."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.accounts.actions import reminders_off_path
from larlabb.accounts.models import User
from larlabb.core.emails import Attachment, queue_email, render_email
from larlabb.core.errors import Refused
from larlabb.labs import participants
from larlabb.labs.access import is_organiser
from larlabb.labs.calendar import calendar_filename, workshop_calendar
from larlabb.labs.models import Lab, Workshop, WorkshopChange


class LabError(Refused):
    """A change to a lab or workshop that the rules refuse."""


def check_can_edit(*, actor: User, lab: Lab) -> None:
    if not is_organiser(actor, lab):
        raise LabError(_("Only the lab's organisers can change it."))


def check_times(*, starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    """A workshop cannot end before it starts, nor be moved into the past."""
    if ends_at <= starts_at:
        raise LabError(_("The workshop must end after it starts."))
    if starts_at <= timezone.now():
        raise LabError(_("A workshop cannot be moved to a time that has passed."))


@transaction.atomic
def do_create_lab(*, actor: User, lab: Lab) -> Lab:
    """Save a new lab with ``actor`` as its first organiser."""
    if not actor.is_organiser:
        raise LabError(_("Only organisers can create labs."))
    lab.save()
    lab.organisers.add(actor)
    return lab


def do_move_workshop(
    *,
    actor: User,
    workshop: Workshop,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str,
    address: str,
    city: str,
    format: str,
    reason: str,
) -> WorkshopChange | None:
    """Move a workshop to a new time, place or format.

    Every registration stays valid; each registered person is emailed once with the old and new
    time and an updated calendar file. A move that changes nothing is not recorded and sends
    nothing. Returns the recorded change, or None when nothing changed.
    """
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().select_related("lab").get(pk=workshop.pk)
        check_can_edit(actor=actor, lab=workshop.lab)
        if workshop.is_cancelled:
            raise LabError(_("A cancelled workshop cannot be moved."))
        check_times(starts_at=starts_at, ends_at=ends_at)
        new = {"venue": venue, "address": address, "city": city, "format": format}
        unchanged = (
            workshop.starts_at == starts_at
            and workshop.ends_at == ends_at
            and all(getattr(workshop, field) == value for field, value in new.items())
        )
        if unchanged:
            return None
        change = WorkshopChange(
            workshop=workshop,
            kind=WorkshopChange.Kind.MOVED,
            reason=reason,
            old_starts_at=workshop.starts_at,
            old_ends_at=workshop.ends_at,
            old_place=workshop.place,
            old_format=workshop.format,
            changed_by=actor,
        )
        workshop.starts_at, workshop.ends_at = starts_at, ends_at
        for field, value in new.items():
            setattr(workshop, field, value)
        workshop.status = Workshop.Status.MOVED
        workshop.sequence += 1
        workshop.save()
        change.new_starts_at, change.new_ends_at = starts_at, ends_at
        change.new_place, change.new_format = workshop.place, workshop.format
        change.save()
        _notify_registered(change)
    return change


def do_cancel_workshop(*, actor: User, workshop: Workshop, reason: str) -> WorkshopChange | None:
    """Cancel a workshop and email every registered person once. Cancelling a cancelled
    workshop again changes nothing."""
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().select_related("lab").get(pk=workshop.pk)
        check_can_edit(actor=actor, lab=workshop.lab)
        if workshop.is_cancelled:
            return None
        if workshop.is_past:
            raise LabError(_("A workshop that is over cannot be cancelled."))
        change = WorkshopChange.objects.create(
            workshop=workshop,
            kind=WorkshopChange.Kind.CANCELLED,
            reason=reason,
            old_starts_at=workshop.starts_at,
            old_ends_at=workshop.ends_at,
            old_place=workshop.place,
            old_format=workshop.format,
            changed_by=actor,
        )
        workshop.status = Workshop.Status.CANCELLED
        workshop.sequence += 1
        workshop.save(update_fields=["status", "sequence"])
        _notify_registered(change)
    return change


EMAIL_TEMPLATES = {
    WorkshopChange.Kind.MOVED: "workshop_moved",
    WorkshopChange.Kind.CANCELLED: "workshop_cancelled",
}


def _notify_registered(change: WorkshopChange) -> None:
    """Queue one email to each person the workshop concerns (registered for the whole series
    or for this workshop, confirmed or still to confirm), keyed on the change so none is sent
    twice."""
    workshop = change.workshop
    lab = workshop.lab
    attachment = Attachment(
        filename=calendar_filename(lab, workshop),
        content=workshop_calendar(workshop).decode(),
        mimetype="text/calendar",
    )
    for person in participants.concerned_by(workshop):
        context = {
            "person": person,
            "lab": lab,
            "workshop": workshop,
            "change": change,
            "unsubscribe_path": reminders_off_path(person),
        }
        queue_email(
            key=f"workshop-change:{change.pk}:{person.pk}",
            to=person.email,
            email=render_email(EMAIL_TEMPLATES[change.kind], context, person.language),
            attachments=[attachment],
        )


@transaction.atomic
def do_create_workshop(
    *,
    actor: User,
    lab: Lab,
    number: int,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str,
    address: str,
    city: str,
    format: str,
    meeting_link: str = "",
) -> Workshop:
    check_can_edit(actor=actor, lab=lab)
    if ends_at <= starts_at:
        raise LabError(_("The workshop must end after it starts."))
    if starts_at <= timezone.now():
        raise LabError(_("A new workshop cannot start in the past."))
    if Workshop.objects.filter(lab=lab, number=number).exists():
        raise LabError(_("The lab already has a workshop with this number."))
    return Workshop.objects.create(
        lab=lab,
        number=number,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        address=address,
        city=city,
        format=format,
        meeting_link=meeting_link,
    )
