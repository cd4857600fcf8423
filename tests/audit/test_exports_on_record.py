"""Every download of people's names and emails goes on record: who, which export, in which
format, how many rows (issue 18, 8). The live room's exports are recorded by the live app."""

import pytest
from django.urls import reverse

from larlabb.audit.models import Entry
from larlabb.registrations.models import Registration
from larlabb.synergies.actions import Entry as ScoreEntry
from larlabb.synergies.actions import do_save_scores
from tests.factories import RegistrationFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def exports_of(person) -> list[Entry]:
    return list(Entry.objects.filter(actor=person, action=Entry.Action.PERSONAL_DATA_EXPORTED))


@pytest.fixture
def registered(lab, sanna_participant):
    for person in (sanna_participant, UserFactory(email="sven@example.org", name="Sven Svensson")):
        RegistrationFactory(lab=lab, person=person, status=Registration.Status.CONFIRMED)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_registrations_export_is_on_record(client, lab, olle_organiser, registered, fmt):
    client.force_login(olle_organiser)

    response = client.get(
        reverse("registrations:overview-export", kwargs={"slug": lab.slug, "fmt": fmt})
    )

    assert response.status_code == 200
    [entry] = exports_of(olle_organiser)
    assert entry.lab == lab
    assert entry.detail == {"export": "registrations", "format": fmt, "rows": 2}


def test_the_day_list_pdf_is_on_record(client, lab, olle_organiser, registered):
    WorkshopFactory(lab=lab, number=1)
    client.force_login(olle_organiser)

    response = client.get(
        reverse("registrations:day-list-pdf", kwargs={"slug": lab.slug, "number": 1})
    )

    assert response["Content-Type"] == "application/pdf"
    [entry] = exports_of(olle_organiser)
    assert (entry.lab, entry.detail) == (lab, {"export": "day list", "format": "pdf", "rows": 2})


def test_the_synergy_scores_with_names_are_on_record_and_the_consensus_is_not(
    client, lab, olle_organiser, session, scorers, sdgs
):
    sanna, anna = scorers
    for scorer, value in ((sanna, 3), (anna, -1)):
        do_save_scores(
            actor=scorer, session=session, row=sdgs[0], entries=[ScoreEntry(sdgs[1].pk, value)]
        )
    client.force_login(olle_organiser)

    def export(kind: str) -> None:
        url = reverse("synergies:export", kwargs={"pk": session.pk, "kind": kind, "fmt": "csv"})
        assert client.get(url).status_code == 200

    export("konsensus")
    assert exports_of(olle_organiser) == []
    export("poang")
    [entry] = exports_of(olle_organiser)
    assert (entry.lab, entry.object_type, entry.object_id) == (
        lab,
        "synergies.mappingsession",
        str(session.pk),
    )
    assert entry.detail == {"export": "synergy scores", "format": "csv", "rows": 2}


def test_a_refused_export_is_not_on_record(client, lab, sanna_participant, registered):
    client.force_login(sanna_participant)

    response = client.get(
        reverse("registrations:overview-export", kwargs={"slug": lab.slug, "fmt": "csv"})
    )

    assert response.status_code == 403
    assert not Entry.objects.exists()
