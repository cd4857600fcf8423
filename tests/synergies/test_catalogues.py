"""Organisers add goal catalogues and goals by form or by a CSV file; a bad file imports
nothing; the reference catalogues load from shared/data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from larlabb.synergies.models import Catalogue, Goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    return Catalogue.objects.create(key="rus-skane", name="Skånes utvecklingsstrategi")


def detail(catalogue) -> str:
    return reverse("synergies:catalogue", kwargs={"key": catalogue.key})


def test_an_organiser_creates_a_catalogue_and_adds_a_goal(client, olle_organiser):
    client.force_login(olle_organiser)

    response = client.post(
        reverse("synergies:catalogues"),
        {"key": "sdg-targets", "name": "Delmålen", "source": "sdgs.un.org/goals"},
    )
    catalogue = Catalogue.objects.get(key="sdg-targets")
    assert response["Location"] == detail(catalogue)
    assert catalogue.source == "https://sdgs.un.org/goals"
    client.post(detail(catalogue), {"add": "1", "code": "11.2", "title": "Hållbara transporter"})
    again = client.post(detail(catalogue), {"add": "1", "code": "11.2", "title": "Igen"})

    assert list(catalogue.goals.values_list("code", "title")) == [("11.2", "Hållbara transporter")]
    assert "Katalogen har redan ett mål med koden 11.2." in again.content.decode()


def test_a_goal_file_is_imported(client, olle_organiser, catalogue):
    client.force_login(olle_organiser)
    content = "code,title,title_en\n1.1,Attraktiv livsmiljö,Attractive living\n1.2,Kompetens,\n"

    response = client.post(
        detail(catalogue),
        {"import": "1", "file": SimpleUploadedFile("mal.csv", content.encode())},
    )

    assert response.status_code == 302
    assert list(catalogue.goals.values_list("code", "title_en")) == [
        ("1.1", "Attractive living"),
        ("1.2", ""),
    ]


def test_a_goal_file_with_bad_lines_imports_nothing(client, olle_organiser, catalogue):
    client.force_login(olle_organiser)
    content = "code,title\n1.1,Attraktiv livsmiljö\n,Utan kod\n1.1,Igen\n"

    response = client.post(
        detail(catalogue),
        {"import": "1", "file": SimpleUploadedFile("mal.csv", content.encode())},
    )

    page = response.content.decode()
    assert "Rad 3: koden ska vara 1–20 tecken." in page
    assert "Rad 4: koden 1.1 finns också på rad 2." in page
    assert not Goal.objects.filter(catalogue=catalogue).exists()


def test_participants_cannot_manage_catalogues(client, sanna_participant, catalogue):
    client.force_login(sanna_participant)

    assert client.get(reverse("synergies:catalogues")).status_code == 403
    response = client.post(detail(catalogue), {"add": "1", "code": "X", "title": "Y"})

    assert response.status_code == 403
    assert not catalogue.goals.exists()


def test_the_reference_catalogues_hold_the_strategy_areas_and_the_17_sdgs(demo):
    assert Goal.objects.filter(catalogue__key="sdgs").count() == 17
    assert Goal.objects.filter(catalogue__key="strategy-areas").count() == 4
    assert (
        Goal.objects.get(catalogue__key="sdgs", code="SDG 11").title
        == "Hållbara städer och samhällen"
    )


def test_the_reference_catalogues_cannot_be_changed_by_an_organiser(client, demo):
    from larlabb.accounts.models import User

    client.force_login(User.objects.get(email="organisator@example.org"))
    url = reverse("synergies:catalogue", kwargs={"key": "sdgs"})

    client.post(url, {"add": "1", "code": "SDG 18", "title": "Ett artonde mål"})
    content = "code,title\nSDG 1,Annan titel\n"
    client.post(url, {"import": "1", "file": SimpleUploadedFile("m.csv", content.encode())})

    assert Goal.objects.filter(catalogue__key="sdgs").count() == 17
    assert Goal.objects.get(catalogue__key="sdgs", code="SDG 1").title == "Ingen fattigdom"


def test_reimporting_a_goal_file_updates_titles_and_keeps_the_order(
    client, olle_organiser, catalogue
):
    client.force_login(olle_organiser)

    def upload(content: str) -> None:
        file = SimpleUploadedFile("mal.csv", content.encode())
        client.post(detail(catalogue), {"import": "1", "file": file})

    upload("code,title\n1,Ett\n2,Två\n")
    upload("code,title\n2,Två igen\n3,Tre\n")

    assert list(catalogue.goals.order_by("position").values_list("code", "title")) == [
        ("1", "Ett"),
        ("2", "Två igen"),
        ("3", "Tre"),
    ]
