"""The writes of labs and workshops: what an organiser may change, and what the rules keep."""

import dataclasses
import datetime

import pytest

from larlabb.labs.actions import (
    DocumentRow,
    LabError,
    LabValues,
    ProgramRow,
    ResultRow,
    do_create_lab,
    do_update_lab,
    do_update_workshop,
)
from larlabb.labs.models import ExpectedResult, Lab
from tests.factories import LabFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def values_of(lab: Lab, **changes) -> LabValues:
    values = LabValues(
        title=lab.title,
        slug=lab.slug,
        question=lab.question,
        per_organisation_limit=lab.per_organisation_limit,
        organisers=list(lab.organisers.all()),
        is_published=lab.is_published,
    )
    return dataclasses.replace(values, **changes)


def test_an_organiser_creates_a_lab_and_runs_it(olle_organiser):
    lab = do_create_lab(
        actor=olle_organiser,
        values=LabValues(title="Nytt labb", slug="nytt-labb"),
        results=[ResultRow("Stärkta relationer"), ResultRow("Gemensam kapacitet")],
    )

    assert list(lab.organisers.all()) == [olle_organiser]
    assert list(lab.expected_results.values_list("position", "text")) == [
        (0, "Stärkta relationer"),
        (1, "Gemensam kapacitet"),
    ]


def test_a_participant_cannot_create_a_lab(sanna_participant):
    with pytest.raises(LabError):
        do_create_lab(actor=sanna_participant, values=LabValues(title="X", slug="x"))
    assert not Lab.objects.exists()


def test_only_the_labs_organisers_update_it(lab, other_organiser):
    with pytest.raises(LabError):
        do_update_lab(actor=other_organiser, lab=lab, values=values_of(lab, question="Kapad?"))
    lab.refresh_from_db()
    assert lab.question == "Hur gör vi?"


def test_a_lab_keeps_at_least_one_organiser(lab, olle_organiser):
    do_update_lab(actor=olle_organiser, lab=lab, values=values_of(lab, organisers=[]))

    assert list(lab.organisers.all()) == [olle_organiser]


def test_two_labs_cannot_share_an_address(lab, olle_organiser):
    LabFactory(slug="upptagen")

    with pytest.raises(LabError, match="har redan den här adressen"):
        do_update_lab(actor=olle_organiser, lab=lab, values=values_of(lab, slug="upptagen"))


def test_a_lab_takes_at_least_one_person_per_organisation(lab, olle_organiser):
    with pytest.raises(LabError):
        do_update_lab(
            actor=olle_organiser, lab=lab, values=values_of(lab, per_organisation_limit=0)
        )


def test_results_and_documents_are_kept_changed_reordered_and_removed(lab, olle_organiser):
    first = ExpectedResult.objects.create(lab=lab, position=0, text="Första")
    second = ExpectedResult.objects.create(lab=lab, position=1, text="Andra")
    ExpectedResult.objects.create(lab=lab, position=2, text="Tas bort")

    do_update_lab(
        actor=olle_organiser,
        lab=lab,
        values=values_of(lab),
        results=[
            ResultRow("Andra, ändrad", pk=second.pk),
            ResultRow("Ny"),
            ResultRow("Första", pk=first.pk),
        ],
        documents=[DocumentRow("Skr. 2020/21:133", url="https://www.regeringen.se/")],
    )

    assert list(lab.expected_results.order_by("position").values_list("pk", "text")) == [
        (second.pk, "Andra, ändrad"),
        (lab.expected_results.get(text="Ny").pk, "Ny"),
        (first.pk, "Första"),
    ]
    assert list(lab.documents.values_list("title", flat=True)) == ["Skr. 2020/21:133"]


def test_results_of_another_lab_are_not_touched(lab, olle_organiser):
    other = ExpectedResult.objects.create(lab=LabFactory(), position=0, text="Annat labb")

    do_update_lab(
        actor=olle_organiser, lab=lab, values=values_of(lab), results=[ResultRow("X", pk=other.pk)]
    )

    other.refresh_from_db()
    assert other.text == "Annat labb"
    assert list(lab.expected_results.values_list("text", flat=True)) == ["X"]


def test_a_workshops_program_is_replaced_in_order(lab, olle_organiser):
    workshop = WorkshopFactory(lab=lab, number=1)
    nine, ten, eleven = (datetime.time(h, 0) for h in (9, 10, 11))

    do_update_workshop(
        actor=olle_organiser,
        workshop=workshop,
        title="Workshop 1",
        meeting_link="https://möte.example.se/1",
        program=[
            ProgramRow(nine, ten, "Välkommen", leaders=[olle_organiser]),
            ProgramRow(ten, eleven, "Dialog"),
        ],
    )

    assert [(i.title, list(i.leaders.all())) for i in workshop.program.all()] == [
        ("Välkommen", [olle_organiser]),
        ("Dialog", []),
    ]


def test_a_program_item_must_end_after_it_starts(lab, olle_organiser):
    workshop = WorkshopFactory(lab=lab, number=1)
    ten = datetime.time(10, 0)

    with pytest.raises(LabError):
        do_update_workshop(
            actor=olle_organiser,
            workshop=workshop,
            title="",
            meeting_link="",
            program=[ProgramRow(ten, ten, "Ingen tid")],
        )
    assert not workshop.program.exists()


def test_another_labs_organiser_cannot_change_a_workshop(lab, other_organiser):
    workshop = WorkshopFactory(lab=lab, number=1, title="Workshop 1")

    with pytest.raises(LabError):
        do_update_workshop(
            actor=other_organiser, workshop=workshop, title="Kapad", meeting_link="", program=[]
        )
    workshop.refresh_from_db()
    assert workshop.title == "Workshop 1"
