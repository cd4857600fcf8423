"""Reads of labs and workshops, each with its permission check."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from larlabb.accounts.http import Visitor
from larlabb.accounts.models import User
from larlabb.labs.access import LabRole, access_lab, is_staff
from larlabb.labs.models import Lab, ProgramItem, Workshop, WorkshopChange


def list_labs(user: Visitor) -> QuerySet[Lab]:
    """The labs a user may see on the start page: published ones, and their own drafts."""
    labs = Lab.objects.prefetch_related("hosts", "workshops")
    if is_staff(user):
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


def get_lab_for_page(user: Visitor, slug: str, *, need: LabRole = LabRole.OUTSIDER) -> Lab:
    """A lab with everything its invitation page shows, for ``user`` with at least the role
    ``need`` (see :func:`larlabb.labs.access.access_lab`)."""
    return access_lab(user, slug, need=need, labs=_lab_page_queryset())


def get_workshop(lab: Lab, number: int) -> Workshop:
    for workshop in lab.workshops.all():
        if workshop.number == number:
            return workshop
    raise Http404


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
