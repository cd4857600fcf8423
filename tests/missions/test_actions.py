"""Every rule of challenge-driven work, checked where it is enforced: in the actions, on the
server, whoever calls them. A refused write changes nothing."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from larlabb.missions import actions, rules
from larlabb.missions.actions import MissionError
from larlabb.missions.models import (
    Challenge,
    ChallengeVote,
    Indicator,
    Initiative,
    Mission,
    PrerequisiteAssessment,
    PrerequisiteRating,
)
from tests.factories import LabFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refused(message_part: str):
    return pytest.raises(MissionError, match=message_part)


def all_ratings(value=3):
    return dict.fromkeys(rules.PREREQUISITE_KEYS, (value, ""))


def text(title: str, **more) -> actions.ChallengeDetails:
    return actions.ChallengeDetails(title=title, description="…", scope="regional", **more)


def aim(title: str, year: int, owner, **more) -> actions.MissionDetails:
    return actions.MissionDetails(title=title, goal="…", target_year=year, owner=owner, **more)


def test_a_participant_proposes_a_challenge_and_owns_it(lab, sanna):
    challenge = actions.do_propose_challenge(actor=sanna, lab=lab, details=text("Klimat"))

    assert list(challenge.owners.all()) == [sanna]
    assert not challenge.is_published


def test_nobody_outside_the_lab_proposes_a_challenge(lab, other_organiser):
    outsider = UserFactory()
    for person in (outsider, other_organiser):
        with refused("Only the lab's organisers and participants"):
            actions.do_propose_challenge(actor=person, lab=lab, details=text("X"))
    assert not Challenge.objects.exists()


def test_owners_and_organisers_edit_a_challenge_and_other_participants_do_not(
    challenge, sanna, anna, olle_organiser, other_organiser
):
    details = text("Ny titel")
    with refused("Only the challenge's owners"):
        actions.do_update_challenge(actor=sanna, challenge=challenge, details=details)
    with refused("Only the challenge's owners"):
        actions.do_update_challenge(actor=other_organiser, challenge=challenge, details=details)
    challenge.refresh_from_db()
    assert challenge.title == "Kompetensförsörjning"

    actions.do_update_challenge(actor=anna, challenge=challenge, details=details)
    actions.do_update_challenge(actor=olle_organiser, challenge=challenge, details=details)
    challenge.refresh_from_db()
    assert challenge.title == "Ny titel"


def test_only_the_labs_organisers_publish(challenge, anna, olle_organiser):
    with refused("Only the lab's organisers publish"):
        actions.do_publish_challenge(actor=anna, challenge=challenge, published=True)
    actions.do_publish_challenge(actor=olle_organiser, challenge=challenge, published=True)
    challenge.refresh_from_db()
    assert challenge.is_published


def test_each_member_has_three_votes_and_may_take_one_back(lab, challenge, anna, sanna):
    others = [
        actions.do_propose_challenge(actor=anna, lab=lab, details=text(f"Utmaning {n}"))
        for n in range(3)
    ]
    for target in others:
        actions.do_vote(actor=sanna, challenge=target, vote=True)
    actions.do_vote(actor=sanna, challenge=others[0], vote=True)  # the same vote again
    with refused("You have used your 3 votes"):
        actions.do_vote(actor=sanna, challenge=challenge, vote=True)
    assert ChallengeVote.objects.filter(person=sanna).count() == 3

    actions.do_vote(actor=sanna, challenge=others[0], vote=False)
    actions.do_vote(actor=sanna, challenge=challenge, vote=True)
    assert set(ChallengeVote.objects.filter(person=sanna).values_list("challenge", flat=True)) == {
        challenge.pk,
        others[1].pk,
        others[2].pk,
    }


def test_the_votes_of_another_lab_do_not_count_here(challenge, sanna, olle_organiser):
    other_lab = LabFactory(organisers=[olle_organiser])
    for n in range(3):
        elsewhere = actions.do_propose_challenge(
            actor=olle_organiser, lab=other_lab, details=text(f"A{n}")
        )
        ChallengeVote.objects.create(challenge=elsewhere, person=sanna)

    actions.do_vote(actor=sanna, challenge=challenge, vote=True)

    assert challenge.votes.count() == 1


def test_outsiders_neither_vote_nor_assess_nor_comment(challenge, other_organiser):
    with refused("Only the lab's"):
        actions.do_vote(actor=other_organiser, challenge=challenge, vote=True)
    with refused("Only the lab's"):
        actions.do_assess_challenge(
            actor=other_organiser, challenge=challenge, is_complex=True, needs_several_actors=True
        )
    with refused("Only the lab's"):
        actions.do_comment(actor=other_organiser, challenge=challenge, text="Hej")
    assert not challenge.votes.exists()
    assert not challenge.assessments.exists()
    assert not challenge.comments.exists()


def test_an_assessment_is_one_per_person_and_can_be_changed(challenge, sanna):
    actions.do_assess_challenge(
        actor=sanna, challenge=challenge, is_complex=True, needs_several_actors=False
    )
    actions.do_assess_challenge(
        actor=sanna, challenge=challenge, is_complex=True, needs_several_actors=True
    )

    (assessment,) = challenge.assessments.all()
    assert assessment.needs_several_actors


def test_a_mission_with_a_target_year_in_the_past_is_refused(challenge, anna, agency, today):
    with refused(f"The target year {today.year - 1} has passed"):
        actions.do_create_mission(
            actor=anna,
            challenge=challenge,
            today=today,
            details=aim("För sent", today.year - 1, agency),
        )
    assert not Mission.objects.exists()


def test_only_owners_and_organisers_give_a_challenge_a_mission(
    challenge, sanna, other_organiser, agency, today
):
    for person in (sanna, other_organiser):
        with refused("give it a mission"):
            actions.do_create_mission(
                actor=person,
                challenge=challenge,
                today=today,
                details=aim("M", today.year + 8, agency),
            )
    assert not Mission.objects.exists()


def test_the_creator_runs_the_mission_and_a_mission_owner_edits_it(
    mission, anna, sanna, olle_organiser, agency, today
):
    assert list(mission.owners.all()) == [anna]
    details, owners = aim("Ny", today.year + 10, agency), [anna, sanna]
    with refused("Only the mission's owners"):
        actions.do_update_mission(
            actor=sanna, mission=mission, details=details, owners=owners, today=today
        )
    actions.do_update_mission(
        actor=olle_organiser, mission=mission, details=details, owners=owners, today=today
    )
    # Sanna now runs it, and may edit it.
    actions.do_update_mission(
        actor=sanna,
        mission=mission,
        details=aim("S", today.year + 10, agency),
        owners=owners,
        today=today,
    )
    mission.refresh_from_db()
    assert mission.title == "S"


def test_an_indicator_needs_a_unit(mission, anna):
    with refused("Give the indicator a unit"):
        actions.do_add_indicator(
            actor=anna,
            mission=mission,
            name="Regioner",
            unit="  ",
            baseline=Decimal(8),
            baseline_year=2024,
            target=Decimal(21),
        )
    assert not Indicator.objects.exists()
    # The database refuses it too, whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(
            mission=mission, name="X", unit="", baseline=1, baseline_year=2024, target=2
        )


def test_measured_values_are_recorded_over_time_and_never_from_the_future(mission, anna, today):
    indicator = actions.do_add_indicator(
        actor=anna,
        mission=mission,
        name="Regioner",
        unit="antal",
        baseline=Decimal(8),
        baseline_year=2024,
        target=Decimal(21),
    )
    actions.do_record_measurement(
        actor=anna, indicator=indicator, measured_on=today, value=Decimal(10), today=today
    )
    actions.do_record_measurement(
        actor=anna, indicator=indicator, measured_on=today, value=Decimal(11), today=today
    )
    with refused("cannot be from the future"):
        actions.do_record_measurement(
            actor=anna,
            indicator=indicator,
            measured_on=today + datetime.timedelta(days=1),
            value=Decimal(12),
            today=today,
        )
    assert [m.value for m in indicator.measurements.all()] == [Decimal(11)]


def test_an_experiment_closes_only_after_a_learning_entry(experiment, anna, sanna, today):
    actions.do_change_status(actor=anna, initiative=experiment, status="running")
    with refused("Write at least one learning entry"):
        actions.do_change_status(actor=anna, initiative=experiment, status="completed")
    experiment.refresh_from_db()
    assert experiment.status == "running"

    actions.do_add_learning(
        actor=sanna,
        initiative=experiment,
        happened_on=today,
        tried="En workshop",
        learned="Data saknas",
        next_step="adapt",
        today=today,
    )
    actions.do_change_status(actor=anna, initiative=experiment, status="completed")
    experiment.refresh_from_db()
    assert experiment.status == "completed"


def test_planned_work_cannot_jump_to_completed(experiment, anna, sanna, today):
    actions.do_add_learning(
        actor=sanna,
        initiative=experiment,
        happened_on=today,
        tried="Förstudie",
        learned="…",
        next_step="keep",
        today=today,
    )
    with refused("cannot go straight"):
        actions.do_change_status(actor=anna, initiative=experiment, status="completed")
    with refused("There is no such status"):
        actions.do_change_status(actor=anna, initiative=experiment, status="finished")


def test_those_taking_part_add_learning_and_other_participants_do_not(
    lab, experiment, sanna, region_skane, today
):
    from tests.missions.conftest import register

    bystander = register(lab, UserFactory(organisation=region_skane))
    entry = {
        "happened_on": today,
        "tried": "Något",
        "learned": "Något annat",
        "next_step": "keep",
        "today": today,
    }
    with refused("Only those taking part"):
        actions.do_add_learning(actor=bystander, initiative=experiment, **entry)
    with refused("cannot be from the future"):
        actions.do_add_learning(
            actor=sanna,
            initiative=experiment,
            **entry | {"happened_on": today + datetime.timedelta(days=1)},
        )
    with refused("Choose the next step"):
        actions.do_add_learning(actor=sanna, initiative=experiment, **entry | {"next_step": "x"})
    with refused("Say what was tried"):
        actions.do_add_learning(actor=sanna, initiative=experiment, **entry | {"learned": " "})
    assert not experiment.learning.exists()
    actions.do_add_learning(actor=sanna, initiative=experiment, **entry)
    assert experiment.learning.count() == 1


def test_an_experiment_ends_after_it_starts(mission, anna, today):
    with refused("The end cannot come before the start"):
        actions.do_create_initiative(
            actor=anna,
            mission=mission,
            details=actions.InitiativeDetails(
                kind="expedition",
                title="Bakåt",
                plan="…",
                starts_on=today,
                ends_on=today - datetime.timedelta(days=1),
            ),
        )
    assert not Initiative.objects.exists()


def test_prerequisites_are_rated_one_to_five_every_one_of_them(lab, mission, anna, today):
    with refused("Each rating is a whole number from 1 to 5"):
        actions.do_assess_prerequisites(
            actor=anna,
            lab=lab,
            mission=mission,
            assessed_on=today,
            ratings=all_ratings() | {"iterative": (6, "")},
        )
    with refused("Rate every prerequisite"):
        ratings = all_ratings()
        del ratings["learning_valued"]
        actions.do_assess_prerequisites(
            actor=anna, lab=lab, mission=mission, assessed_on=today, ratings=ratings
        )
    assert not PrerequisiteAssessment.objects.exists()

    actions.do_assess_prerequisites(
        actor=anna, lab=lab, mission=mission, assessed_on=today, ratings=all_ratings(4)
    )
    assert PrerequisiteRating.objects.filter(value=4).count() == 7
    with pytest.raises(IntegrityError), transaction.atomic():
        PrerequisiteRating.objects.filter(item="iterative").update(value=0)


def test_people_assess_their_own_organisation_only(lab, sanna, anna, region_skane, agency, today):
    with refused("only your own organisation"):
        actions.do_assess_prerequisites(
            actor=sanna, lab=lab, organisation=agency, assessed_on=today, ratings=all_ratings()
        )
    actions.do_assess_prerequisites(
        actor=sanna, lab=lab, organisation=region_skane, assessed_on=today, ratings=all_ratings()
    )
    assert PrerequisiteAssessment.objects.get().organisation == region_skane


def test_a_mission_of_another_lab_is_not_assessed_here(mission, olle_organiser, today):
    other_lab = LabFactory(organisers=[olle_organiser])
    with refused("The mission belongs to another lab"):
        actions.do_assess_prerequisites(
            actor=olle_organiser,
            lab=other_lab,
            mission=mission,
            assessed_on=today,
            ratings=all_ratings(),
        )


def test_only_organisers_plan_and_the_responsible_person_updates(
    lab, mission, anna, sanna, olle_organiser, agency, today
):
    details = actions.ActionDetails(title="PM", owner=agency, responsible=anna, due_on=today)
    with refused("Only the lab's organisers plan actions"):
        actions.do_create_action(actor=anna, lab=lab, details=details)
    action = actions.do_create_action(
        actor=olle_organiser, lab=lab, details=replace(details, mission=mission)
    )

    with refused("Only the person responsible"):
        actions.do_set_action_status(actor=sanna, action=action, status="done")
    actions.do_set_action_status(actor=anna, action=action, status="in_progress")
    with refused("There is no such status"):
        actions.do_set_action_status(actor=anna, action=action, status="later")
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_dialogues_and_actions_link_only_to_the_labs_own_work(
    mission, olle_organiser, agency, today
):
    other_lab = LabFactory(organisers=[olle_organiser])
    with refused("The mission belongs to another lab"):
        actions.do_record_dialogue(
            actor=olle_organiser,
            lab=other_lab,
            details=actions.DialogueDetails(
                held_on=today, title="Dialog", kind="regions", notes="…", mission=mission
            ),
        )
    with refused("The mission belongs to another lab"):
        actions.do_create_action(
            actor=olle_organiser,
            lab=other_lab,
            details=actions.ActionDetails(
                title="X", owner=agency, responsible=olle_organiser, due_on=today, mission=mission
            ),
        )
    assert not other_lab.dialogues.exists()
    assert not other_lab.actions.exists()


def test_organisers_assess_only_organisations_of_the_lab(
    lab, sanna, olle_organiser, region_skane, today
):
    from tests.factories import OrganisationFactory

    stranger = OrganisationFactory(name="Främmande AB", kind="business")
    with refused("only your own organisation"):
        actions.do_assess_prerequisites(
            actor=olle_organiser,
            lab=lab,
            organisation=stranger,
            assessed_on=today,
            ratings=all_ratings(),
        )
    actions.do_assess_prerequisites(
        actor=olle_organiser,
        lab=lab,
        organisation=region_skane,  # Sanna's, registered
        assessed_on=today,
        ratings=all_ratings(),
    )


def test_an_assessment_cannot_be_from_the_future(lab, mission, anna, today):
    with refused("cannot be from the future"):
        actions.do_assess_prerequisites(
            actor=anna,
            lab=lab,
            mission=mission,
            assessed_on=today + datetime.timedelta(days=1),
            ratings=all_ratings(),
        )
    assert not PrerequisiteAssessment.objects.exists()


def test_owners_of_a_challenge_are_changed_by_those_who_edit_it(challenge, anna, sanna):
    actions.do_update_challenge(
        actor=anna, challenge=challenge, details=text("Kompetensförsörjning"), owners=[anna, sanna]
    )
    actions.do_update_challenge(actor=sanna, challenge=challenge, details=text("Sannas titel"))
    challenge.refresh_from_db()
    assert challenge.title == "Sannas titel"
    assert set(challenge.owners.all()) == {anna, sanna}


def test_only_organisers_record_dialogues(lab, anna, olle_organiser, today):
    details = actions.DialogueDetails(held_on=today, title="Dialog", kind="regions", notes="…")
    with refused("Only the lab's organisers record dialogues"):
        actions.do_record_dialogue(actor=anna, lab=lab, details=details)
    assert not lab.dialogues.exists()
    actions.do_record_dialogue(actor=olle_organiser, lab=lab, details=details)
    assert lab.dialogues.count() == 1


def test_an_empty_comment_is_refused(challenge, sanna):
    with refused("Write a comment first"):
        actions.do_comment(actor=sanna, challenge=challenge, text="   ")
    assert not challenge.comments.exists()
