"""Writes on labs and workshops. Every change a user can cause goes through here."""

import dataclasses
import datetime
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.accounts.actions import reminders_off_path
from larlabb.accounts.models import User
from larlabb.actors.models import Network, Organisation
from larlabb.core.emails import Attachment, queue_email, render_email
from larlabb.core.errors import Refused
from larlabb.labs import dependents, participants
from larlabb.labs.access import is_organiser
from larlabb.labs.calendar import calendar_filename, workshop_calendar
from larlabb.labs.models import Lab, ProgramItem, Workshop, WorkshopChange


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


@dataclass(frozen=True)
class LabValues:
    """What an organiser sets of a lab, as the lab form gives it."""

    title: str
    slug: str
    question: str = ""
    welcome: str = ""
    purpose: str = ""
    invitation_text: str = ""
    expected_knowledge: str = ""
    per_organisation_limit: int = 2
    how: str = ""
    travel_at_own_cost: bool = True
    registration_deadline: datetime.date | None = None
    deadline_reminder_days: int = 7
    allow_single_workshops: bool = False
    show_participant_list: bool = False
    is_published: bool = False
    hosts: Sequence[Organisation] = ()
    invited_networks: Sequence[Network] = ()
    organisers: Sequence[User] = ()
    leaders: Sequence[User] = ()
    contacts: Sequence[User] = ()

    PEOPLE: ClassVar = ("hosts", "invited_networks", "organisers", "leaders", "contacts")

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "LabValues":
        """The values in a lab form's cleaned data (the lab page's form and the admin's)."""
        return cls(**{field.name: data[field.name] for field in dataclasses.fields(cls)})


@dataclass(frozen=True)
class ResultRow:
    """One expected result of a lab, in order: an existing one (``pk``) or a new one."""

    text: str
    pk: int | None = None


@dataclass(frozen=True)
class DocumentRow:
    """One background document of a lab, in order: an existing one (``pk``) or a new one."""

    title: str
    description: str = ""
    url: str = ""
    pk: int | None = None


@dataclass(frozen=True)
class ProgramRow:
    """One item of a workshop's program, in order: an existing one (``pk``) or a new one."""

    starts: datetime.time
    ends: datetime.time
    title: str
    kind: str = ProgramItem.Kind.TALK
    description: str = ""
    leaders: Sequence[User] = ()
    is_highlight: bool = False
    pk: int | None = None


def check_values(values: LabValues, *, lab: Lab | None = None) -> None:
    if values.per_organisation_limit < 1:
        raise LabError(_("A lab takes at least one person per organisation."))
    taken = Lab.objects.filter(slug=values.slug)
    if lab is not None:
        taken = taken.exclude(pk=lab.pk)
    if taken.exists():
        raise LabError(_("Another lab already has this address."))


def _apply(lab: Lab, values: LabValues, *, actor: User) -> None:
    """Write ``values`` on ``lab`` (saved); a lab always keeps at least one organiser."""
    for field in dataclasses.fields(values):
        if field.name not in LabValues.PEOPLE:
            setattr(lab, field.name, getattr(values, field.name))
    lab.save()
    lab.hosts.set(values.hosts)
    lab.invited_networks.set(values.invited_networks)
    lab.organisers.set(values.organisers or [actor])
    lab.leaders.set(values.leaders)
    lab.contacts.set(values.contacts)


def _replace_rows(
    existing: QuerySet[Any], rows: Sequence[Any], fields: Sequence[str], **parent: Any
) -> None:
    """Make ``existing`` (the rows of one lab or workshop) the ``rows`` given, in their order:
    update those with a ``pk`` of the same parent, create the new ones, delete the others."""
    kept = []
    known = {item.pk: item for item in existing}
    for position, row in enumerate(rows):
        item = known.get(row.pk) if row.pk is not None else None
        if item is None:
            item = existing.model(**parent)
        for name in fields:
            setattr(item, name, getattr(row, name))
        if hasattr(item, "position"):
            item.position = position
        item.save()
        if hasattr(row, "leaders"):
            item.leaders.set(row.leaders)
        kept.append(item.pk)
    existing.exclude(pk__in=kept).delete()


