"""Reads of registrations, with their permission checks."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from larlabb.accounts.http import Visitor
from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.labs.access import is_organiser
from larlabb.labs.models import Lab, Workshop
from larlabb.registrations.models import Attendance, OrganisationException, Registration


def list_registered_people(lab: Lab, workshop: Workshop | None = None) -> QuerySet[User]:
    """The people with a confirmed registration for ``lab`` (for ``workshop``, if given)."""
    registrations = Registration.objects.filter(lab=lab, status=Registration.Status.CONFIRMED)
    if workshop is not None:
        registrations = registrations.filter(Q(workshops=None) | Q(workshops=workshop))
    return User.objects.filter(pk__in=registrations.values("person")).order_by("name")


def people_to_choose(lab: Lab, viewer: User | None, keep: Iterable[int] = ()) -> QuerySet[User]:
    """The people ``viewer`` may pick in a lab's forms (a contact person, an owner, a person
    responsible), and so sees listed: for the lab's organisers (or no viewer) everyone in the
    lab; for anyone else the organisers and workshop leaders, the participants who agreed to be
    listed (``Registration.listed``), themselves, and those already chosen (``keep``)."""
    ids = set(lab.organisers.values_list("pk", flat=True))
    ids |= set(lab.leaders.values_list("pk", flat=True))
    if viewer is None or is_organiser(viewer, lab):
        ids |= set(list_registered_people(lab).values_list("pk", flat=True))
    else:
        listed = Registration.objects.filter(
            lab=lab, status=Registration.Status.CONFIRMED, listed=True
        )
        ids |= set(listed.values_list("person_id", flat=True))
        ids |= {viewer.pk, *keep}
    return User.objects.filter(pk__in=ids, is_active=True).select_related("organisation")


def list_concerned_people(workshop: Workshop) -> QuerySet[User]:
    """The people a change of ``workshop`` concerns: those registered for the whole series or
    for this workshop, confirmed or waiting for their own confirmation (a colleague registered
    by someone else). Not the waiting list, not the cancelled, not those registered only for
    another workshop of the lab."""
    registrations = Registration.objects.filter(
        lab_id=workshop.lab_id,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.PENDING],
    ).filter(Q(workshops=None) | Q(workshops=workshop))
    return User.objects.filter(pk__in=registrations.values("person")).order_by("name")


class LabParticipants:
    """The registrations' answers to who takes part in a lab, for the labs app
    (:mod:`larlabb.labs.participants`; registered by ``RegistrationsConfig.ready``)."""

    def takes_part(self, user: Visitor, lab: Lab) -> bool:
        return is_registered(user, lab)

    def concerned_by(self, workshop: Workshop) -> QuerySet[User]:
        return list_concerned_people(workshop)


def is_registered(user: Visitor, lab: Lab) -> bool:
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(
        lab=lab, person=user, status=Registration.Status.CONFIRMED
    ).exists()


def get_active_registration(user: Visitor, lab: Lab) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(lab=lab, person=user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("organisation")
        .prefetch_related("workshops")
        .first()
    )


def latest_registration(user: User) -> Registration | None:
    """The person's latest registration that keeps them in a lab (a place or the waiting list)."""
    return (
        Registration.objects.filter(
            person=user, status__in=[*Registration.HOLDS_A_PLACE, Registration.Status.WAITING]
        )
        .select_related("lab")
        .order_by("-created_at")
        .first()
    )


def invited_organisation_ids(lab: Lab) -> set[int]:
    """Members of the invited networks."""
    return set(
        Organisation.objects.filter(networks__in=lab.invited_networks.all()).values_list(
            "pk", flat=True
        )
    )


def exception_ids(lab: Lab) -> set[int]:
    return set(
        OrganisationException.objects.filter(lab=lab).values_list("organisation_id", flat=True)
    )


def eligible_organisations(lab: Lab) -> QuerySet[Organisation]:
    ids = invited_organisation_ids(lab) | exception_ids(lab)
    return Organisation.objects.filter(pk__in=ids).order_by("kind", "name")


