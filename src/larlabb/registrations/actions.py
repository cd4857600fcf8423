"""Writes on registrations. The per-organisation limit is held in the database transaction:
the organisation's row is locked while its places are counted, so two people pressing the
button at the same moment for the last place cannot both get it."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.accounts.actions import (
    address_in_organisation,
    domain_of,
    organisation_of_address,
    place_in_organisation,
    reminders_off_path,
)
from larlabb.accounts.models import User
from larlabb.accounts.queries import may_see_person
from larlabb.actors.models import EmailDomain, Organisation
from larlabb.audit.log import record
from larlabb.audit.models import Entry
from larlabb.core.emails import Attachment, queue_email, render_email
from larlabb.core.errors import Refused
from larlabb.labs.access import LabRole, has_role, is_organiser
from larlabb.labs.calendar import build_calendar, calendar_filename
from larlabb.labs.models import Lab, Workshop
from larlabb.registrations import rules
from larlabb.registrations.models import Attendance, OrganisationException, Registration
from larlabb.registrations.queries import exception_ids, invited_organisation_ids

COLLEAGUE_SALT = "larlabb.registrations.colleague"


def pending_days() -> int:
    """Days a colleague has to confirm a registration made for them before the place goes."""
    return settings.REGISTRATION_PENDING_DAYS


class RegistrationError(Refused):
    """A registration that the rules refuse."""


@dataclass(frozen=True)
class Answers:
    """What the registration form asks, as the invitation asks it."""

    title: str = ""
    knowledge: str = ""
    dietary_needs: str = ""
    travel_acknowledged: bool = False
    listed: bool = False


def first_start(lab: Lab) -> datetime.datetime | None:
    starts = [w.starts_at for w in lab.workshops.all() if not w.is_cancelled]
    return min(starts, default=None)


def check_may_register(
    *, actor: User, lab: Lab, person: User, organisation: Organisation, answers: Answers
) -> None:
    """Every rule but the limit (which needs the lock). Organisers of the lab may add people
    after the deadline."""
    organiser = is_organiser(actor, lab)
    if not lab.is_published and not organiser:
        raise RegistrationError(_("The lab is not open for registration."))
    if (
        not rules.is_open(now=timezone.now(), closes_at=lab.registration_closes_at)
        and not organiser
    ):
        raise RegistrationError(_("Registration closed on the last day to register."))
    if not rules.may_register_for(
        organisation.pk, members=invited_organisation_ids(lab), exceptions=exception_ids(lab)
    ):
        raise RegistrationError(
            _("%(organisation)s is not a member of the networks invited to this lab.")
            % {"organisation": organisation.display_name}
        )
    # Nothing here names another account's name or organisation: a colleague's registration
    # speaks of the address the actor typed.
    if person.organisation is not None and person.organisation != organisation:
        if person.pk == actor.pk:
            raise RegistrationError(
                _("You belong to %(organisation)s; people register for their own organisation.")
                % {"organisation": person.organisation.display_name}
            )
        raise RegistrationError(
            _("%(email)s cannot be registered for %(organisation)s.")
            % {"email": person.email, "organisation": organisation.display_name}
        )
    owner = organisation_of_address(person.email)
    if person.organisation is None and owner is not None and owner != organisation:
        # an address in one organisation's domain does not register for another
        if person.pk == actor.pk:
            raise RegistrationError(
                _("You belong to %(organisation)s; people register for their own organisation.")
                % {"organisation": owner.display_name}
            )
        raise RegistrationError(
            _("%(email)s cannot be registered for %(organisation)s.")
            % {"email": person.email, "organisation": organisation.display_name}
        )
    if person.pk != actor.pk and not organiser and actor.organisation_id != organisation.pk:
        raise RegistrationError(_("You can only register colleagues of your own organisation."))
    if not answers.travel_acknowledged:
        raise RegistrationError(_("Please confirm that you pay your own travel and lodging."))
    if lab.registrations.filter(person=person).exclude(status="cancelled").exists():
        raise RegistrationError(_already_registered(actor, person))


def _already_registered(actor: User, person: User) -> str:
    if person.pk == actor.pk:
        return _("You are already registered for this lab.")
    return _("%(email)s is already registered for this lab.") % {"email": person.email}


def belongs_to(person: User, organisation: Organisation) -> bool:
    """Whether the person's belonging to the organisation is known: their address is in its
    email domains, or their claim to it was approved."""
    if person.organisation_id == organisation.pk and person.organisation_verified:
        return True
    return address_in_organisation(person.email, organisation.pk)


def do_register(
    *,
    actor: User,
    lab: Lab,
    organisation: Organisation,
    answers: Answers,
    person: User | None = None,
    workshops: list[Workshop] | None = None,
    needs_consent: bool = False,
) -> Registration:
    """Register ``person`` (the actor by default) for ``lab``.

    A colleague registered by someone else waits for their own confirmation (``pending``) and
    holds the place meanwhile; when the organisation's places are taken the registration goes
    to the waiting list. A person whose organisation is not known to be theirs (see
    :func:`belongs_to`) waits for the organisers' approval (``unapproved``) and holds no place.
    Registrations by the lab's organisers are their word. Emails go through the outbox in the
    same transaction.
    """
    person = person or actor
    with transaction.atomic():
        lab = Lab.objects.get(pk=lab.pk)
        check_may_register(
            actor=actor, lab=lab, person=person, organisation=organisation, answers=answers
        )
        if workshops and not lab.allow_single_workshops:
            raise RegistrationError(_("This lab takes registrations for the whole series only."))
        # The lock that holds the limit: one transaction at a time counts this organisation.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        organiser = is_organiser(actor, lab)
        if organiser or belongs_to(person, organisation):
            status = _place_status(lab, organisation)
            if status == "confirmed" and person.pk != actor.pk and (needs_consent or not organiser):
                status = Registration.Status.PENDING
        else:
            status = Registration.Status.UNAPPROVED
        registration = _create(
            Registration(
                lab=lab,
                person=person,
                organisation=organisation,
                status=status,
                title=answers.title,
                knowledge=answers.knowledge,
                dietary_needs=answers.dietary_needs,
                travel_acknowledged=answers.travel_acknowledged,
                listed=answers.listed,
                registered_by=actor if person.pk != actor.pk else None,
                confirmed_at=timezone.now() if status == "confirmed" else None,
            )
        )
        if workshops:
            registration.workshops.set(workshops)
        vouched = organiser and not needs_consent
        if not person.organisation_id or (vouched and not person.organisation_verified):
            person.organisation = organisation
            person.organisation_verified = vouched or belongs_to(person, organisation)
            person.save(update_fields=["organisation", "organisation_verified"])
        if answers.title and not person.title:
            person.title = answers.title
            person.save(update_fields=["title"])
        _email_about(registration)
        if person.pk != actor.pk:
            _on_record(actor, registration, "registered", status=registration.status)
    return registration


def _on_record(
    actor: User | None, registration: Registration, change: str, **detail: object
) -> None:
    """A registration changed by someone else than its person, in the audit log."""
    record(
        actor=actor,
        action=Entry.Action.REGISTRATION_CHANGED,
        target=registration,
        lab=registration.lab,
        detail={"change": change, **detail},
    )


def _place_status(lab: Lab, organisation: Organisation) -> str:
    """Confirmed while the organisation has a place left, else waiting (the organisation's row
    is locked by the caller)."""
    taken = Registration.objects.filter(
        lab=lab, organisation=organisation, status__in=Registration.HOLDS_A_PLACE
    ).count()
    return rules.status_for_new(places_taken=taken, limit=lab.per_organisation_limit)


def _person(*, email: str, name: str, organisation: Organisation, language: str) -> User:
    """The person with ``email``, or a new one (who logs in by an emailed code)."""
    person = User.objects.filter(email__iexact=email).first()
    if person is None:
        person = User.objects.create_user(email, name=name, language=language)
        place_in_organisation(person, organisation.pk)
        person.save(update_fields=["organisation", "organisation_verified"])
    return person


@transaction.atomic
def do_register_colleague(
    *, actor: User, lab: Lab, email: str, name: str, answers: Answers
) -> Registration:
    """Register a colleague of one's own organisation (a new person if Lärlabb does not know
    the address); they confirm by the link in their email, and hold the place meanwhile. Only
    a person whose organisation is known to be theirs registers colleagues, and only with an
    address in the organisation's email domains."""
    organisation = actor.organisation
    if organisation is None:
        raise RegistrationError(_("Choose your organisation in your profile first."))
    if not belongs_to(actor, organisation):
        raise RegistrationError(
            _(
                "The organisers have not yet approved that you belong to %(organisation)s, so "
                "you cannot register colleagues yet."
            )
            % {"organisation": organisation.display_name}
        )
    domains = list(
        EmailDomain.objects.filter(organisation=organisation).values_list("domain", flat=True)
    )
    if not domains:
        raise RegistrationError(
            _(
                "Lärlabb does not know the email addresses of %(organisation)s. Ask the "
                "organisers to register your colleague."
            )
            % {"organisation": organisation.display_name}
        )
    if domain_of(email) not in domains:
        raise RegistrationError(
            _("Register your colleague with their address at %(domains)s.")
            % {"domains": _(" or ").join(domains)}
        )
    colleague = _person(email=email, name=name, organisation=organisation, language=actor.language)
    return do_register(
        actor=actor, lab=lab, organisation=organisation, answers=answers, person=colleague
    )


