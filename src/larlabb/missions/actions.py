"""Writes of challenge-driven work. Every rule is checked here, on the server, whoever calls
(a view, a command, the demo, a test); a refused write raises MissionError with a message for
the user and changes nothing. The database holds what it can check itself (a unit, ratings 1–5,
the range of target years). Django's admin, the organisers' back office, writes the models
directly and so is trusted with the rest."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.core.errors import Refused
from larlabb.labs.access import is_member, is_organiser
from larlabb.labs.models import Lab
from larlabb.missions import queries, rules
from larlabb.missions.models import (
    Action,
    Challenge,
    ChallengeAssessment,
    ChallengeVote,
    Comment,
    Dialogue,
    Indicator,
    Initiative,
    LearningEntry,
    Measurement,
    Mission,
    PrerequisiteAssessment,
    PrerequisiteRating,
)

VOTES_PER_PERSON = 3


class MissionError(Refused):
    """A change to challenge-driven work that the rules refuse."""


def _check(allowed: bool, message: str) -> None:
    if not allowed:
        raise MissionError(message)


def _check_member(actor: User, lab: Lab) -> None:
    _check(
        is_member(actor, lab),
        _("Only the lab's organisers and participants can do this."),
    )


def _check_target_year(target_year: int, today: datetime.date) -> None:
    problem = rules.target_year_problem(target_year, today)
    if problem:
        raise MissionError(problem)


# --- Challenges ---------------------------------------------------------------------------


@transaction.atomic
def do_propose_challenge(
    *, actor: User, lab: Lab, goals: Iterable = (), organisations: Iterable = (), **fields
) -> Challenge:
    """Any member of the lab proposes a challenge and becomes one of its owners."""
    _check_member(actor, lab)
    challenge = Challenge.objects.create(lab=lab, proposed_by=actor, **fields)
    challenge.goals.set(goals)
    challenge.organisations.set(organisations)
    challenge.owners.add(actor)
    return challenge


@transaction.atomic
def do_update_challenge(
    *,
    actor: User,
    challenge: Challenge,
    goals: Iterable,
    organisations: Iterable,
    owners: Iterable | None = None,
    **fields,
) -> Challenge:
    _check(
        queries.can_edit_challenge(actor, challenge),
        _("Only the challenge's owners and the lab's organisers edit it."),
    )
    for name, value in fields.items():
        setattr(challenge, name, value)
    challenge.save()
    challenge.goals.set(goals)
    challenge.organisations.set(organisations)
    if owners is not None:
        challenge.owners.set(owners)
    return challenge


def do_publish_challenge(*, actor: User, challenge: Challenge, published: bool) -> None:
    _check(is_organiser(actor, challenge.lab), _("Only the lab's organisers publish its work."))
    challenge.is_published = published
    challenge.save(update_fields=["is_published"])


def do_assess_challenge(
    *, actor: User, challenge: Challenge, is_complex: bool, needs_several_actors: bool
) -> ChallengeAssessment:
    _check_member(actor, challenge.lab)
    assessment, _created = ChallengeAssessment.objects.update_or_create(
        challenge=challenge,
        person=actor,
        defaults={"is_complex": is_complex, "needs_several_actors": needs_several_actors},
    )
    return assessment


@transaction.atomic
def do_vote(*, actor: User, challenge: Challenge, vote: bool) -> None:
    """Give (or take back) one of the person's votes for the most relevant challenges. The
    person's row is locked, so that simultaneous votes cannot pass the limit together."""
    _check_member(actor, challenge.lab)
    User.objects.select_for_update().filter(pk=actor.pk).first()
    existing = ChallengeVote.objects.filter(challenge=challenge, person=actor)
    if not vote:
        existing.delete()
        return
    if existing.exists():
        return
    if queries.votes_used(actor, challenge.lab) >= VOTES_PER_PERSON:
        raise MissionError(
            _("You have used your %(count)d votes. Take one back to vote for this challenge.")
            % {"count": VOTES_PER_PERSON}
        )
    try:
        with transaction.atomic():
            ChallengeVote.objects.create(challenge=challenge, person=actor)
    except IntegrityError:
        pass  # the same vote, sent twice at once


def do_comment(
    *, actor: User, text: str, challenge: Challenge | None = None, mission: Mission | None = None
) -> Comment:
    lab = (challenge or mission.challenge).lab
    _check_member(actor, lab)
    text = text.strip()
    _check(bool(text), _("Write a comment first."))
    return Comment.objects.create(challenge=challenge, mission=mission, author=actor, text=text)


