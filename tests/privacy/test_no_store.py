"""Pages and exports with personal data are sent with Cache-Control: no-store."""

import pytest
from django.urls import get_resolver, reverse

from larlabb.privacy.middleware import PERSONAL_DATA_VIEWS
from larlabb.registrations.models import Registration
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_view_named_for_no_store_exists():
    names = set()
    resolver = get_resolver()
    for namespace, (_prefix, sub) in resolver.namespace_dict.items():
        names |= {f"{namespace}:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    assert PERSONAL_DATA_VIEWS - names == set()


def test_the_registration_list_and_its_exports(client, lab, olle_organiser, workshop):
    client.force_login(olle_organiser)
    for url in (
        reverse("registrations:overview", kwargs={"slug": lab.slug}),
        reverse("registrations:overview-export", kwargs={"slug": lab.slug, "fmt": "csv"}),
        reverse("registrations:day-list", kwargs={"slug": lab.slug, "number": 1}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url


def test_the_participant_list(client, lab, sanna_participant, region_skane):
    lab.show_participant_list = True
    lab.save()
    RegistrationFactory(
        lab=lab,
        person=sanna_participant,
        organisation=region_skane,
        status=Registration.Status.CONFIRMED,
    )
    client.force_login(sanna_participant)
    response = client.get(reverse("registrations:participants", kwargs={"slug": lab.slug}))
    assert response.status_code == 200
    assert no_store(response)


def test_the_own_data_pages(client, sanna_participant):
    client.force_login(sanna_participant)
    for name in ("privacy:own-data", "privacy:own-data-json", "privacy:own-data-zip"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert no_store(response), name


def test_a_public_page_may_be_kept(client, lab):
    assert not no_store(client.get(lab.get_absolute_url()))
