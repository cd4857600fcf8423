"""Reads of labs and workshops, each with its permission check."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from larlabb.accounts.models import User
from larlabb.labs.models import Lab, ProgramItem, Workshop, WorkshopChange


def can_edit_lab(user: User, lab: Lab) -> bool:
    """Only the lab's own organisers (and staff) edit a lab and move its workshops."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == User.Role.STAFF and user.is_staff:
        return True
    return lab.organisers.filter(pk=user.pk).exists()


def list_labs(user: User) -> QuerySet[Lab]:
    """The labs a user may see on the start page: published ones, and their own drafts."""
    labs = Lab.objects.prefetch_related("hosts", "workshops")
    if user.is_authenticated and user.role == User.Role.STAFF and user.is_staff:
        return labs
    if user.is_authenticated:
        return labs.filter(Q(is_published=True) | Q(organisers=user)).distinct()
    return labs.filter(is_published=True)


def _lab_page_queryset() -> QuerySet[Lab]:
    people = User.objects.select_related("organisation")
    program = ProgramItem.objects.prefetch_related(Prefetch("leaders", queryset=people))
    return Lab.objects.prefetch_related(
        "hosts",
        "invited_networks",
        "expected_results",
        "documents",
        Prefetch("leaders", queryset=people),
        Prefetch("contacts", queryset=people),
        Prefetch(
            "workshops",
            queryset=Workshop.objects.prefetch_related(
                Prefetch("program", queryset=program),
                Prefetch("changes", queryset=WorkshopChange.objects.order_by("created_at")),
            ),
        ),
    )


def get_lab_for_page(user: User, slug: str) -> Lab:
    """A lab with everything its invitation page shows; drafts only for those who edit it."""
    lab = _lab_page_queryset().filter(slug=slug).first()
    if lab is None or (not lab.is_published and not can_edit_lab(user, lab)):
        raise Http404
    return lab


def access_lab_for_edit(user: User, slug: str) -> Lab:
    """The lab, for one of its organisers; anyone else gets PermissionDenied."""
    lab = Lab.objects.filter(slug=slug).first()
    if lab is None:
        raise Http404
    if not can_edit_lab(user, lab):
        raise PermissionDenied
    return lab


def get_workshop(lab: Lab, number: int) -> Workshop:
    for workshop in lab.workshops.all():
        if workshop.number == number:
            return workshop
    raise Http404


def access_workshop_for_edit(user: User, slug: str, number: int) -> Workshop:
    lab = access_lab_for_edit(user, slug)
    workshop = Workshop.objects.filter(lab=lab, number=number).select_related("lab").first()
    if workshop is None:
        raise Http404
    return workshop


def next_workshop(lab: Lab) -> Workshop | None:
    """The next workshop that is not cancelled or over (from the prefetched workshops)."""
    upcoming = [w for w in lab.workshops.all() if not w.is_cancelled and not w.is_past]
    return min(upcoming, key=lambda w: w.starts_at, default=None)


def program_highlights(lab: Lab) -> list[str]:
    """Distinct titles of the highlighted program items, in program order."""
    titles: list[str] = []
    for workshop in lab.workshops.all():
        for item in workshop.program.all():
            if item.is_highlight and item.title not in titles:
                titles.append(item.title)
    return titles
