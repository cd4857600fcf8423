"""One rule of who may see what in a lab (``larlabb.labs.access``), the same on every kind of
page: a person's role in the lab is the highest of organiser, workshop leader and participant
(a confirmed registration); a draft lab exists only for its members; a member below a page's
role is refused."""

import pytest
from django.http import Http404
from django.urls import reverse

from larlabb.accounts.models import User
from larlabb.labs.access import LabRole, access_lab, role_in_lab
from larlabb.registrations.models import Registration
from tests.factories import RegistrationFactory, UserFactory, WorkshopFactory, in_days

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "outsider", "waiting", "participant", "leader", "organiser", "staff"]


@pytest.fixture
def cast(lab, region_skane, olle_organiser, stina_staff) -> dict[str, User | None]:
    WorkshopFactory(lab=lab, number=1, starts_at=in_days(30))
    participant = UserFactory(email="p@example.org", organisation=region_skane)
    RegistrationFactory(lab=lab, person=participant, organisation=region_skane)
    waiting = UserFactory(email="w@example.org", organisation=region_skane)
    RegistrationFactory(
        lab=lab, person=waiting, organisation=region_skane, status=Registration.Status.WAITING
    )
    leader = UserFactory(email="l@example.org", role=User.Role.FACILITATOR)
    lab.leaders.add(leader)
    return {
        "visitor": None,
        "outsider": UserFactory(email="o@example.org", organisation=region_skane),
        "waiting": waiting,
        "participant": participant,
        "leader": leader,
        "organiser": olle_organiser,
        "staff": stina_staff,
    }


EXPECTED_ROLE = {
    "outsider": LabRole.OUTSIDER,
    "waiting": LabRole.OUTSIDER,  # a place on the waiting list is not a place in the lab
    "participant": LabRole.PARTICIPANT,
    "leader": LabRole.LEADER,
    "organiser": LabRole.ORGANISER,
    "staff": LabRole.ORGANISER,
}


@pytest.mark.parametrize("who", EXPECTED_ROLE)
def test_a_persons_role_in_the_lab(cast, lab, who):
    assert role_in_lab(cast[who], lab) == EXPECTED_ROLE[who]


@pytest.mark.parametrize("who", ["participant", "leader", "organiser"])
def test_a_deactivated_member_is_an_outsider(cast, lab, who):
    person = cast[who]
    person.is_active = False
    person.save()

    assert role_in_lab(person, lab) == LabRole.OUTSIDER


def test_an_unknown_lab_is_not_found(cast):
    with pytest.raises(Http404):
        access_lab(cast["organiser"], "finns-inte")


# The kinds of page, each with the role it needs: the public invitation, a members' page (the
# lab's learning), a leaders' page (the participant list for the day) and an organisers' page.
PAGES = {
    "public": ("labs:lab-detail", {}),
    "members": ("outcomes:learning", {}),
    "leaders": ("registrations:day-list", {"number": 1}),
    "organisers": ("labs:lab-manage", {}),
}

# What each role gets on each kind of page of a published lab. 302: the login page first.
PUBLISHED = {
    "visitor": {"public": 200, "members": 302, "leaders": 302, "organisers": 302},
    "outsider": {"public": 200, "members": 403, "leaders": 403, "organisers": 403},
    "waiting": {"public": 200, "members": 403, "leaders": 403, "organisers": 403},
    "participant": {"public": 200, "members": 200, "leaders": 403, "organisers": 403},
    "leader": {"public": 200, "members": 200, "leaders": 200, "organisers": 403},
    "organiser": {"public": 200, "members": 200, "leaders": 200, "organisers": 200},
    "staff": {"public": 200, "members": 200, "leaders": 200, "organisers": 200},
}


def get(client, lab, person: User | None, page: str) -> int:
    name, extra = PAGES[page]
    if person is not None:
        client.force_login(person)
    return client.get(reverse(name, kwargs={"slug": lab.slug, **extra})).status_code


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ROLES)
def test_each_role_on_each_kind_of_page(client, cast, lab, who, page):
    assert get(client, lab, cast[who], page) == PUBLISHED[who][page]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ROLES)
def test_a_draft_lab_exists_only_for_its_members(client, cast, lab, who, page):
    lab.is_published = False
    lab.save()
    expected = PUBLISHED[who][page]
    if who in {"outsider", "waiting"}:
        expected = 404  # not even its existence is shown
    if who == "visitor" and page == "public":
        expected = 404

    assert get(client, lab, cast[who], page) == expected
