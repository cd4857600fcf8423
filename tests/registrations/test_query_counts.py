"""The registration pages take the same number of queries for 10 and for 1,000 registrations
(organisations, people and check-ins grow with them)."""

import pytest
from django.urls import reverse

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.registrations.models import Attendance, Registration

pytestmark = pytest.mark.django_db


def crowd(lab, workshop, size: int) -> None:
    """``size`` confirmed, listed registrations, each of its own invited organisation, half of
    them for the first workshop only, a third checked in (bulk, for speed)."""
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Org {n}", kind="region" if n % 2 else "agency") for n in range(size)
    )
    lab.invited_networks.first().members.add(*organisations)
    people = [
        User(email=f"p{n}@example.org", name=f"P {n}", organisation=organisation)
        for n, organisation in enumerate(organisations)
    ]
    for person in people:
        person.set_unusable_password()
    people = User.objects.bulk_create(people)
    registrations = Registration.objects.bulk_create(
        Registration(lab=lab, person=person, organisation=person.organisation, listed=True)
        for person in people
    )
    Registration.workshops.through.objects.bulk_create(
        Registration.workshops.through(registration=registration, workshop=workshop)
        for registration in registrations[::2]
    )
    Attendance.objects.bulk_create(
        Attendance(workshop=workshop, registration=registration)
        for registration in registrations[::3]
    )


# page: (who looks, URL name, extra URL arguments, queries, what the page shows of the crowd)
PAGES = {
    # the overview lists the registrations awaiting approval of their organisation: one query
    "overview": ("olle", "registrations:overview", {}, 12, "P {last}"),
    # the export goes on record in the audit log: one query
    "export": ("olle", "registrations:overview-export", {"fmt": "csv"}, 11, "P {last}"),
    # the day list and check-in ask whether the viewer is an organiser (dietary needs): one query
    "day list": ("olle", "registrations:day-list", {"number": 1}, 7, "P {last}"),
    "check-in": ("olle", "registrations:check-in", {"number": 1}, 7, "P {last}"),
    "participant list": ("sanna", "registrations:participants", {}, 6, "P {last}"),
    # the registration page lists the lab's workshops when the person chose none: one query
    "own registration": ("sanna", "registrations:register", {}, 10, "Region Skåne"),
}


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize("page", PAGES)
def test_a_registration_pages_query_count_does_not_grow_with_the_registrations(
    client, lab, workshops, sanna_participant, region_skane, django_assert_num_queries, page, size
):
    who, name, extra, queries, shows = PAGES[page]
    lab.show_participant_list = True
    lab.save()
    lab.invited_networks.first().members.add(region_skane)
    Registration.objects.create(
        lab=lab, person=sanna_participant, organisation=region_skane, listed=True
    )
    crowd(lab, workshops[0], size)
    viewer = sanna_participant if who == "sanna" else User.objects.get(email="olle@example.org")
    client.force_login(viewer)
    url = reverse(name, kwargs={"slug": lab.slug, **extra})

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    assert shows.format(last=size - 1) in response.content.decode()
