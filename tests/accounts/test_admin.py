"""People in the admin: roles and the login change only through ``do_save_person``'s rules,
and the admin rights only by a superuser."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from larlabb.accounts.models import User
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def person_form(person: User, **changes) -> dict:
    return {
        "email": person.email,
        "name": person.name,
        "organisation": person.organisation_id or "",
        "title": person.title,
        "language": person.language,
        "role": person.role,
        "is_active": "on",
    } | changes


@pytest.fixture
def admin_organiser(olle_organiser) -> User:
    """An organiser with the admin's rights on people (but not staff)."""
    olle_organiser.is_staff = True
    olle_organiser.save()
    olle_organiser.user_permissions.set(Permission.objects.filter(codename__endswith="_user"))
    return olle_organiser


@pytest.mark.parametrize("role", [User.Role.STAFF, User.Role.ORGANISER])
def test_an_organiser_cannot_give_a_role_or_admin_rights_in_the_admin(
    client, admin_organiser, sanna_participant, lab, role
):
    RegistrationFactory(lab=lab, person=sanna_participant)
    client.force_login(admin_organiser)
    url = reverse("admin:accounts_user_change", args=[sanna_participant.pk])

    response = client.post(
        url,
        person_form(sanna_participant, role=role, is_staff="on", is_superuser="on"),
    )

    assert response.status_code == 302
    sanna_participant.refresh_from_db()
    assert sanna_participant.role == User.Role.PARTICIPANT
    assert (sanna_participant.is_staff, sanna_participant.is_superuser) == (False, False)


def test_an_organiser_cannot_edit_another_organiser_in_the_admin(
    client, admin_organiser, other_organiser, lab
):
    lab.organisers.add(other_organiser)  # a fellow organiser of Olle's lab
    client.force_login(admin_organiser)
    url = reverse("admin:accounts_user_change", args=[other_organiser.pk])

    response = client.post(url, person_form(other_organiser, name="Omdöpt"))

    assert response.status_code == 403
    other_organiser.refresh_from_db()
    assert other_organiser.name == "Otto Annan"


def test_staff_change_a_role_in_the_admin_but_never_the_login(
    client, stina_staff, sanna_participant
):
    client.force_login(stina_staff)
    url = reverse("admin:accounts_user_change", args=[sanna_participant.pk])

    response = client.post(
        url, person_form(sanna_participant, role=User.Role.FACILITATOR, email="ny@example.org")
    )

    assert response.status_code == 302
    sanna_participant.refresh_from_db()
    assert sanna_participant.role == User.Role.FACILITATOR
    assert sanna_participant.email == "sanna@example.org"


def test_a_person_added_in_the_admin_logs_in_by_code(client, stina_staff):
    client.force_login(stina_staff)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": "Ny.Person@Example.org", "name": "Ny Person", "role": User.Role.PARTICIPANT},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    person = User.objects.get(email="ny.person@example.org")
    assert person.name == "Ny Person"
    assert not person.has_usable_password()
