"""An organiser with admin access sees and edits in the admin only the people of the labs they
organise, and their registrations and attendance; what staff change is on record."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from larlabb.accounts.models import User
from larlabb.audit.models import Entry
from tests.factories import LabFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_organiser(olle_organiser) -> User:
    """Olle with admin access and every permission on people and registrations."""
    olle_organiser.is_staff = True
    olle_organiser.save()
    olle_organiser.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["accounts", "registrations"])
    )
    return olle_organiser


@pytest.fixture
def two_labs(lab, sanna_participant, other_organiser):
    """Sanna registered in Olle's lab; Pia in Otto's."""
    mine = RegistrationFactory(lab=lab, person=sanna_participant)
    ottos = LabFactory(title="Ottos labb", slug="ottos-labb", organisers=[other_organiser])
    pia = UserFactory(email="pia@example.org", name="Pia Annanstans")
    theirs = RegistrationFactory(lab=ottos, person=pia)
    return {"mine": mine, "theirs": theirs, "pia": pia}


def test_an_organiser_lists_only_the_people_of_their_labs(client, admin_organiser, two_labs):
    client.force_login(admin_organiser)

    response = client.get(reverse("admin:accounts_user_changelist"))

    shown = {person.email for person in response.context["cl"].result_list}
    assert shown == {"olle@example.org", "sanna@example.org"}


def test_an_organiser_cannot_open_or_change_a_person_of_another_lab(
    client, admin_organiser, two_labs
):
    pia = two_labs["pia"]
    client.force_login(admin_organiser)
    url = reverse("admin:accounts_user_change", args=[pia.pk])

    assert client.get(url).status_code == 302  # "does not exist", back to the admin's index
    client.post(url, {"email": pia.email, "name": "Omdöpt", "role": "participant"})
    pia.refresh_from_db()
    assert pia.name == "Pia Annanstans"


def test_an_organiser_deletes_nobody_in_the_admin(client, admin_organiser, two_labs):
    sanna = two_labs["mine"].person
    client.force_login(admin_organiser)

    client.post(reverse("admin:accounts_user_delete", args=[sanna.pk]), {"post": "yes"})

    assert User.objects.filter(pk=sanna.pk).exists()


def test_an_organiser_sees_only_the_registrations_of_their_labs(client, admin_organiser, two_labs):
    client.force_login(admin_organiser)

    listed = client.get(reverse("admin:registrations_registration_changelist"))
    other = client.get(
        reverse("admin:registrations_registration_change", args=[two_labs["theirs"].pk])
    )
    own = client.get(reverse("admin:registrations_registration_change", args=[two_labs["mine"].pk]))

    assert [r.pk for r in listed.context["cl"].result_list] == [two_labs["mine"].pk]
    assert other.status_code == 302
    assert own.status_code == 200


def test_staff_see_every_registration(client, stina_staff, two_labs):
    client.force_login(stina_staff)

    listed = client.get(reverse("admin:registrations_registration_changelist"))

    assert len(listed.context["cl"].result_list) == 2


def test_admin_rights_given_by_a_superuser_are_on_record(client, stina_staff, sanna_participant):
    client.force_login(stina_staff)
    url = reverse("admin:accounts_user_change", args=[sanna_participant.pk])

    client.post(
        url,
        {
            "email": sanna_participant.email,
            "name": sanna_participant.name,
            "organisation": sanna_participant.organisation_id,
            "title": sanna_participant.title,
            "language": "sv",
            "role": "organiser",
            "is_active": "on",
            "is_staff": "on",
        },
    )

    entries = Entry.objects.filter(action=Entry.Action.ROLE_GRANTED, actor=stina_staff)
    assert sorted((e.detail["field"], e.detail["from"], e.detail["to"]) for e in entries) == [
        ("is_staff", False, True),
        ("role", "participant", "organiser"),
    ]


def test_nobody_deletes_an_account_in_the_admin(client, stina_staff, sanna_participant):
    """A deletion there would take the person's contributions from the shared results: staff
    delete (anonymise) accounts through the privacy pages instead."""
    client.force_login(stina_staff)

    response = client.post(
        reverse("admin:accounts_user_delete", args=[sanna_participant.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert User.objects.filter(pk=sanna_participant.pk).exists()
