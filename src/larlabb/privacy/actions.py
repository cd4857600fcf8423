"""Writes about personal data: the controller's details, deleting an account (by its person,
or by a lab's organisers on the person's request), and the anonymising both deletion and
retention (:mod:`larlabb.privacy.retention`) share.

An account is deleted by anonymising it, not by removing its row: what the person gave to shared
results (notes, votes, scores, survey answers, their place in attendance counts) stays, tied to
an account with no name, no address and no way to log in, shown as "Borttagen deltagare"; what
was theirs alone (submissions and their files, reflections, dietary needs, emails) goes. The
address is free again: it can open a new, empty account.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.audit.log import record
from larlabb.audit.models import Entry
from larlabb.core.emails import NOWHERE, is_nowhere
from larlabb.core.errors import Refused
from larlabb.core.models import OutgoingEmail
from larlabb.labs.access import is_organiser, is_staff
from larlabb.labs.models import Lab, ProgramItem
from larlabb.live.models import Event, Participant
from larlabb.outcomes.models import Reflection, Response, Submission
from larlabb.privacy.models import Controller
from larlabb.registrations.actions import do_cancel
from larlabb.registrations.models import Registration


class PrivacyError(Refused):
    """A change of personal data that the rules refuse."""


# --- The controller -------------------------------------------------------------------------


def get_controller() -> Controller:
    """The site's controller of personal data; an empty one (not stored) until it is set."""
    return Controller.objects.filter(pk=1).first() or Controller(pk=1)


@dataclass(frozen=True)
class ControllerValues:
    name: str
    email: str
    phone: str = ""
    address: str = ""
    protection_officer: str = ""


def check_may_set_controller(*, actor: User) -> None:
    if not actor.is_organiser:
        raise PrivacyError(_("Only organisers can change who is responsible for personal data."))


@transaction.atomic
def do_set_controller(*, actor: User, values: ControllerValues) -> Controller:
    check_may_set_controller(actor=actor)
    controller, _created = Controller.objects.select_for_update().get_or_create(pk=1)
    controller.name, controller.email = values.name, values.email
    controller.phone, controller.address = values.phone, values.address
    controller.protection_officer = values.protection_officer
    controller.save()
    record(
        actor=actor,
        action=Entry.Action.CONTROLLER_CHANGED,
        target=controller,
        detail={"name": values.name, "email": values.email},
    )
    return controller


# --- Anonymising ----------------------------------------------------------------------------


