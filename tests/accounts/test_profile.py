import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_profile_needs_a_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_person_saves_name_organisation_title_and_language(
    client, sanna_participant, tillvaxtverket
):
    client.force_login(sanna_participant)

    response = client.post(
        reverse("accounts:profile"),
        {
            "name": "Sanna S",
            "organisation": tillvaxtverket.pk,
            "title": "Analytiker",
            "language": "en",
        },
    )

    assert response.status_code == 302
    sanna_participant.refresh_from_db()
    assert (sanna_participant.name, sanna_participant.organisation, sanna_participant.title) == (
        "Sanna S",
        tillvaxtverket,
        "Analytiker",
    )
    assert sanna_participant.language == "en"
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "My profile" in page


def test_a_profile_without_a_name_is_refused_and_nothing_changes(client, sanna_participant):
    client.force_login(sanna_participant)

    response = client.post(reverse("accounts:profile"), {"name": "", "language": "sv"})

    assert response.status_code == 200
    assert "Detta fält måste fyllas i" in response.content.decode()
    sanna_participant.refresh_from_db()
    assert sanna_participant.name == "Sanna Skåning"


def test_the_language_switch_remembers_a_logged_in_users_choice(client, sanna_participant):
    client.force_login(sanna_participant)

    client.post(reverse("set-language"), {"language": "en", "next": "/"})

    sanna_participant.refresh_from_db()
    assert sanna_participant.language == "en"
    assert "Learning labs" in client.get("/").content.decode()
