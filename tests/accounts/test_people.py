import pytest
from django.urls import reverse

from larlabb.accounts import actions
from larlabb.accounts.models import User
from larlabb.audit.models import Entry
from tests.factories import LabFactory, RegistrationFactory, UserFactory

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
    granted = Entry.objects.get(action=Entry.Action.ROLE_GRANTED)
    assert (granted.actor, granted.object_id) == (olle_organiser, str(person.pk))
    assert granted.detail == {"field": "role", "from": "", "to": "facilitator"}


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
    client, olle_organiser, sanna_participant, lab
):
    RegistrationFactory(lab=lab, person=sanna_participant)
    client.force_login(olle_organiser)
    url = reverse("accounts:person-edit", kwargs={"pk": sanna_participant.pk})

    client.post(url, person_data(email="olle-ny@example.org", name="Sanna S", role="participant"))
    sanna_participant.refresh_from_db()
    assert sanna_participant.email == "sanna@example.org"  # the field is not editable
    assert sanna_participant.name == "Sanna S"

    client.post(url, person_data(email="sanna@example.org", role="staff"))  # role not editable
    sanna_participant.refresh_from_db()
    assert sanna_participant.role == User.Role.PARTICIPANT


def test_an_organiser_cannot_edit_another_organiser(client, olle_organiser, other_organiser, lab):
    lab.organisers.add(other_organiser)
    client.force_login(olle_organiser)
    url = reverse("accounts:person-edit", kwargs={"pk": other_organiser.pk})

    response = client.post(url, person_data(email=other_organiser.email, role="participant"))

    assert response.status_code == 200
    assert "Bara administratörer kan ändra arrangörer." in response.content.decode()
    other_organiser.refresh_from_db()
    assert other_organiser.role == User.Role.ORGANISER


def test_the_person_list_query_count_is_flat(
    client, olle_organiser, lab, django_assert_max_num_queries
):
    client.force_login(olle_organiser)
    for _ in range(30):
        lab.leaders.add(
            UserFactory(role=User.Role.FACILITATOR, organisation=olle_organiser.organisation)
        )
    with django_assert_max_num_queries(6):
        response = client.get(reverse("accounts:person-list"))
    assert len(response.context["people"]) == 31


# --- An organiser acts within their labs (issue 18, 8) ----------------------------------


def same_details(person: User, **changes) -> dict:
    """The person form as it shows ``person``, with ``changes``."""
    return {
        "name": person.name,
        "email": person.email,
        "organisation": person.organisation_id or "",
        "title": person.title,
        "role": person.role,
        "language": person.language,
    } | changes


@pytest.fixture
def otto_lab(other_organiser):
    """Another organiser's lab, with a participant of its own."""
    lab = LabFactory(title="Ottos labb", slug="ottos-labb", organisers=[other_organiser])
    RegistrationFactory(lab=lab, person=UserFactory(email="pia@example.org", name="Pia Annanstans"))
    return lab


def test_an_organiser_finds_only_the_people_of_the_labs_they_organise(
    client, olle_organiser, sanna_participant, lab, otto_lab
):
    RegistrationFactory(lab=lab, person=sanna_participant)
    lab.contacts.add(UserFactory(email="kim@example.org", name="Kim Kontakt"))
    client.force_login(olle_organiser)

    found = client.get(reverse("accounts:person-list"), {"q": "example.org"}).context["people"]

    names = {person.name for person in found}
    assert names == {"Olle Organisatör", "Sanna Skåning", "Kim Kontakt"}


def test_an_organiser_cannot_open_or_edit_a_person_of_another_lab(
    client, olle_organiser, lab, otto_lab
):
    pia = User.objects.get(email="pia@example.org")
    client.force_login(olle_organiser)
    url = reverse("accounts:person-edit", kwargs={"pk": pia.pk})

    assert client.get(url).status_code == 404
    assert client.post(url, person_data(email=pia.email, name="Pia P")).status_code == 404
    pia.refresh_from_db()
    assert pia.name == "Pia Annanstans"
    with pytest.raises(actions.AccountError):
        actions.do_save_person(
            actor=olle_organiser,
            person=pia,
            values=actions.PersonValues(name="Pia P", email=pia.email),
        )


