"""The admin shows registrations; their state changes only through the actions."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from larlabb.registrations.models import OrganisationException, Registration
from tests.factories import OrganisationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_organisation(lab, region_skane):
    """Region Skåne with its two places taken and one person on the waiting list."""
    lab.per_organisation_limit = 2
    lab.save()

    def registration(email: str, status: str) -> Registration:
        person = UserFactory(email=email, organisation=region_skane)
        return RegistrationFactory(lab=lab, person=person, organisation=region_skane, status=status)

    return [
        registration("first@example.org", Registration.Status.CONFIRMED),
        registration("second@example.org", Registration.Status.CONFIRMED),
        registration("third@example.org", Registration.Status.WAITING),
    ]


def test_a_registrations_status_cannot_be_changed_in_the_admin(
    client, stina_staff, full_organisation
):
    waiting = full_organisation[2]
    client.force_login(stina_staff)
    url = reverse("admin:registrations_registration_change", args=[waiting.pk])

    page = client.get(url)
    client.post(url, {"status": Registration.Status.CONFIRMED, "lab": waiting.lab_id})

    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING  # the limit of two holds
    assert client.get(reverse("admin:registrations_registration_add")).status_code == 403


def test_cancelling_in_the_admin_gives_the_place_to_the_first_in_line(
    client, stina_staff, full_organisation
):
    first, _second, waiting = full_organisation
    client.force_login(stina_staff)

    response = client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "cancel", "_selected_action": [first.pk]},
    )

    assert response.status_code == 302
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert first.cancelled_by == stina_staff
    assert waiting.status == Registration.Status.CONFIRMED  # promoted, as on the lab's pages


def test_an_exception_granted_in_the_admin_is_only_for_ones_own_labs(client, other_organiser, lab):
    other_organiser.is_staff = True
    other_organiser.save()
    other_organiser.user_permissions.set(
        Permission.objects.filter(codename__endswith="organisationexception")
    )
    outsider = OrganisationFactory(name="Kommunen")
    client.force_login(other_organiser)

    response = client.post(
        reverse("admin:registrations_organisationexception_add"),
        {"lab": lab.pk, "organisation": outsider.pk},
    )

    assert response.status_code == 200  # the form again: not one of their labs
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not OrganisationException.objects.exists()


def test_an_exception_granted_in_the_admin_records_who_granted_it(client, stina_staff, lab):
    outsider = OrganisationFactory(name="Kommunen")
    client.force_login(stina_staff)

    response = client.post(
        reverse("admin:registrations_organisationexception_add"),
        {"lab": lab.pk, "organisation": outsider.pk},
    )

    assert response.status_code == 302
    (exception,) = OrganisationException.objects.all()
    assert (exception.lab, exception.organisation, exception.granted_by) == (
        lab,
        outsider,
        stina_staff,
    )
