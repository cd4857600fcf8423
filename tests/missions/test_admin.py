"""The admin never changes what the actions of challenge-driven work guard: challenges,
missions, expeditions and experiments, assessments and the action plan are shown there but
changed only on their pages; an indicator or a dialogue is corrected there, but never moved to
other work, and an indicator's values are recorded only on the mission's page."""

import datetime

import pytest
from django.urls import reverse

from larlabb.missions import actions, rules
from larlabb.missions.models import Action, Dialogue, Initiative, Mission
from tests.factories import LabFactory
from tests.missions.admin_forms import (
    change_url,
    full_form_values,
    post_change_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, stina_staff):
    """Lärlabb's staff, logged in to the admin as a superuser."""
    client.force_login(stina_staff)
    return stina_staff


@pytest.fixture
def elsewhere(olle_organiser, agency, today) -> Mission:
    """A mission of another lab."""
    lab = LabFactory(organisers=[olle_organiser])
    challenge = actions.do_propose_challenge(
        actor=olle_organiser,
        lab=lab,
        details=actions.ChallengeDetails(title="Annan", description="…", scope="local"),
    )
    return actions.do_create_mission(
        actor=olle_organiser,
        challenge=challenge,
        details=actions.MissionDetails(
            title="Annat labbs mission", goal="…", target_year=today.year + 5, owner=agency
        ),
        today=today,
    )


@pytest.fixture
def action(lab, olle_organiser, anna, agency, today) -> Action:
    return actions.do_create_action(
        actor=olle_organiser,
        lab=lab,
        details=actions.ActionDetails(title="PM", owner=agency, responsible=anna, due_on=today),
    )


@pytest.fixture
def assessment(lab, mission, anna, today):
    return actions.do_assess_prerequisites(
        actor=anna,
        lab=lab,
        mission=mission,
        assessed_on=today,
        ratings=dict.fromkeys(rules.PREREQUISITE_KEYS, (3, "")),
    )


def stored(obj, field: str):
    return getattr(type(obj).objects.get(pk=obj.pk), field)


@pytest.mark.parametrize(
    ("fixture", "field", "value"),
    [
        # Only the lab's organisers publish, on the challenge's page.
        ("challenge", "is_published", "on"),
        # A target year that has passed is refused.
        ("mission", "target_year", 2001),
        # Work closes only through its loop, after a learning entry.
        ("experiment", "status", Initiative.Status.COMPLETED),
        # An assessment is never from the future.
        ("assessment", "assessed_on", "2999-01-01"),
        # A new due date brings a new reminder, and the status is the responsible person's.
        ("action", "status", Action.Status.DONE),
    ],
)
def test_work_written_by_actions_is_shown_in_the_admin_and_never_changed_there(
    client, staff, request, fixture, field, value
):
    obj = request.getfixturevalue(fixture)
    before = stored(obj, field)
    assert client.get(change_url(obj)).status_code == 200

    response = client.post(change_url(obj), full_form_values(staff, obj, **{field: value}))

    assert response.status_code == 403
    assert stored(obj, field) == before
    add = reverse(f"admin:missions_{type(obj)._meta.model_name}_add")
    assert client.get(add).status_code == 403


def test_an_indicator_is_corrected_in_the_admin_but_stays_with_its_mission(
    client, staff, mission, anna, elsewhere
):
    indicator = actions.do_add_indicator(
        actor=anna,
        mission=mission,
        name="Regioner",
        unit="st",
        baseline=8,
        baseline_year=2024,
        target=21,
    )

    response = post_change_page(
        client, indicator, name="Regioner med plattform", mission=elsewhere.pk
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Regioner med plattform"
    assert indicator.mission == mission
    assert client.get(reverse("admin:missions_indicator_add")).status_code == 403


def test_an_indicators_values_are_not_changed_in_the_admin(client, staff, mission, anna, today):
    indicator = actions.do_add_indicator(
        actor=anna,
        mission=mission,
        name="Regioner",
        unit="st",
        baseline=8,
        baseline_year=2024,
        target=21,
    )
    actions.do_record_measurement(
        actor=anna, indicator=indicator, measured_on=today, value=10, today=today
    )
    tomorrow = today + datetime.timedelta(days=1)

    response = post_change_page(
        client,
        indicator,
        **{"measurements-0-measured_on": tomorrow.isoformat(), "measurements-0-value": "99"},
    )

    assert response.status_code == 302
    measurement = indicator.measurements.get()
    assert (measurement.measured_on, measurement.value) == (today, 10)


def test_a_dialogues_notes_are_corrected_in_the_admin_but_it_links_only_to_its_labs_work(
    client, staff, lab, olle_organiser, mission, elsewhere, today
):
    dialogue = actions.do_record_dialogue(
        actor=olle_organiser,
        lab=lab,
        details=actions.DialogueDetails(
            held_on=today, title="Dialog", kind="regions", notes="Utkast", mission=mission
        ),
    )

    response = post_change_page(
        client, dialogue, notes="Renskrivet", mission=elsewhere.pk, lab=elsewhere.challenge.lab_id
    )

    assert response.status_code == 302
    dialogue = Dialogue.objects.get(pk=dialogue.pk)
    assert dialogue.notes == "Renskrivet"
    assert (dialogue.lab, dialogue.mission) == (lab, mission)
    assert client.get(reverse("admin:missions_dialogue_add")).status_code == 403


def test_another_labs_organiser_corrects_neither_its_dialogues_nor_its_indicators(
    client, lab, olle_organiser, other_organiser, mission, anna, today
):
    dialogue = actions.do_record_dialogue(
        actor=olle_organiser,
        lab=lab,
        details=actions.DialogueDetails(held_on=today, title="Dialog", kind="regions", notes="…"),
    )
    indicator = actions.do_add_indicator(
        actor=anna,
        mission=mission,
        name="Regioner",
        unit="st",
        baseline=8,
        baseline_year=2024,
        target=21,
    )
    other_organiser.is_staff = other_organiser.is_superuser = True
    other_organiser.save()
    client.force_login(other_organiser)

    for obj, field in ((dialogue, "notes"), (indicator, "name")):
        values = full_form_values(other_organiser, obj, **{field: "Kapad"})
        assert client.post(change_url(obj), values).status_code == 403
        assert stored(obj, field) != "Kapad"