# --- Missions and indicators --------------------------------------------------------------


@transaction.atomic
def do_create_mission(
    *,
    actor: User,
    challenge: Challenge,
    today: datetime.date,
    organisations: Iterable = (),
    owners: Iterable = (),
    **fields,
) -> Mission:
    _check(
        queries.can_edit_challenge(actor, challenge),
        _("Only the challenge's owners and the lab's organisers give it a mission."),
    )
    _check_target_year(fields["target_year"], today)
    mission = Mission.objects.create(challenge=challenge, **fields)
    mission.organisations.set(organisations)
    mission.owners.set({actor, *owners})
    return mission


@transaction.atomic
def do_update_mission(
    *,
    actor: User,
    mission: Mission,
    today: datetime.date,
    organisations: Iterable,
    owners: Iterable,
    **fields,
) -> Mission:
    _check(
        queries.can_edit_mission(actor, mission),
        _("Only the mission's owners and the lab's organisers edit it."),
    )
    # The form has already put the posted values on ``mission``: compare with the stored year.
    stored = Mission.objects.filter(pk=mission.pk).values_list("target_year", flat=True).get()
    if fields["target_year"] != stored:
        _check_target_year(fields["target_year"], today)
    for name, value in fields.items():
        setattr(mission, name, value)
    mission.save()
    mission.organisations.set(organisations)
    mission.owners.set(owners)
    return mission


def _check_mission_editor(actor: User, mission: Mission) -> None:
    _check(
        queries.can_edit_mission(actor, mission),
        _("Only the mission's owners and the lab's organisers can do this."),
    )


def do_add_indicator(
    *,
    actor: User,
    mission: Mission,
    name: str,
    unit: str,
    baseline: Decimal,
    baseline_year: int,
    target: Decimal,
) -> Indicator:
    _check_mission_editor(actor, mission)
    _check(bool(unit.strip()), _("Give the indicator a unit (per cent, tonnes, people…)."))
    _check(bool(name.strip()), _("Give the indicator a name."))
    return Indicator.objects.create(
        mission=mission,
        name=name.strip(),
        unit=unit.strip(),
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
    )


def do_record_measurement(
    *,
    actor: User,
    indicator: Indicator,
    measured_on: datetime.date,
    value: Decimal,
    note: str = "",
    today: datetime.date,
) -> Measurement:
    """Record (or correct) the indicator's value on a day; never a day in the future."""
    _check_mission_editor(actor, indicator.mission)
    _check(measured_on <= today, _("A measured value cannot be from the future."))
    measurement, _created = Measurement.objects.update_or_create(
        indicator=indicator, measured_on=measured_on, defaults={"value": value, "note": note}
    )
    return measurement


# --- Expeditions and experiments ----------------------------------------------------------


@transaction.atomic
def do_create_initiative(
    *,
    actor: User,
    mission: Mission,
    organisations: Iterable = (),
    participants: Iterable = (),
    **fields,
) -> Initiative:
    _check_mission_editor(actor, mission)
    _check(fields["ends_on"] >= fields["starts_on"], _("The end cannot come before the start."))
    initiative = Initiative.objects.create(
        mission=mission, status=Initiative.Status.PLANNED, **fields
    )
    initiative.organisations.set(organisations)
    initiative.participants.set(participants)
    return initiative


@transaction.atomic
def do_update_initiative(
    *,
    actor: User,
    initiative: Initiative,
    organisations: Iterable,
    participants: Iterable,
    **fields,
) -> Initiative:
    """Change what the work is and who takes part; its status moves only through the loop."""
    _check_mission_editor(actor, initiative.mission)
    _check(fields["ends_on"] >= fields["starts_on"], _("The end cannot come before the start."))
    for name, value in fields.items():
        setattr(initiative, name, value)
    initiative.save()
    initiative.organisations.set(organisations)
    initiative.participants.set(participants)
    return initiative


@transaction.atomic
def do_change_status(*, actor: User, initiative: Initiative, status: str) -> Initiative:
    """Move the work along its loop; it closes only after at least one learning entry. The row
    is locked, so a learning entry and a status change cannot cross."""
    _check_mission_editor(actor, initiative.mission)
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    _check(status in Initiative.Status.values, _("There is no such status."))
    problem = rules.transition_problem(locked.status, status, locked.learning.count())
    if problem:
        raise MissionError(problem)
    locked.status = status
    locked.save(update_fields=["status"])
    initiative.status = status
    return locked