@transaction.atomic
def do_register_by_hand(
    *,
    actor: User,
    lab: Lab,
    email: str,
    name: str,
    organisation: Organisation,
    answers: Answers,
) -> Registration:
    """An organiser registers a person by hand (a new person if Lärlabb does not know the
    address), also after the deadline; the limit per organisation holds as for anyone."""
    if not is_organiser(actor, lab):
        raise RegistrationError(_("Only the lab's organisers register people by hand."))
    known = User.objects.filter(email__iexact=email).first()
    person = _person(
        email=email, name=name, organisation=organisation, language=settings.LANGUAGE_CODE
    )
    # someone Lärlabb knows who is not yet in the organiser's labs confirms it themselves, as
    # a colleague does: registering them must not bring their account into the organiser's reach
    consent = known is not None and not may_see_person(actor, known)
    return do_register(
        actor=actor,
        lab=lab,
        organisation=organisation,
        answers=answers,
        person=person,
        needs_consent=consent,
    )


def _create(registration: Registration) -> Registration:
    """Save a new registration; a double submit that races past the checks meets the
    database's one-active-registration constraint and gets the same message."""
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        raise RegistrationError(
            _already_registered(
                registration.registered_by or registration.person, registration.person
            )
        ) from error
    return registration


def colleague_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=COLLEAGUE_SALT)