def awaiting_approval(lab: Lab) -> list[Registration]:
    """Registrations whose person's organisation the organisers have still to approve."""
    return list(
        Registration.objects.filter(lab=lab, status=Registration.Status.UNAPPROVED)
        .select_related("person", "organisation")
        .order_by("created_at", "pk")
    )


def access_registration(user: Visitor, pk: int) -> Registration:
    """A registration, for its person or the lab's organisers."""
    registration = (
        Registration.objects.select_related("lab", "person", "organisation").filter(pk=pk).first()
    )
    if registration is None:
        raise Http404
    if registration.person_id != user.pk and not is_organiser(user, registration.lab):
        raise PermissionDenied
    return registration


@dataclass
class Overview:
    """What the organisers' registration overview shows, computed from a few queries."""

    registrations: list[Registration]
    by_status: dict[str, int] = field(default_factory=dict)
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_network: dict[str, int] = field(default_factory=dict)
    by_organisation: list[tuple[Organisation, int, int]] = field(default_factory=list)
    missing: list[Organisation] = field(default_factory=list)
    attendance: list[tuple[Workshop, int]] = field(default_factory=list)


def registration_overview(lab: Lab, *, q: str = "", status: str = "") -> Overview:
    """Counts by status, organisation kind, network and organisation; which invited
    organisations have nobody yet; attendance per workshop. A constant number of queries."""
    everyone = list(
        Registration.objects.filter(lab=lab)
        .select_related("person", "organisation", "cancelled_by", "registered_by")
        .prefetch_related("workshops")
        .order_by("organisation__name", "created_at")
    )
    overview = Overview(registrations=everyone)
    active = [r for r in everyone if r.holds_a_place]
    overview.by_status = dict(Counter(r.status for r in everyone))
    overview.by_kind = sorted(Counter(r.organisation.get_kind_display() for r in active).items())
    networks = list(
        lab.invited_networks.prefetch_related(
            Prefetch("members", queryset=Organisation.objects.order_by("name"))
        )
    )
    placed = Counter(r.organisation_id for r in active)
    waiting = Counter(r.organisation_id for r in everyone if r.status == "waiting")
    seen: set[int] = set()
    for network in networks:
        members = list(network.members.all())
        overview.by_network[network.display_name] = sum(placed[m.pk] for m in members)
        for member in members:
            if not placed[member.pk] and member.pk not in seen:
                seen.add(member.pk)
                overview.missing.append(member)
    organisations = {r.organisation_id: r.organisation for r in everyone}
    overview.by_organisation = sorted(
        ((org, placed[pk], waiting[pk]) for pk, org in organisations.items()),
        key=lambda row: row[0].name,
    )
    counts = Counter(
        Attendance.objects.filter(workshop__lab=lab).values_list("workshop_id", flat=True)
    )
    overview.attendance = [(w, counts[w.pk]) for w in lab.workshops.all()]
    if q:
        needle = q.lower()
        overview.registrations = [
            r
            for r in everyone
            if needle in r.person.name.lower()
            or needle in r.person.email.lower()
            or needle in r.organisation.name.lower()
        ]
    if status:
        overview.registrations = [r for r in overview.registrations if r.status == status]
    return overview


def participants_for_day(workshop: Workshop) -> list[Registration]:
    """Confirmed registrations that include ``workshop``, with attendance, by name."""
    registrations = (
        Registration.objects.filter(lab=workshop.lab, status=Registration.Status.CONFIRMED)
        .filter(Q(workshops=None) | Q(workshops=workshop))
        .select_related("person", "organisation")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(workshop=workshop),
                to_attr="attended",
            )
        )
        .distinct()
        .order_by("person__name")
    )
    return list(registrations)


def public_participant_list(lab: Lab) -> list[Registration]:
    """Those who agreed to be listed, for the lab's other participants."""
    return list(
        Registration.objects.filter(lab=lab, status=Registration.Status.CONFIRMED, listed=True)
        .select_related("person", "organisation")
        .order_by("organisation__name", "person__name")
    )