@transaction.atomic
def do_create_lab(
    *,
    actor: User,
    values: LabValues,
    results: Sequence[ResultRow] = (),
    documents: Sequence[DocumentRow] = (),
) -> Lab:
    """Create a lab; ``actor`` is its organiser when the values name none."""
    if not actor.is_organiser:
        raise LabError(_("Only organisers can create labs."))
    check_values(values)
    lab = Lab()
    _apply(lab, values, actor=actor)
    _replace_rows(lab.expected_results.all(), results, ["text"], lab=lab)
    _replace_rows(lab.documents.all(), documents, ["title", "description", "url"], lab=lab)
    return lab


@transaction.atomic
def do_update_lab(
    *,
    actor: User,
    lab: Lab,
    values: LabValues,
    results: Sequence[ResultRow] | None = None,
    documents: Sequence[DocumentRow] | None = None,
) -> Lab:
    """Change what the invitation says of a lab, who runs it, its expected results and
    background documents. Only the lab's organisers do; a lab keeps at least one organiser.
    Results or documents given as None stay as they are. Its workshops change by
    :func:`do_create_workshop`, :func:`do_update_workshop`, :func:`do_move_workshop` and
    :func:`do_cancel_workshop`."""
    lab = Lab.objects.select_for_update().get(pk=lab.pk)
    check_can_edit(actor=actor, lab=lab)
    check_values(values, lab=lab)
    _apply(lab, values, actor=actor)
    if results is not None:
        _replace_rows(lab.expected_results.all(), results, ["text"], lab=lab)
    if documents is not None:
        _replace_rows(lab.documents.all(), documents, ["title", "description", "url"], lab=lab)
    return lab


@transaction.atomic
def do_update_workshop(
    *, actor: User, workshop: Workshop, title: str, meeting_link: str, program: Sequence[ProgramRow]
) -> Workshop:
    """Change a workshop's title, meeting link and program. Its time, place and format change
    only by :func:`do_move_workshop`, which tells the registered."""
    workshop = Workshop.objects.select_for_update().select_related("lab").get(pk=workshop.pk)
    check_can_edit(actor=actor, lab=workshop.lab)
    for row in program:
        if row.ends <= row.starts:
            raise LabError(_("A program item must end after it starts."))
    workshop.title, workshop.meeting_link = title, meeting_link
    workshop.save(update_fields=["title", "meeting_link"])
    fields = ["starts", "ends", "title", "kind", "description", "is_highlight"]
    _replace_rows(workshop.program.all(), program, fields, workshop=workshop)
    return workshop


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
    keep: Collection[str] = (),
) -> WorkshopChange | None:
    """Move a workshop to a new time, place or format.

    Every registration stays valid; each registered person is emailed once with the old and new
    time and an updated calendar file. The dates tied to the workshop that are still to come
    (:mod:`larlabb.labs.dependents`: assignments due, survey rounds) shift by as much as it
    moves, except those whose keys are in ``keep``. A move that changes nothing is not recorded
    and sends nothing. Returns the recorded change, or None when nothing changed.
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
        follows = dependents.follows(
            workshop, starts_at=starts_at, ends_at=ends_at, now=timezone.now()
        )
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
        dependents.shift(workshop, follows, keep=keep)
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
    calendars: dict[str, Attachment] = {}  # one calendar file per language, in its words

    def calendar_in(language: str) -> Attachment:
        if language not in calendars:
            calendars[language] = Attachment(
                filename=calendar_filename(lab, workshop),
                content=workshop_calendar(workshop, language=language).decode(),
                mimetype="text/calendar",
            )
        return calendars[language]

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
            email=render_email(
                EMAIL_TEMPLATES[WorkshopChange.Kind(change.kind)], context, person.language
            ),
            attachments=[calendar_in(person.language)],
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
