"""Writes on people: organisers add the people a lab names (leaders, contacts, participants)."""

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.accounts.queries import may_see_person, sees_everyone
from larlabb.audit.log import record
from larlabb.audit.models import Entry
from larlabb.core.emails import queue_email, render_email
from larlabb.core.errors import Refused


class AccountError(Refused):
    """A change to a person that the rules refuse."""


# --- A person's organisation ------------------------------------------------------------


def domain_of(email: str) -> str:
    """The domain of an email address, in lower case ("norrbotten.se")."""
    return email.rsplit("@", 1)[-1].strip().lower()


def _organisations() -> Any:
    """The organisations' model, reached through the person (accounts sit below actors)."""
    return User._meta.get_field("organisation").related_model


def organisation_of_address(email: str) -> Any:
    """The organisation whose email domain ``email`` is in, or None."""
    return _organisations().objects.filter(email_domains__domain=domain_of(email)).first()


def address_in_organisation(email: str, organisation_id: int) -> bool:
    """Whether ``email`` is in one of the email domains of the organisation."""
    domains = _organisations().objects.filter(
        pk=organisation_id, email_domains__domain=domain_of(email)
    )
    return bool(domains.exists())


def place_in_organisation(person: User, organisation_id: int | None) -> None:
    """Set the organisation a person says they belong to (not saved).

    It is verified when the person's email address is in one of its domains; a claim to another
    organisation waits for a lab's organisers (registrations hold no place until then). An
    address in one organisation's domain cannot claim another, and an approved claim stays
    approved while the organisation stays the same.
    """
    owner = organisation_of_address(person.email)
    if owner is not None and organisation_id is not None and organisation_id != owner.pk:
        raise AccountError(
            _("Your email address belongs to %(organisation)s. Choose it, or ask the organisers.")
            % {"organisation": owner.display_name}
        )
    if organisation_id != person.organisation_id:
        person.organisation_verified = False
    person.organisation_id = organisation_id
    if owner is not None and organisation_id == owner.pk:
        person.organisation_verified = True
    if organisation_id is None:
        person.organisation_verified = False


def check_can_manage_people(*, actor: User) -> None:
    if not actor.is_organiser:
        raise AccountError(_("Only organisers can add and edit people."))


def check_may_set_role(*, actor: User, person: User | None, role: str) -> None:
    """Roles are Lärlabb's staff's to give: an organiser adds a participant or a facilitator
    and changes nobody's role (their own included)."""
    if role not in User.Role.values:
        raise AccountError(_("Unknown role."))
    if sees_everyone(actor):
        return
    if person is None and role in {User.Role.ORGANISER, User.Role.STAFF}:
        raise AccountError(_("Only staff can make someone an organiser or staff."))
    if person is not None and role != person.role:
        raise AccountError(_("Only staff can change a person's role."))


def check_may_edit_person(*, actor: User, person: User) -> None:
    """An organiser edits the people of the labs they organise, and no organiser or staff."""
    if sees_everyone(actor):
        return
    if person.role in {User.Role.ORGANISER, User.Role.STAFF}:
        raise AccountError(_("Only staff can edit organisers."))
    if not may_see_person(actor, person):
        raise AccountError(_("You can edit only the people of the labs you organise."))


PERSON_FIELDS = ["name", "organisation_id", "title", "language"]
"""A person's details that an organiser may change, each change on record."""


def record_person_saved(*, actor: User, person: User, before: dict[str, Any] | None) -> None:
    """Put on record a role given (``before`` None: a new person) and the details someone
    changed of another person."""
    old_role = before["role"] if before is not None else ""
    if person.role != old_role and (before is not None or person.role != User.Role.PARTICIPANT):
        record(
            actor=actor,
            action=Entry.Action.ROLE_GRANTED,
            target=person,
            detail={"field": "role", "from": old_role, "to": person.role},
        )
    if before is None or person.pk == actor.pk:
        return
    changed = [field for field in PERSON_FIELDS if before[field] != getattr(person, field)]
    if changed:
        record(
            actor=actor,
            action=Entry.Action.PERSON_CHANGED,
            target=person,
            detail={"fields": [field.removesuffix("_id") for field in changed]},
        )


@dataclass(frozen=True)
class PersonValues:
    """What an organiser sets of a person the lab names."""

    name: str
    email: str
    organisation_id: int | None = None
    title: str = ""
    role: str = User.Role.PARTICIPANT
    language: str = User.Language.SWEDISH


