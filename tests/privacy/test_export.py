"""What a person sees of their own data and downloads: everything, and nobody else's."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from larlabb.live import actions as live
from larlabb.live.models import Activity, Vote
from larlabb.privacy.export import COVERED, LEFT_OUT
from tests.factories import UserFactory
from tests.live.cast import make_activity

pytestmark = pytest.mark.django_db


def references_to_people() -> set[str]:
    """Every foreign key, one-to-one and many-to-many field to the user model, in every
    installed app, as "app_label.Model.field"."""
    user = get_user_model()
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is user:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_the_export_knows_every_reference_to_a_person():
    """A new model that points at a person must be read by the export, or be left out with a
    reason: this fails until it is one or the other."""
    unknown = references_to_people() - COVERED - set(LEFT_OUT)
    assert unknown == set(), f"add these to privacy.export.COVERED or LEFT_OUT: {unknown}"


def test_the_export_lists_no_reference_that_is_gone():
    assert (COVERED | set(LEFT_OUT)) - references_to_people() == set()
    assert COVERED.isdisjoint(LEFT_OUT)
    assert all(reason.strip() for reason in LEFT_OUT.values())


def own_json(client, person) -> dict:
    client.force_login(person)
    response = client.get(reverse("privacy:own-data-json"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mina-uppgifter.json"'
    return json.loads(response.content)


def test_the_json_holds_everything_of_the_person(client, footprint, lab):
    data = own_json(client, footprint.person)

    assert data["account"][0]["email"] == "sanna@example.org"
    assert data["account"][0]["name"] == "Sanna Skåning"
    registration = data["registrations"][0]
    assert registration["lab"] == lab.title
    assert registration["dietary_needs"] == "glutenfritt"
    assert registration["organisation"] == "Region Skåne"
    assert [n["text"] for n in data["notes"]] == ["Gemensamma mötesplatser"]
    assert data["votes"][0]["value"] == 2
    assert data["votes"][0]["option"] == "Gemensamma mötesplatser"
    assert data["synergy_scores"][0]["value"] == 2
    assert data["synergy_scores"][0]["comment"] == "Tydligt"
    assert data["reflections"][0]["learned"] == "Jag lärde mig om målkonflikter"
    assert data["submissions"][0]["text"] == "Min inlämning"
    assert data["submissions"][0]["file"].endswith("Rapport.pdf")
    assert data["survey_answers"][0]["answers"] == ["Vi har kapacitet: 4"]
    assert data["survey_answers"][0]["comment"] == "En privat kommentar"
    assert data["emails"][0]["subject"] == "Välkommen till labbet"
    assert data["emails"][0]["body"] == "Hej Sanna!"
    assert data["live_rooms"][0]["name"] == "Sanna Skåning"


def test_the_json_holds_nothing_of_anyone_else(client, footprint):
    other = UserFactory(email="ola@example.org", name="Ola Annan")
    data = own_json(client, other)

    assert data["account"][0]["email"] == "ola@example.org"
    text = json.dumps(data, ensure_ascii=False)
    for secret in ("glutenfritt", "Gemensamma mötesplatser", "målkonflikter", "Hej Sanna"):
        assert secret not in text


def test_what_the_person_did_as_an_organiser_is_in_the_export(client, footprint, olle_organiser):
    data = own_json(client, olle_organiser)

    done = {row["what"] for row in data["recorded_as_done_by_you"]}
    assert any("Uppgift" in what or "uppgift" in what for what in done)  # the assignment
    assert data["roles"][0]["in"] == footprint.registration.lab.title


def test_the_zip_holds_the_json_and_the_submitted_files(client, footprint):
    client.force_login(footprint.person)
    response = client.get(reverse("privacy:own-data-zip"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "mina-uppgifter.json" in names
    file_name = f"files/{footprint.submission.pk}-Rapport.pdf"
    assert file_name in names
    assert archive.read(file_name) == b"%PDF-1.4\n"
    data = json.loads(archive.read("mina-uppgifter.json"))
    assert data["submissions"][0]["file"] == file_name


def test_the_own_data_page_shows_the_data_in_swedish(client, footprint):
    client.force_login(footprint.person)
    response = client.get(reverse("privacy:own-data"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Mina uppgifter" in page
    assert "Specialkost" in page or "Kost" in page
    assert "glutenfritt" in page
    assert "Gemensamma mötesplatser" in page
    assert "Jag lärde mig om målkonflikter" in page
    assert reverse("privacy:own-data-json") in page


@pytest.mark.parametrize(
    "name", ["privacy:own-data", "privacy:own-data-json", "privacy:own-data-zip"]
)
def test_the_own_data_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_own_data_pages_query_count_does_not_grow_with_the_data(client, footprint):
    client.force_login(footprint.person)
    url = reverse("privacy:own-data")
    before = count_queries(client, url)
    for n in range(5):
        note = live.do_add_note(
            participant=footprint.participant,
            activity=footprint.board,
            text=f"Lapp {n}",
            column=footprint.board.columns.first(),
        )
        Vote.objects.create(
            activity=footprint.board, note=note, participant=footprint.participant, value=1
        )
    assert count_queries(client, url) == before


def test_the_own_data_holds_the_persons_answers_on_opinion_maps(
    client, footprint, olle_organiser, dialogue_item
):
    opinions = make_activity(
        olle_organiser, dialogue_item, Activity.Kind.OPINIONS, options=["Vi behöver mötesplatser"]
    )
    statement = opinions.notes.get()
    live.do_answer(participant=footprint.participant, statement=statement, value=-1)
    data = own_json(client, footprint.person)
    assert data["opinion_answers"] == [
        {
            "activity": opinions.title,
            "statement": "Vi behöver mötesplatser",
            "answer": "Håller inte med",
        }
    ]
