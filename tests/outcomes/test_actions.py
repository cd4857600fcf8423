"""The rules of learning and outcomes, enforced by the actions whoever calls them."""

import datetime
import io
from dataclasses import replace

import pytest
from django.utils import translation

from larlabb.outcomes import actions
from larlabb.outcomes.actions import OutcomeError
from larlabb.outcomes.models import Collaboration, Reflection, Response, Statement, Submission
from tests.factories import UserFactory
from tests.outcomes.conftest import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are matched in English here; the pages' tests read them in Swedish."""
    with translation.override("en"):
        yield


# --- Assignments ----------------------------------------------------------------------------


def test_only_organisers_give_assignments(lab, sanna, now):
    with pytest.raises(OutcomeError, match="organisers"):
        actions.do_create_assignment(
            actor=sanna,
            lab=lab,
            details=actions.AssignmentDetails(
                title="Läxa",
                instructions="Gör så här.",
                due_at=now + datetime.timedelta(days=1),
            ),
        )


def test_an_assignment_cannot_be_due_in_the_past(lab, olle_organiser, now):
    with pytest.raises(OutcomeError, match="passed"):
        actions.do_create_assignment(
            actor=olle_organiser,
            lab=lab,
            details=actions.AssignmentDetails(
                title="Läxa",
                instructions="Gör så här.",
                due_at=now - datetime.timedelta(hours=1),
            ),
        )


def test_a_participant_submits_text_and_a_file_stored_outside_the_web_root(
    preparation, sanna, settings
):
    submission = actions.do_submit(
        actor=sanna,
        assignment=preparation,
        text="Vi har läst.",
        upload=io.BytesIO(png_bytes()),
        upload_name="karta.PNG",
    )
    assert submission.file_kind == "png"
    assert submission.file_name == "karta.png"
    path = submission.file.path
    assert path.startswith(str(settings.PRIVATE_ROOT))
    assert "karta" not in path  # nobody chooses the stored name


def test_changing_the_file_replaces_it_and_deletes_the_old_one(
    preparation, sanna, django_capture_on_commit_callbacks
):
    first = actions.do_submit(
        actor=sanna, assignment=preparation, upload=io.BytesIO(png_bytes()), upload_name="a.png"
    )
    old = first.file.path
    with django_capture_on_commit_callbacks(execute=True):
        second = actions.do_submit(
            actor=sanna,
            assignment=preparation,
            upload=io.BytesIO(png_bytes()),
            upload_name="b.png",
        )
    assert Submission.objects.count() == 1
    assert second.file_name == "b.png"
    assert not __import__("os").path.exists(old)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 200, "rapport.pdf", "not what its name says"),
        (b"#!/bin/sh\nrm -rf /\n", "skript.pdf", "not what its name says"),
        (b"", "tom.pdf", "empty"),
        (b"hello", "text.txt", "Only PDF"),
    ],
)
def test_a_forbidden_or_disguised_file_is_refused_and_nothing_is_stored(
    preparation, sanna, settings, content, name, message
):
    with pytest.raises(OutcomeError, match=message):
        actions.do_submit(
            actor=sanna, assignment=preparation, upload=io.BytesIO(content), upload_name=name
        )
    assert not Submission.objects.exists()
    assert list(settings.PRIVATE_ROOT.rglob("*")) == []  # no file, not even a folder


def test_a_file_over_the_limit_is_refused(preparation, sanna, settings):
    settings.SUBMISSION_MAX_BYTES = 100
    big = png_bytes() + b"\x00" * 200
    with pytest.raises(OutcomeError, match="larger than"):
        actions.do_submit(
            actor=sanna, assignment=preparation, upload=io.BytesIO(big), upload_name="stor.png"
        )


def test_an_empty_submission_is_refused(preparation, sanna):
    with pytest.raises(OutcomeError, match="Write an answer"):
        actions.do_submit(actor=sanna, assignment=preparation, text="   ")


def test_after_the_due_date_nothing_is_taken_unless_late_submissions_are_allowed(
    preparation, sanna, now
):
    later = preparation.due_at + datetime.timedelta(minutes=1)
    with pytest.raises(OutcomeError, match="due"):
        actions.do_submit(actor=sanna, assignment=preparation, text="Sent", now=later)
    preparation.allow_late = True
    preparation.save()
    assert actions.do_submit(actor=sanna, assignment=preparation, text="Sent", now=later).pk


def test_an_assignment_for_other_organisations_cannot_be_submitted(
    lab, olle_organiser, sanna, agency, now
):
    for_agency = actions.do_create_assignment(
        actor=olle_organiser,
        lab=lab,
        details=actions.AssignmentDetails(
            title="Myndigheternas läxa",
            instructions="Bara för myndigheter.",
            due_at=now + datetime.timedelta(days=2),
            organisations=[agency],
        ),
    )
    with pytest.raises(OutcomeError, match="not given"):
        actions.do_submit(actor=sanna, assignment=for_agency, text="Jag svarar ändå")


def test_someone_not_registered_cannot_submit(preparation):
    outsider = UserFactory()
    with pytest.raises(OutcomeError, match="registered participants"):
        actions.do_submit(actor=outsider, assignment=preparation, text="Hej")


# --- Reflections ----------------------------------------------------------------------------


def test_a_reflection_is_private_by_default_and_changes_in_place(workshop, sanna, now):
    workshop.starts_at = now - datetime.timedelta(hours=2)
    workshop.save()
    first = actions.do_save_reflection(
        actor=sanna, workshop=workshop, learned="Mycket", bring_home="", next_steps="", shared=False
    )
    assert first.shared is False
    actions.do_save_reflection(
        actor=sanna, workshop=workshop, learned="Mer", bring_home="", next_steps="Ring", shared=True
    )
    reflection = Reflection.objects.get()
    assert (reflection.learned, reflection.next_steps, reflection.shared) == ("Mer", "Ring", True)


