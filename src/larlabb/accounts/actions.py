"""Writes on people: organisers add the people a lab names (leaders, contacts, participants)."""

from django.core import signing
from django.db import transaction
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


@transaction.atomic
def do_save_person(*, actor: User, person: User) -> User:
    """Create or update a person. Only staff give the staff role or edit organisers; nobody
    changes the email address (the login) of an existing person here."""
    check_can_manage_people(actor=actor)
    if not person._state.adding:
        stored = User.objects.get(pk=person.pk)
        protected = {User.Role.ORGANISER, User.Role.STAFF}
        if stored.role in protected and actor.role != User.Role.STAFF:
            raise AccountError(_("Only staff can edit organisers."))
        if stored.email != person.email.lower():
            raise AccountError(_("The email address of an existing person cannot be changed."))
    if person.role == User.Role.STAFF and actor.role != User.Role.STAFF:
        raise AccountError(_("Only staff can give the staff role."))
    person.email = person.email.lower()
    if person._state.adding:
        person.set_unusable_password()
    person.save()
    return person


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


def queue_reminder(person: User, key: str, template: str, context: dict) -> bool:
    """Queue one reminder, once for ``key``, in the person's language, with the link that
    turns reminders off. Whether it was queued now (False: it had been already)."""
    context = {**context, "person": person, "unsubscribe_path": reminders_off_path(person)}
    return bool(
        queue_email(
            key=key, to=person.email, email=render_email(template, context, person.language)
        )
    )
