import pytest
from django.urls import reverse

from larlabb.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def person_data(**overrides) -> dict:
    return {
        "name": "Catarina Lahti",
        "email": "Catarina.Lahti@example.org",
        "title": "",
        "role": "facilitator",
        "language": "sv",
        **overrides,
    }


def test_an_organiser_adds_a_person_who_logs_in_by_code(client, olle_organiser, reglab):
    client.force_login(olle_organiser)

    response = client.post(reverse("accounts:person-create"), person_data(organisation=reglab.pk))

    assert response.status_code == 302
    person = User.objects.get(email="catarina.lahti@example.org")
    assert (person.organisation, person.role) == (reglab, User.Role.FACILITATOR)
    assert not person.has_usable_password()
    assert "Catarina Lahti" in client.get(reverse("accounts:person-list")).content.decode()


def test_a_taken_email_address_is_refused_with_a_message(client, olle_organiser, sanna_participant):
    client.force_login(olle_organiser)

    response = client.post(
        reverse("accounts:person-create"), person_data(email="SANNA@example.org")
    )

    assert response.status_code == 200
    assert "finns redan" in response.content.decode()
    assert User.objects.filter(email__iexact="sanna@example.org").count() == 1


@pytest.mark.parametrize("who", [None, "sanna_participant"])
def test_only_organisers_manage_people(client, who, request, sanna_participant):
    if who:
        client.force_login(request.getfixturevalue(who))
    for url in [
        reverse("accounts:person-list"),
        reverse("accounts:person-create"),
        reverse("accounts:person-edit", kwargs={"pk": sanna_participant.pk}),
    ]:
        response = client.post(url, person_data())
        assert response.status_code == (302 if who is None else 403)
    assert not User.objects.filter(email="catarina.lahti@example.org").exists()


def test_an_organiser_cannot_change_a_persons_email_or_make_them_staff(
    client, olle_organiser, sanna_participant
):
    client.force_login(olle_organiser)
    url = reverse("accounts:person-edit", kwargs={"pk": sanna_participant.pk})

    client.post(url, person_data(email="olle-ny@example.org", name="Sanna S", role="participant"))
    sanna_participant.refresh_from_db()
    assert sanna_participant.email == "sanna@example.org"  # the field is not editable
    assert sanna_participant.name == "Sanna S"

    response = client.post(url, person_data(email="sanna@example.org", role="staff"))
    assert response.status_code == 200
    sanna_participant.refresh_from_db()
    assert sanna_participant.role == User.Role.PARTICIPANT


def test_an_organiser_cannot_edit_another_organiser(client, olle_organiser, other_organiser):
    client.force_login(olle_organiser)
    url = reverse("accounts:person-edit", kwargs={"pk": other_organiser.pk})

    response = client.post(url, person_data(email=other_organiser.email, role="participant"))

    assert response.status_code == 200
    assert "Bara administratörer kan ändra arrangörer." in response.content.decode()
    other_organiser.refresh_from_db()
    assert other_organiser.role == User.Role.ORGANISER


def test_the_person_list_query_count_is_flat(client, olle_organiser, django_assert_max_num_queries):
    client.force_login(olle_organiser)
    for _ in range(30):
        UserFactory(role=User.Role.FACILITATOR, organisation=olle_organiser.organisation)
    with django_assert_max_num_queries(6):
        client.get(reverse("accounts:person-list"))
