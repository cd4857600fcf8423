"""Who may do what in a lab: a person's role in it, and the one check every page makes.

A person's role in a lab is the highest of:

- ``ORGANISER``: one of the lab's organisers, or Lärlabb's staff (role staff with admin access);
- ``LEADER``: one of the lab's workshop leaders;
- ``PARTICIPANT``: a confirmed registration (asked of :mod:`larlabb.labs.participants`);
- ``OUTSIDER``: anyone else, including visitors who are not logged in and deactivated accounts.

A lab that is not published exists only for its members (participants and up): anyone else gets
404 for it. A member whose role is below what a page needs gets 403.
"""

from enum import IntEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from larlabb.accounts.http import Visitor
from larlabb.accounts.models import User
from larlabb.labs import participants
from larlabb.labs.models import Lab, Workshop


class LabRole(IntEnum):
    OUTSIDER = 0
    PARTICIPANT = 1
    LEADER = 2
    ORGANISER = 3

    @property
    def label(self) -> str:
        return str(LABELS[self])


LABELS = {
    LabRole.OUTSIDER: _("Outsider"),
    LabRole.PARTICIPANT: _("Participant"),
    LabRole.LEADER: _("Workshop leader"),
    LabRole.ORGANISER: _("Organiser"),
}


def is_staff(user: Visitor) -> bool:
    """Lärlabb's own staff, who organise every lab."""
    return bool(
        user.is_authenticated and user.is_active and user.role == User.Role.STAFF and user.is_staff
    )


def role_in_lab(user: Visitor, lab: Lab) -> LabRole:
    """The highest role ``user`` has in ``lab`` (one query, two for a participant or outsider)."""
    if not user.is_authenticated or not user.is_active:
        return LabRole.OUTSIDER
    if is_staff(user):
        return LabRole.ORGANISER
    organisers, leaders = Lab.organisers.through.objects, Lab.leaders.through.objects
    found = (
        Lab.objects.filter(pk=lab.pk)
        .annotate(
            organiser=Exists(organisers.filter(lab_id=OuterRef("pk"), user_id=user.pk)),
            leader=Exists(leaders.filter(lab_id=OuterRef("pk"), user_id=user.pk)),
        )
        .values_list("organiser", "leader")
        .first()
    )
    organiser, leader = found or (False, False)
    if organiser:
        return LabRole.ORGANISER
    if leader:
        return LabRole.LEADER
    if participants.takes_part(user, lab):
        return LabRole.PARTICIPANT
    return LabRole.OUTSIDER


def has_role(user: Visitor, lab: Lab, need: LabRole) -> bool:
    """Whether ``user`` has at least the role ``need`` in ``lab``."""
    if need == LabRole.OUTSIDER:
        return True
    return role_in_lab(user, lab) >= need


def is_member(user: Visitor, lab: Lab) -> bool:
    """Whether ``user`` is one of the lab's members: a participant, a leader or an organiser."""
    return has_role(user, lab, LabRole.PARTICIPANT)


def is_organiser(user: Visitor, lab: Lab) -> bool:
    return has_role(user, lab, LabRole.ORGANISER)


def check_visible(lab: Lab, role: LabRole, need: LabRole) -> None:
    """404 for a draft lab to anyone but its members; 403 below ``need``."""
    if not lab.is_published and role < LabRole.PARTICIPANT:
        raise Http404
    if role < need:
        raise PermissionDenied


def access_lab(
    user: Visitor, slug: str, *, need: LabRole = LabRole.OUTSIDER, labs: QuerySet[Lab] | None = None
) -> Lab:
    """The lab ``slug`` for ``user``, who needs at least the role ``need``; ``labs`` is the
    queryset to take it from (with what the page prefetches)."""
    lab = (labs if labs is not None else Lab.objects.all()).filter(slug=slug).first()
    if lab is None:
        raise Http404
    check_visible(lab, role_in_lab(user, lab), need)
    return lab


def access_workshop(
    user: Visitor, slug: str, number: int, *, need: LabRole = LabRole.OUTSIDER
) -> Workshop:
    """Workshop ``number`` of the lab ``slug`` (with its lab), for at least the role ``need``."""
    workshop = Workshop.objects.select_related("lab").filter(lab__slug=slug, number=number).first()
    if workshop is None:
        raise Http404
    check_visible(workshop.lab, role_in_lab(user, workshop.lab), need)
    return workshop