def do_confirm_colleague(*, actor: User, token: str) -> Registration:
    """The colleague confirms a registration made for them (a link in their email)."""
    try:
        pk = signing.loads(token, salt=COLLEAGUE_SALT, max_age=pending_days() * 24 * 3600)
    except signing.BadSignature as error:
        raise RegistrationError(_("The confirmation link is not valid or has expired.")) from error
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().select_related("lab", "person").get(pk=pk)
        )
        if registration.person_id != actor.pk:
            raise RegistrationError(_("The confirmation link is for somebody else."))
        if registration.status == Registration.Status.PENDING:
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at = timezone.now()
            registration.save(update_fields=["status", "confirmed_at"])
            _email_about(registration)
        elif registration.status == Registration.Status.WAITING:
            # they want the place when it frees up: it becomes theirs without asking again
            registration.confirmed_at = timezone.now()
            registration.save(update_fields=["confirmed_at"])
        elif registration.status == Registration.Status.CANCELLED:
            raise RegistrationError(_("The registration was cancelled."))
    return registration


def do_cancel(*, actor: User, registration: Registration) -> Registration:
    """Cancel a registration: its person until the lab starts, its organisers at any time.
    The place goes to the first in line of the same organisation, who gets an email."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("lab", "person", "organisation")
            .get(pk=registration.pk)
        )
        lab = registration.lab
        organiser = is_organiser(actor, lab)
        if registration.person_id != actor.pk and not organiser:
            raise RegistrationError(_("You can only cancel your own registration."))
        if registration.status == Registration.Status.CANCELLED:
            return registration
        if not organiser and not rules.may_cancel(now=timezone.now(), starts_at=first_start(lab)):
            raise RegistrationError(
                _("The lab has started; ask the organisers to cancel your registration.")
            )
        Organisation.objects.select_for_update().filter(pk=registration.organisation_id).first()
        freed = registration.holds_a_place
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.cancelled_by = actor
        registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
        if freed:
            _promote_first_in_line(lab, registration.organisation)
        if registration.person_id != actor.pk:
            _on_record(actor, registration, "cancelled")
    return registration


def _promote_first_in_line(lab: Lab, organisation: Organisation) -> Registration | None:
    waiting = list(
        Registration.objects.filter(
            lab=lab, organisation=organisation, status=Registration.Status.WAITING
        ).values_list("pk", "created_at")
    )
    chosen = rules.first_in_line(waiting)
    if chosen is None:
        return None
    registration = Registration.objects.select_related("lab", "person", "registered_by").get(
        pk=chosen
    )
    by = registration.registered_by
    by_colleague = by is not None and by.pk != registration.person_id and not is_organiser(by, lab)
    if by_colleague and registration.confirmed_at is None:
        # a colleague registered them: the place is theirs once they confirm it, within
        # REGISTRATION_PENDING_DAYS from now
        registration.status = Registration.Status.PENDING
        registration.created_at = timezone.now()
        registration.save(update_fields=["status", "created_at"])
        _email_about(registration)
        return registration
    registration.status = Registration.Status.CONFIRMED
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at"])
    _email_about(registration, promoted=True)
    return registration


def do_decide_organisation(
    *, actor: User, registration: Registration, approve: bool
) -> Registration:
    """The lab's organisers approve or refuse a person's claim to their organisation.

    Approved, the person belongs to it from now on (in every lab) and the registration takes a
    place, or waits in line, as a new one would; refused, the registration is cancelled. Either
    way the person gets an email and the decision is in the audit log.
    """
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("lab", "person", "organisation")
            .get(pk=registration.pk)
        )
        lab = registration.lab
        if not is_organiser(actor, lab):
            raise RegistrationError(_("Only the lab's organisers approve organisations."))
        if registration.status != Registration.Status.UNAPPROVED:
            raise RegistrationError(_("The registration is not waiting for an approval."))
        person = registration.person
        Organisation.objects.select_for_update().filter(pk=registration.organisation_id).first()
        if approve:
            person.organisation = registration.organisation
            person.organisation_verified = True
            person.save(update_fields=["organisation", "organisation_verified"])
            registration.status = _place_status(lab, registration.organisation)
            if registration.status == Registration.Status.CONFIRMED:
                registration.confirmed_at = timezone.now()
            registration.save(update_fields=["status", "confirmed_at"])
            _email_about(registration)
        else:
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = timezone.now()
            registration.cancelled_by = actor
            registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
            _email_about(registration, refused=True)
        record(
            actor=actor,
            action=Entry.Action.ORGANISATION_APPROVED,
            target=registration,
            lab=lab,
            detail={
                "approved": approve,
                "organisation": registration.organisation.name,
                "person": person.email,
            },
        )
    return registration


def expire_pending(now: datetime.datetime) -> int:
    """Registrations made for a colleague who has not confirmed within
    ``REGISTRATION_PENDING_DAYS`` are cancelled; the place goes to the next in line. The one
    who registered them is told. Returns how many expired (the hourly tick runs this)."""
    before = now - datetime.timedelta(days=pending_days())
    expired = 0
    started = Workshop.objects.filter(starts_at__lte=now).values("lab")
    for pk in (
        Registration.objects.filter(status=Registration.Status.PENDING, created_at__lt=before)
        .exclude(lab__in=started)  # once a lab has begun, its places stay as they are
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(of=("self",))
                .select_related("lab", "person", "organisation", "registered_by")
                .get(pk=pk)
            )
            if registration.status != Registration.Status.PENDING:
                continue
            Organisation.objects.select_for_update().filter(pk=registration.organisation_id).first()
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
            _promote_first_in_line(registration.lab, registration.organisation)
            _email_expired(registration)
            _on_record(None, registration, "expired unconfirmed")
            expired += 1
    return expired


@transaction.atomic
def do_grant_exception(
    *, actor: User, lab: Lab, organisation: Organisation
) -> OrganisationException:
    """Let an organisation outside the invited networks register (the lab's organisers)."""
    if not is_organiser(actor, lab):
        raise RegistrationError(_("Only the lab's organisers can grant exceptions."))
    exception, _created = OrganisationException.objects.get_or_create(
        lab=lab, organisation=organisation, defaults={"granted_by": actor}
    )
    return exception


def do_check_in(*, actor: User, workshop: Workshop, registration: Registration) -> Attendance:
    """A facilitator marks a registered person as present (once; repeating changes nothing)."""
    if not has_role(actor, workshop.lab, LabRole.LEADER):
        raise RegistrationError(_("Only the lab's organisers and leaders check people in."))
    attendance = _check_in(workshop, registration, actor)
    _on_record(actor, registration, "checked in", workshop=workshop.number)
    return attendance


def do_self_check_in(*, actor: User, workshop: Workshop, code: str) -> Attendance:
    """A participant checks in with the code shown in the room, on the workshop's day."""
    if not rules.is_workshop_day(
        now=timezone.now(), starts_at=workshop.starts_at, ends_at=workshop.ends_at
    ):
        raise RegistrationError(_("Checking in opens on the day of the workshop."))
    if code.strip().upper() != workshop.checkin_code:
        raise RegistrationError(_("The code is not right. Check the code shown in the room."))
    registration = (
        Registration.objects.filter(
            lab=workshop.lab, person=actor, status=Registration.Status.CONFIRMED
        )
        .prefetch_related("workshops")
        .first()
    )
    if registration is None:
        raise RegistrationError(_("You are not registered for this lab."))
    return _check_in(workshop, registration, actor)


def _check_in(workshop: Workshop, registration: Registration, actor: User) -> Attendance:
    if registration.lab_id != workshop.lab_id or registration.status != "confirmed":
        raise RegistrationError(_("Only confirmed registrations can be checked in."))
    if not registration.covers(workshop):
        raise RegistrationError(_("The registration does not include this workshop."))
    if workshop.is_cancelled:
        raise RegistrationError(_("The workshop is cancelled."))
    with transaction.atomic():
        attendance, _created = Attendance.objects.get_or_create(
            workshop=workshop, registration=registration, defaults={"checked_in_by": actor}
        )
    return attendance


# --- Emails ------------------------------------------------------------------------------

EMAILS = {
    Registration.Status.CONFIRMED: "registration_confirmed",
    Registration.Status.WAITING: "registration_waiting",
    Registration.Status.PENDING: "registration_colleague",
    Registration.Status.UNAPPROVED: "registration_unapproved",
}


def _email_about(
    registration: Registration, *, promoted: bool = False, refused: bool = False
) -> None:
    """Queue the email that a registration's new state calls for, once per state."""
    person, lab = registration.person, registration.lab
    status = Registration.Status(registration.status)
    if refused:
        template = "registration_refused"
    else:
        template = "registration_promoted" if promoted else EMAILS[status]
    context = {
        "person": person,
        "lab": lab,
        "registration": registration,
        "workshops": list(lab.workshops.all()),
        "confirm_path": reverse(
            "registrations:confirm-colleague", kwargs={"token": colleague_token(registration)}
        ),
        "unsubscribe_path": reminders_off_path(person),
        "days": pending_days(),
    }
    attachments = []
    if registration.status == Registration.Status.CONFIRMED:
        attachments.append(
            Attachment(
                filename=calendar_filename(lab),
                content=build_calendar(lab, lab.workshops.all(), language=person.language).decode(),
                mimetype="text/calendar",
            )
        )
    queue_email(
        key=f"registration:{registration.pk}:{template}",
        to=person.email,
        email=render_email(template, context, person.language),
        attachments=attachments,
    )


def _email_expired(registration: Registration) -> None:
    """To the one who registered a colleague: the colleague did not confirm in time."""
    by = registration.registered_by
    if by is None:
        return
    queue_email(
        key=f"registration:{registration.pk}:registration_expired",
        to=by.email,
        email=render_email(
            "registration_expired",
            {
                "person": by,
                "colleague": registration.person,
                "lab": registration.lab,
                "days": pending_days(),
            },
            by.language,
        ),
    )