def do_add_learning(
    *,
    actor: User,
    initiative: Initiative,
    happened_on: datetime.date,
    tried: str,
    learned: str,
    next_step: str,
    next_step_note: str = "",
    today: datetime.date,
) -> LearningEntry:
    _check(
        queries.can_add_learning(actor, initiative),
        _("Only those taking part in the work and the mission's owners add to its learning loop."),
    )
    _check(bool(tried.strip() and learned.strip()), _("Say what was tried and what was learned."))
    _check(
        next_step in LearningEntry.NextStep.values, _("Choose the next step: keep, adapt or stop.")
    )
    _check(happened_on <= today, _("A learning entry cannot be from the future."))
    return LearningEntry.objects.create(
        initiative=initiative,
        author=actor,
        happened_on=happened_on,
        tried=tried.strip(),
        learned=learned.strip(),
        next_step=next_step,
        next_step_note=next_step_note.strip(),
    )


# --- Prerequisites ------------------------------------------------------------------------


@transaction.atomic
def do_assess_prerequisites(
    *,
    actor: User,
    lab: Lab,
    ratings: Mapping[str, tuple[int, str]],
    assessed_on: datetime.date,
    mission: Mission | None = None,
    organisation: Organisation | None = None,
) -> PrerequisiteAssessment:
    """A new assessment of all seven prerequisites (1–5 and a comment each) for a mission (by
    those who run it) or an organisation (by its own people in the lab, or the organisers)."""
    if mission is not None:
        _check_mission_editor(actor, mission)
        _check(mission.challenge.lab_id == lab.pk, _("The mission belongs to another lab."))
    else:
        _check(organisation is not None, _("Choose what the assessment is of."))
        _check_member(actor, lab)
        _check(
            actor.organisation_id == organisation.pk
            or (is_organiser(actor, lab) and organisation in queries.lab_organisations(lab)),
            _("You can assess only your own organisation."),
        )
    _check(assessed_on <= timezone.localdate(), _("An assessment cannot be from the future."))
    missing = [key for key in rules.PREREQUISITE_KEYS if key not in ratings]
    _check(not missing, _("Rate every prerequisite."))
    for key in rules.PREREQUISITE_KEYS:
        problem = rules.rating_problem(ratings[key][0])
        if problem:
            raise MissionError(problem)
    assessment = PrerequisiteAssessment.objects.create(
        lab=lab,
        mission=mission,
        organisation=organisation,
        assessed_by=actor,
        assessed_on=assessed_on,
    )
    PrerequisiteRating.objects.bulk_create(
        PrerequisiteRating(
            assessment=assessment, item=key, value=ratings[key][0], comment=ratings[key][1][:500]
        )
        for key in rules.PREREQUISITE_KEYS
    )
    return assessment


# --- Dialogues and the action plan --------------------------------------------------------


def _check_links(lab: Lab, challenge: Challenge | None, mission: Mission | None) -> None:
    _check(
        challenge is None or challenge.lab_id == lab.pk, _("The challenge belongs to another lab.")
    )
    _check(
        mission is None or mission.challenge.lab_id == lab.pk,
        _("The mission belongs to another lab."),
    )


@transaction.atomic
def do_record_dialogue(
    *, actor: User, lab: Lab, organisations: Iterable = (), **fields
) -> Dialogue:
    _check(is_organiser(actor, lab), _("Only the lab's organisers record dialogues."))
    _check_links(lab, fields.get("challenge"), fields.get("mission"))
    dialogue = Dialogue.objects.create(lab=lab, **fields)
    dialogue.organisations.set(organisations)
    return dialogue


def do_create_action(*, actor: User, lab: Lab, **fields) -> Action:
    _check(is_organiser(actor, lab), _("Only the lab's organisers plan actions."))
    _check_links(lab, fields.get("challenge"), fields.get("mission"))
    return Action.objects.create(lab=lab, **fields)


def do_update_action(*, actor: User, action: Action, **fields) -> Action:
    """Organisers change an action: a new due date or responsible person, for instance."""
    _check(is_organiser(actor, action.lab), _("Only the lab's organisers plan actions."))
    _check_links(action.lab, fields.get("challenge"), fields.get("mission"))
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    return action


def do_set_action_status(*, actor: User, action: Action, status: str) -> Action:
    _check(
        queries.can_update_action(actor, action),
        _("Only the person responsible and the lab's organisers change an action's status."),
    )
    _check(status in Action.Status.values, _("There is no such status."))
    action.status = status
    action.save(update_fields=["status"])
    return action