@transaction.atomic
def do_save_person(*, actor: User, person: User | None, values: PersonValues) -> User:
    """Create a person (``person`` None) or update one. Only staff give roles or edit
    organisers, and an organiser edits only the people of their own labs; nobody changes the
    email address (the login) of an existing person here. Roles given and details changed are
    put on record (:func:`record_person_saved`)."""
    check_can_manage_people(actor=actor)
    email = values.email.strip().lower()
    check_may_set_role(actor=actor, person=person, role=values.role)
    before = None
    if person is None:
        if User.objects.filter(email__iexact=email).exists():
            raise AccountError(_("A person with this email address already exists."))
        person = User(email=email)
        person.set_unusable_password()
    else:
        person = User.objects.select_for_update().get(pk=person.pk)
        check_may_edit_person(actor=actor, person=person)
        check_may_set_role(actor=actor, person=person, role=values.role)
        before = {field: getattr(person, field) for field in ["role", *PERSON_FIELDS]}
        if person.email != email:
            raise AccountError(_("The email address of an existing person cannot be changed."))
    person.name = values.name
    if values.organisation_id != person.organisation_id:
        # an organiser's word places the person (unless their address says otherwise)
        place_in_organisation(person, values.organisation_id)
        person.organisation_verified = values.organisation_id is not None
    person.title = values.title
    person.role = values.role
    person.language = values.language
    person.save()
    record_person_saved(actor=actor, person=person, before=before)
    return person


def do_open_account(*, email: str, language: str) -> User:
    """The account of whoever asks for a login code with ``email``: theirs if they have one,
    else a new participant's, with no password and no name yet (the code proves the address;
    the name is asked once, right after). Two requests for the same new address at once open
    one account."""
    email = email.strip().lower()
    if language not in User.Language.values:
        language = User.Language.SWEDISH
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return User.objects.create_user(email, language=language)
    except IntegrityError:
        return User.objects.get(email__iexact=email)


@dataclass(frozen=True)
class IntroductionValues:
    """What a new person tells about themselves once, after their first code."""

    name: str
    organisation_id: int | None


@transaction.atomic
def do_introduce(*, actor: User, values: IntroductionValues) -> User:
    """A new person's name and organisation, asked once and kept in their profile."""
    name = values.name.strip()
    if not name:
        raise AccountError(_("Please give your name."))
    actor.name = name
    place_in_organisation(actor, values.organisation_id)
    actor.save(update_fields=["name", "organisation", "organisation_verified"])
    return actor


@dataclass(frozen=True)
class ProfileValues:
    """A person's own profile. The organisation is given by its id: accounts sit below actors."""

    name: str
    organisation_id: int | None
    title: str = ""
    language: str = User.Language.SWEDISH
    wants_reminders: bool = True


@transaction.atomic
def do_update_profile(*, actor: User, values: ProfileValues) -> User:
    """A person's own profile: name, organisation, title, language and reminders."""
    if not values.name.strip():
        raise AccountError(_("Please give your name."))
    if values.language not in User.Language.values:
        raise AccountError(_("Unknown language."))
    actor.name = values.name.strip()
    place_in_organisation(actor, values.organisation_id)
    actor.title = values.title
    actor.language = values.language
    actor.wants_reminders = values.wants_reminders
    actor.save(
        update_fields=[
            "name",
            "organisation",
            "organisation_verified",
            "title",
            "language",
            "wants_reminders",
        ]
    )
    return actor


def do_choose_language(*, actor: User, language: str) -> None:
    """Keep a logged-in person's choice of interface language in their profile."""
    if language not in User.Language.values:
        raise AccountError(_("Unknown language."))
    if actor.language != language:
        actor.language = language
        actor.save(update_fields=["language"])


REMINDERS_SALT = "larlabb.accounts.reminders-off"


def reminders_off_path(person: User) -> str:
    """The unsubscribe-from-reminders link that every email carries (no login needed)."""
    token = signing.dumps(person.pk, salt=REMINDERS_SALT)
    return reverse("accounts:reminders-off", kwargs={"token": token})


def do_turn_reminders_off(*, token: str) -> User:
    try:
        pk = signing.loads(token, salt=REMINDERS_SALT)
    except signing.BadSignature as error:
        raise AccountError(_("The link is not valid.")) from error
    person = User.objects.get(pk=pk)
    if person.wants_reminders:
        person.wants_reminders = False
        person.save(update_fields=["wants_reminders"])
    return person


def queue_reminder(person: User, key: str, template: str, context: dict[str, Any]) -> bool:
    """Queue one reminder, once for ``key``, in the person's language, with the link that
    turns reminders off. Whether it was queued now (False: it had been already)."""
    context = {**context, "person": person, "unsubscribe_path": reminders_off_path(person)}
    return bool(
        queue_email(
            key=key, to=person.email, email=render_email(template, context, person.language)
        )
    )