def test_staff_find_everyone(client, stina_staff, olle_organiser, lab, otto_lab):
    client.force_login(stina_staff)

    found = client.get(reverse("accounts:person-list"), {"q": "pia@"}).context["people"]

    assert [person.email for person in found] == ["pia@example.org"]


@pytest.mark.parametrize("role", [User.Role.FACILITATOR, User.Role.ORGANISER])
def test_an_organiser_cannot_change_anyones_role(
    client, olle_organiser, sanna_participant, lab, role
):
    RegistrationFactory(lab=lab, person=sanna_participant)
    client.force_login(olle_organiser)
    url = reverse("accounts:person-edit", kwargs={"pk": sanna_participant.pk})

    client.post(url, person_data(email=sanna_participant.email, role=role))

    sanna_participant.refresh_from_db()
    assert sanna_participant.role == User.Role.PARTICIPANT
    assert not Entry.objects.filter(action=Entry.Action.ROLE_GRANTED).exists()


@pytest.mark.parametrize(
    ("person", "role"),
    [
        ("sanna_participant", User.Role.ORGANISER),
        ("sanna_participant", User.Role.FACILITATOR),
        ("olle_organiser", User.Role.STAFF),
        (None, User.Role.ORGANISER),
    ],
)
def test_the_action_refuses_an_organiser_a_role_change(
    request, olle_organiser, sanna_participant, lab, person, role
):
    """On the server, whatever form sent it: an organiser gives no role (not even their own
    a new one) and adds nobody as an organiser."""
    RegistrationFactory(lab=lab, person=sanna_participant)
    someone = request.getfixturevalue(person) if person else None
    email = someone.email if someone else "ny@example.org"

    with pytest.raises(actions.AccountError, match="administratörer"):
        actions.do_save_person(
            actor=olle_organiser,
            person=someone,
            values=actions.PersonValues(name="Namn", email=email, role=role),
        )

    assert not User.objects.filter(role=User.Role.STAFF).exists()
    assert not Entry.objects.exists()


def test_staff_give_a_role_and_it_is_on_record(client, stina_staff, sanna_participant):
    client.force_login(stina_staff)
    url = reverse("accounts:person-edit", kwargs={"pk": sanna_participant.pk})

    client.post(url, same_details(sanna_participant, role="organiser"))

    sanna_participant.refresh_from_db()
    assert sanna_participant.role == User.Role.ORGANISER
    entry = Entry.objects.get()
    assert (entry.action, entry.actor, entry.object_label) == (
        Entry.Action.ROLE_GRANTED,
        stina_staff,
        "Sanna Skåning",
    )
    assert entry.detail == {"field": "role", "from": "participant", "to": "organiser"}


def test_a_change_of_someone_elses_details_is_on_record_and_ones_own_is_not(
    client, olle_organiser, sanna_participant, lab
):
    RegistrationFactory(lab=lab, person=sanna_participant)
    client.force_login(olle_organiser)
    url = reverse("accounts:person-edit", kwargs={"pk": sanna_participant.pk})

    client.post(url, same_details(sanna_participant, name="Sanna S"))
    client.post(
        reverse("accounts:profile"),
        {
            "name": "Olle O",
            "title": "",
            "language": "sv",
            "organisation": olle_organiser.organisation_id,
        },
    )

    entry = Entry.objects.get()
    assert (entry.action, entry.actor, entry.object_id) == (
        Entry.Action.PERSON_CHANGED,
        olle_organiser,
        str(sanna_participant.pk),
    )
    assert entry.detail == {"fields": ["name"]}
    olle_organiser.refresh_from_db()
    assert olle_organiser.name == "Olle O"
