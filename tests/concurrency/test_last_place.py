"""The last place of an organisation under concurrent requests: exactly one person gets it.

Real parallel requests (two threads, each with its own database connection) against a real
PostgreSQL database. The count of places is slowed down so that both requests are certainly
inside their transactions at the same time: without the row lock both would get the place.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from larlabb.registrations import rules
from larlabb.registrations.models import Registration
from tests.factories import RegistrationFactory, UserFactory, WorkshopFactory, in_days

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the race test runs on PostgreSQL (CI runs the suite again with DATABASE_URL)")


def slow_status(original):
    def slowed(**kwargs):
        time.sleep(0.3)
        return original(**kwargs)

    return slowed


def test_two_people_pressing_at_once_for_the_last_place_get_one_place(
    lab, region_skane, monkeypatch
):
    WorkshopFactory(lab=lab, number=1, starts_at=in_days(30))
    RegistrationFactory(
        lab=lab, person=UserFactory(organisation=region_skane), organisation=region_skane
    )
    contenders = [
        UserFactory(organisation=region_skane, email=f"racer{n}@example.org") for n in (1, 2)
    ]
    monkeypatch.setattr(rules, "status_for_new", slow_status(rules.status_for_new))
    url = reverse("registrations:register", kwargs={"slug": lab.slug})
    barrier = threading.Barrier(len(contenders))
    statuses: list[int] = []

    def press(person) -> None:
        client = Client()
        client.force_login(person)
        barrier.wait()
        try:
            response = client.post(
                url,
                {
                    "organisation": region_skane.pk,
                    "title": "RUS-samordnare",
                    "knowledge": "both",
                    "travel_acknowledged": "on",
                },
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(person,)) for person in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302, 302]
    racers = Registration.objects.filter(person__in=contenders)
    assert sorted(racers.values_list("status", flat=True)) == ["confirmed", "waiting"]
    assert Registration.objects.filter(organisation=region_skane, status="confirmed").count() == 2


def test_the_same_person_pressing_twice_at_once_gets_one_registration(
    lab, region_skane, sanna_participant
):
    WorkshopFactory(lab=lab, number=1, starts_at=in_days(30))
    url = reverse("registrations:register", kwargs={"slug": lab.slug})
    barrier = threading.Barrier(2)

    def press() -> None:
        client = Client()
        client.force_login(sanna_participant)
        barrier.wait()
        try:
            client.post(
                url,
                {
                    "organisation": region_skane.pk,
                    "title": "x",
                    "knowledge": "both",
                    "travel_acknowledged": "on",
                },
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert Registration.objects.filter(person=sanna_participant).count() == 1