def test_reflections_open_when_the_workshop_begins(workshop, sanna):
    with pytest.raises(OutcomeError, match="begins"):
        actions.do_save_reflection(
            actor=sanna, workshop=workshop, learned="x", bring_home="", next_steps="", shared=False
        )


# --- Survey ---------------------------------------------------------------------------------


def answers(lab, value=4):
    return {statement.pk: value for statement in Statement.objects.filter(lab=lab)}


def test_setting_up_the_survey_gives_a_statement_for_each_expected_result(lab, surveys):
    results = set(Statement.objects.filter(lab=lab).values_list("result", flat=True))
    assert results == {"capacity", "relations", "interests", "collaboration"}


def test_a_participant_answers_and_changes_their_answers_while_the_round_is_open(
    lab, surveys, sanna, agency
):
    before, _after = surveys
    actions.do_answer_survey(
        actor=sanna, survey=before, values=answers(lab, 2), ties={agency.pk: 1}
    )
    actions.do_answer_survey(
        actor=sanna, survey=before, values=answers(lab, 5), ties={agency.pk: 3}
    )
    response = Response.objects.get()
    assert {a.value for a in response.answers.all()} == {5}
    assert [(t.partner_id, t.level) for t in response.ties.all()] == [(agency.pk, 3)]


def test_a_closed_or_unopened_round_takes_no_answers(lab, surveys, sanna, now):
    before, after = surveys
    with pytest.raises(OutcomeError, match="not open"):
        actions.do_answer_survey(actor=sanna, survey=after, values=answers(lab), ties={})
    with pytest.raises(OutcomeError, match="not open"):
        actions.do_answer_survey(
            actor=sanna,
            survey=before,
            values=answers(lab),
            ties={},
            now=before.closes_at,
        )
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("missing", "every statement"),
        ("six", "from 1 to 5"),
        ("zero", "from 1 to 5"),
        ("unknown", "not in this survey"),
    ],
)
def test_bad_survey_answers_are_refused(lab, surveys, sanna, change, message):
    values = answers(lab)
    first = next(iter(values))
    if change == "missing":
        del values[first]
    elif change == "six":
        values[first] = 6
    elif change == "zero":
        values[first] = 0
    else:
        values[999_999] = 3
    with pytest.raises(OutcomeError, match=message):
        actions.do_answer_survey(actor=sanna, survey=surveys[0], values=values, ties={})
    assert not Response.objects.exists()


def test_relations_name_other_known_organisations_at_a_known_level(lab, surveys, sanna, agency):
    own = sanna.organisation
    for ties, message in (
        ({own.pk: 2}, "other organisations"),
        ({agency.pk: 4}, "how closely"),
        ({987_654: 1}, "not known"),
    ):
        with pytest.raises(OutcomeError, match=message):
            actions.do_answer_survey(actor=sanna, survey=surveys[0], values=answers(lab), ties=ties)


# --- Collaborations -------------------------------------------------------------------------


def collaboration(sanna, agency, **changes) -> actions.CollaborationDetails:
    details = actions.CollaborationDetails(
        title="Gemensam kompetensförsörjning",
        organisations=(sanna.organisation, agency),
        contact=sanna,
        challenge_text="Bristen på kompetens i regionerna",
        needs=("coordination", "forum"),
    )
    return replace(details, **changes)


def test_a_collaboration_ties_organisations_to_a_concrete_challenge(lab, sanna, agency):
    made = actions.do_create_collaboration(
        actor=sanna, lab=lab, details=collaboration(sanna, agency)
    )
    assert made.status == Collaboration.Status.PROPOSED
    assert made.need_labels() == ["Coordination", "A common forum"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"challenge_text": ""}, "concrete challenge"),
        ({"needs": ["other"]}, "other need"),
        ({"needs": ["money"]}, "Unknown need"),
        ({"title": " "}, "title"),
    ],
)
def test_bad_collaborations_are_refused(lab, sanna, agency, changes, message):
    with pytest.raises(OutcomeError, match=message):
        actions.do_create_collaboration(
            actor=sanna, lab=lab, details=collaboration(sanna, agency, **changes)
        )
    assert not Collaboration.objects.exists()


def test_a_collaboration_needs_two_organisations_and_a_contact_in_the_lab(lab, sanna, agency):
    with pytest.raises(OutcomeError, match="two organisations"):
        actions.do_create_collaboration(
            actor=sanna, lab=lab, details=collaboration(sanna, agency, organisations=(agency,))
        )
    with pytest.raises(OutcomeError, match="contact person"):
        actions.do_create_collaboration(
            actor=sanna, lab=lab, details=collaboration(sanna, agency, contact=UserFactory())
        )
    assert not Collaboration.objects.exists()


def test_only_its_people_and_the_organisers_change_a_collaboration(lab, sanna, agency, vera):
    made = actions.do_create_collaboration(
        actor=sanna, lab=lab, details=collaboration(sanna, agency)
    )
    started = collaboration(sanna, agency, status="started")
    with pytest.raises(OutcomeError, match="Only its contact person"):
        actions.do_update_collaboration(actor=vera, collaboration=made, details=started)
    made.refresh_from_db()
    assert made.status == "proposed"
    actions.do_update_collaboration(actor=sanna, collaboration=made, details=started)
    made.refresh_from_db()
    assert made.status == "started"
