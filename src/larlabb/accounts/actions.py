"""Writes on people: organisers add the people a lab names (leaders, contacts, participants)."""

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.core.emails import queue_email, render_email
from larlabb.core.errors import Refused


class AccountError(Refused):
    """A change to a person that the rules refuse."""


def check_can_manage_people(*, actor: User) -> None:
    if not actor.is_organiser:
        raise AccountError(_("Only organisers can add and edit people."))


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
    """Create a person (``person`` None) or update one. Only staff give the staff role or edit
    organisers; nobody changes the email address (the login) of an existing person here."""
    check_can_manage_people(actor=actor)
    email = values.email.strip().lower()
    if values.role not in User.Role.values:
        raise AccountError(_("Unknown role."))
    if values.role == User.Role.STAFF and actor.role != User.Role.STAFF:
        raise AccountError(_("Only staff can give the staff role."))
    if person is None:
        if User.objects.filter(email__iexact=email).exists():
            raise AccountError(_("A person with this email address already exists."))
        person = User(email=email)
        person.set_unusable_password()
    else:
        person = User.objects.select_for_update().get(pk=person.pk)
        protected = {User.Role.ORGANISER, User.Role.STAFF}
        if person.role in protected and actor.role != User.Role.STAFF:
            raise AccountError(_("Only staff can edit organisers."))
        if person.email != email:
            raise AccountError(_("The email address of an existing person cannot be changed."))
    person.name = values.name
    person.organisation_id = values.organisation_id
    person.title = values.title
    person.role = values.role
    person.language = values.language
    person.save()
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
    actor.organisation_id = values.organisation_id
    actor.save(update_fields=["name", "organisation"])
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
    actor.organisation_id = values.organisation_id
    actor.title = values.title
    actor.language = values.language
    actor.wants_reminders = values.wants_reminders
    actor.save(update_fields=["name", "organisation", "title", "language", "wants_reminders"])
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
