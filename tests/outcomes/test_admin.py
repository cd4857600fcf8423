"""The admin never changes what the actions of learning and outcomes guard: the survey's
statements are added, changed and removed there through the actions, and only until someone
has answered; assignments, the survey's rounds and collaborations are shown there and changed
only on their pages."""

import pytest
from django.conf import settings
from django.urls import reverse

from larlabb.outcomes import actions
from larlabb.outcomes.models import Collaboration, ExpectedResult, Statement
from tests.missions.admin_forms import change_url, full_form_values, post_change_page

pytestmark = pytest.mark.django_db

ANSWERED = (
    "The survey has answers, so its statements no longer change: both rounds ask the same "
    "statements."
)


@pytest.fixture
def staff(client, stina_staff):
    """Lärlabb's staff, logged in to the admin as a superuser, reading it in English."""
    client.force_login(stina_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return stina_staff


@pytest.fixture
def statement(surveys, lab) -> Statement:
    return Statement.objects.filter(lab=lab).first()


def answer(lab, survey, person) -> None:
    values = {s.pk: 4 for s in Statement.objects.filter(lab=lab)}
    actions.do_answer_survey(actor=person, survey=survey, values=values, ties={})


def test_a_statement_is_added_and_reworded_in_the_admin_before_anyone_answers(
    client, staff, lab, surveys, statement
):
    response = client.post(
        reverse("admin:outcomes_statement_add"),
        {
            "lab": lab.pk,
            "result": ExpectedResult.RELATIONS,
            "position": 9,
            "text": "  Vi delar kunskap mellan regioner och myndigheter.  ",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    added = Statement.objects.get(position=9)
    assert added.text == "Vi delar kunskap mellan regioner och myndigheter."  # as the action has it

    response = post_change_page(client, statement, text="Vi har förmåga att bidra.")
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.text == "Vi har förmåga att bidra."


def test_once_someone_has_answered_a_statement_keeps_its_text_and_result(
    client, staff, lab, surveys, statement, sanna
):
    answer(lab, surveys[0], sanna)
    text = statement.text

    reworded = post_change_page(client, statement, text="En annan fråga")
    moved = post_change_page(client, statement, result=ExpectedResult.COLLABORATION)

    for response in (reworded, moved):
        assert response.status_code == 200
        assert ANSWERED in response.content.decode()
    statement.refresh_from_db()
    assert (statement.text, statement.result) != ("En annan fråga", ExpectedResult.COLLABORATION)
    assert statement.text == text


def test_once_someone_has_answered_a_statement_still_moves_in_the_order(
    client, staff, lab, surveys, statement, sanna
):
    answer(lab, surveys[0], sanna)

    response = post_change_page(client, statement, position=42)

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.position == 42


def test_once_someone_has_answered_no_statement_is_added_or_removed(
    client, staff, lab, surveys, statement, sanna
):
    answer(lab, surveys[0], sanna)
    count = Statement.objects.filter(lab=lab).count()

    added = client.post(
        reverse("admin:outcomes_statement_add"),
        {"lab": lab.pk, "result": ExpectedResult.CAPACITY, "position": 9, "text": "Ny"},
    )
    removed = client.post(
        reverse("admin:outcomes_statement_delete", args=[statement.pk]), {"post": "yes"}
    )

    assert added.status_code == 200
    assert ANSWERED in added.content.decode()
    assert removed.status_code == 403
    assert Statement.objects.filter(lab=lab).count() == count
    assert statement.answers.count() == 1


def test_another_labs_organiser_does_not_change_its_statements_in_the_admin(
    client, lab, surveys, statement, other_organiser
):
    other_organiser.is_staff = other_organiser.is_superuser = True
    other_organiser.save()
    client.force_login(other_organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    changed = client.post(
        change_url(statement), full_form_values(other_organiser, statement, text="Kapad")
    )
    added = client.post(
        reverse("admin:outcomes_statement_add"),
        {"lab": lab.pk, "result": ExpectedResult.CAPACITY, "position": 9, "text": "Kapad"},
    )

    assert changed.status_code == 403
    assert added.status_code == 200
    assert "Only the lab&#x27;s organisers can do this." in added.content.decode()
    assert not Statement.objects.filter(text="Kapad").exists()


@pytest.fixture
def collaboration(lab, sanna, anders) -> Collaboration:
    return actions.do_create_collaboration(
        actor=sanna,
        lab=lab,
        details=actions.CollaborationDetails(
            title="Kompetens",
            organisations=(sanna.organisation, anders.organisation),
            contact=sanna,
            challenge_text="Bristen på kompetens",
        ),
    )


@pytest.mark.parametrize(
    ("fixture", "field", "value"),
    [
        # A new due date brings a new reminder; a due date in the past is refused.
        ("preparation", "due_at_0", "2001-01-01"),
        ("preparation", "reminder_days", 0),
        # The second round opens after the first has closed.
        ("surveys", "closes_at_0", "2999-01-01"),
        # The contact person is one of the lab's people; only its people change it.
        ("collaboration", "status", Collaboration.Status.ENDED),
    ],
)
def test_work_written_by_actions_is_shown_in_the_admin_and_never_changed_there(
    client, staff, request, fixture, field, value
):
    obj = request.getfixturevalue(fixture)
    if isinstance(obj, tuple):
        obj = obj[0]  # the first round
    before = type(obj).objects.values().get(pk=obj.pk)
    assert client.get(change_url(obj)).status_code == 200

    response = client.post(change_url(obj), full_form_values(staff, obj, **{field: value}))

    assert response.status_code == 403
    assert type(obj).objects.values().get(pk=obj.pk) == before
    add = reverse(f"admin:outcomes_{type(obj)._meta.model_name}_add")
    assert client.get(add).status_code == 403


def test_an_assignment_keeps_its_submissions_and_their_files(client, staff, preparation, sanna):
    actions.do_submit(actor=sanna, assignment=preparation, text="Klart")
    delete = reverse("admin:outcomes_assignment_delete", args=[preparation.pk])

    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert preparation.submissions.count() == 1