def deleted_label() -> str:
    """What a deleted person is shown as, in the site's language ("Borttagen deltagare"):
    the name is stored, and every page shows it as it shows a name."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Deleted participant")


def nowhere_address() -> str:
    """A fresh address no one reads, for an anonymised account (``core.emails.NOWHERE``)."""
    return f"{uuid.uuid4().hex}@{NOWHERE}"


def is_anonymised(user: User) -> bool:
    return is_nowhere(user.email)


def anonymous_account(organisation: Organisation | None) -> User:
    """A new account that stands in for a person whose data went: no name, no address, no way
    to log in; it keeps only the organisation, which the reports count by."""
    account = User.objects.create_user(
        nowhere_address(),
        name=deleted_label(),
        organisation=organisation,
        is_active=False,
        wants_reminders=False,
    )
    EmailAddress.objects.filter(user=account).delete()
    return account


def _renamed(value: Any, names: set[str], label: str) -> Any:
    """``value`` (an event's JSON) with every "author" or "name" that is one of ``names``
    replaced by ``label``."""
    if isinstance(value, dict):
        return {
            key: label
            if key in ("author", "name") and isinstance(item, str) and item in names
            else _renamed(item, names, label)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_renamed(item, names, label) for item in value]
    return value


def anonymise_participants(participants: list[Participant], *, user: User | None = None) -> int:
    """Take the names off people in live rooms: each is shown as a deleted participant from now
    on, also in the room's stored events (which a reconnecting screen is sent again); a guest's
    key goes, and ``user``, when given, becomes the account they stand for. Their notes, votes
    and ratings stay. Returns how many were anonymised."""
    label = deleted_label()
    names_by_room: dict[int, set[str]] = {}
    for participant in participants:
        if participant.name and participant.name != label:
            names_by_room.setdefault(participant.room_id, set()).add(participant.name)
        participant.name, participant.guest_key = label, ""
        if user is not None:
            participant.user = user
        participant.save(update_fields=["name", "guest_key", "user"])
    for room_id, names in names_by_room.items():
        events = Event.objects.filter(activity__room_id=room_id).only("pk", "data")
        for event in events.iterator():
            renamed = _renamed(event.data, names, label)
            if renamed != event.data:
                Event.objects.filter(pk=event.pk).update(data=renamed)
    return len(participants)


def forget_submissions(submissions: list[Submission]) -> None:
    """Delete submissions, and their files once the transaction has committed."""
    files = [(s.file.storage, s.file.name) for s in submissions if s.file]
    Submission.objects.filter(pk__in=[s.pk for s in submissions]).delete()

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)


# --- Deleting an account --------------------------------------------------------------------


def labs_organised_with(actor: User, person: User) -> list[Lab]:
    """The labs ``actor`` organises in which ``person`` has a registration of their own (not
    one someone else made that they have not confirmed)."""
    own = Registration.objects.filter(person=person).exclude(status=Registration.Status.PENDING)
    labs = Lab.objects.filter(registrations__in=own).distinct().order_by("title")
    return [lab for lab in labs if is_organiser(actor, lab)]


def check_may_delete(*, actor: User, person: User) -> None:
    """A person may delete their own account. Organisers may delete, on the person's request,
    a participant of one of their labs; staff may delete anyone but other staff. Nobody
    deletes an account that is deleted already."""
    if is_anonymised(person):
        raise PrivacyError(_("The account has already been deleted."))
    if actor.pk == person.pk:
        return
    if person.is_staff or person.role == User.Role.STAFF:
        raise PrivacyError(_("Staff accounts can only be deleted by their own holder."))
    if is_staff(actor):
        return
    if person.role != User.Role.PARTICIPANT or not labs_organised_with(actor, person):
        raise PrivacyError(
            _("Organisers can only delete the accounts of participants in their own labs.")
        )


def _cancel_places_to_come(person: User) -> None:
    """Give up the person's places in labs that have not started, so the waiting list moves
    on (in a lab that has started, the registration stays for its counts)."""
    active = Registration.objects.filter(person=person).exclude(
        status=Registration.Status.CANCELLED
    )
    for registration in active.select_related("lab"):
        try:
            do_cancel(actor=person, registration=registration)
        except Refused:
            continue


def do_delete_account(
    *, actor: User, person: User, reason: str = "", lab: Lab | None = None
) -> User:
    """Delete ``person``'s account as the module says; by an organiser, it is logged in the
    audit log (with ``reason`` and the lab the request came through). Returns the account as
    it is now (anonymised)."""
    check_may_delete(actor=actor, person=person)
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        check_may_delete(actor=actor, person=person)
        address = person.email
        _cancel_places_to_come(person)
        Registration.objects.filter(person=person).update(dietary_needs="", title="")
        forget_submissions(list(Submission.objects.filter(person=person)))
        Reflection.objects.filter(person=person).delete()
        Response.objects.filter(person=person).update(comment="")
        anonymise_participants(list(Participant.objects.filter(user=person)))
        for lab_field in (Lab.organisers, Lab.leaders, Lab.contacts, ProgramItem.leaders):
            lab_field.through.objects.filter(user=person).delete()
        OutgoingEmail.objects.filter(to__iexact=address).delete()
        EmailAddress.objects.filter(Q(user=person) | Q(email__iexact=address)).delete()
        person.email, person.name, person.title = nowhere_address(), deleted_label(), ""
        person.role, person.is_active = User.Role.PARTICIPANT, False
        person.is_staff = person.is_superuser = person.wants_reminders = False
        person.last_login = None
        person.set_unusable_password()
        person.save()
        person.groups.clear()
        person.user_permissions.clear()
        by_other = actor.pk != person.pk
        record(
            actor=actor if by_other else None,
            action=Entry.Action.PERSON_DELETED,
            target=person,
            lab=lab,
            detail={
                "by": "organiser" if by_other else "themselves",
                "reason": reason[:500],
                "at": timezone.now().isoformat(),
            },
        )
    return person
