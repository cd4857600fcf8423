"""Writes of challenge-driven work. Every rule is checked here, on the server, whoever calls
(a view, a command, the demo, a test); a refused write raises MissionError with a message for
the user and changes nothing. The database holds what it can check itself (a unit, ratings 1–5,
the range of target years). A form hands an action what it asks as typed values: a frozen
``…Details`` dataclass for a record of many fields, plain keyword arguments for a few. Django's
admin never changes what these actions guard (see ``admin.py``)."""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
from larlabb.synergies.models import Goal

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


@dataclass(frozen=True)
class ChallengeDetails:
    """What a challenge is, as its form asks it."""

    title: str
    description: str
    scope: str
    why_complex: str = ""
    actors_needed: str = ""
    goals: Sequence[Goal] = ()
    organisations: Sequence[Organisation] = ()


def _write_challenge(challenge: Challenge, details: ChallengeDetails) -> None:
    challenge.title, challenge.description = details.title, details.description
    challenge.scope, challenge.why_complex = details.scope, details.why_complex
    challenge.actors_needed = details.actors_needed
    challenge.save()
    challenge.goals.set(details.goals)
    challenge.organisations.set(details.organisations)


@transaction.atomic
def do_propose_challenge(*, actor: User, lab: Lab, details: ChallengeDetails) -> Challenge:
    """Any member of the lab proposes a challenge and becomes one of its owners; it is not
    published until an organiser publishes it."""
    _check_member(actor, lab)
    challenge = Challenge(lab=lab, proposed_by=actor)
    _write_challenge(challenge, details)
    challenge.owners.add(actor)
    return challenge


@transaction.atomic
def do_update_challenge(
    *,
    actor: User,
    challenge: Challenge,
    details: ChallengeDetails,
    owners: Sequence[User] | None = None,
) -> Challenge:
    """Change what the challenge is, and (``owners`` given) who edits it beside the lab's
    organisers."""
    _check(
        queries.can_edit_challenge(actor, challenge),
        _("Only the challenge's owners and the lab's organisers edit it."),
    )
    _write_challenge(challenge, details)
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
            ngettext(
                "You have used your %(count)d vote. Take it back to vote for this challenge.",
                "You have used your %(count)d votes. Take one back to vote for this challenge.",
                VOTES_PER_PERSON,
            )
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
    """A member's comment on a challenge or on a mission (exactly one of them)."""
    if challenge is not None:
        lab = challenge.lab
    elif mission is not None:
        lab = mission.challenge.lab
    else:
        raise ValueError("A comment is on a challenge or on a mission.")
    _check_member(actor, lab)
    text = text.strip()
    _check(bool(text), _("Write a comment first."))
    return Comment.objects.create(challenge=challenge, mission=mission, author=actor, text=text)


# --- Missions and indicators --------------------------------------------------------------


@dataclass(frozen=True)
class MissionDetails:
    """What a mission aims at, by when, and who stands behind it, as its form asks it."""

    title: str
    goal: str
    target_year: int
    owner: Organisation
    organisations: Sequence[Organisation] = ()


def _write_mission(mission: Mission, details: MissionDetails) -> None:
    mission.title, mission.goal = details.title, details.goal
    mission.target_year, mission.owner = details.target_year, details.owner
    mission.save()
    mission.organisations.set(details.organisations)


@transaction.atomic
def do_create_mission(
    *,
    actor: User,
    challenge: Challenge,
    details: MissionDetails,
    owners: Sequence[User] = (),
    today: datetime.date,
) -> Mission:
    """Give a challenge a mission; its creator runs it, with ``owners``."""
    _check(
        queries.can_edit_challenge(actor, challenge),
        _("Only the challenge's owners and the lab's organisers give it a mission."),
    )
    _check_target_year(details.target_year, today)
    mission = Mission(challenge=challenge)
    _write_mission(mission, details)
    mission.owners.set({actor, *owners})
    return mission


@transaction.atomic
def do_update_mission(
    *,
    actor: User,
    mission: Mission,
    details: MissionDetails,
    owners: Sequence[User],
    today: datetime.date,
) -> Mission:
    """Change a mission and who runs it. A new target year is checked; the stored one may stay
    even after it has passed."""
    _check(
        queries.can_edit_mission(actor, mission),
        _("Only the mission's owners and the lab's organisers edit it."),
    )
    # A model form has already put the posted values on ``mission``: compare with the stored year.
    stored = Mission.objects.filter(pk=mission.pk).values_list("target_year", flat=True).get()
    if details.target_year != stored:
        _check_target_year(details.target_year, today)
    _write_mission(mission, details)
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


@dataclass(frozen=True)
class InitiativeDetails:
    """What an expedition or experiment is, when it runs and which actors take part."""

    kind: str
    title: str
    plan: str
    starts_on: datetime.date
    ends_on: datetime.date
    hypothesis: str = ""
    organisations: Sequence[Organisation] = ()


def _write_initiative(initiative: Initiative, details: InitiativeDetails) -> None:
    _check(details.ends_on >= details.starts_on, _("The end cannot come before the start."))
    initiative.kind, initiative.title = details.kind, details.title
    initiative.hypothesis, initiative.plan = details.hypothesis, details.plan
    initiative.starts_on, initiative.ends_on = details.starts_on, details.ends_on
    initiative.save()
    initiative.organisations.set(details.organisations)


@transaction.atomic
def do_create_initiative(
    *,
    actor: User,
    mission: Mission,
    details: InitiativeDetails,
    participants: Sequence[User] = (),
) -> Initiative:
    """Add an expedition or experiment to the mission's portfolio, planned; ``participants``
    may add to its learning loop."""
    _check_mission_editor(actor, mission)
    initiative = Initiative(mission=mission, status=Initiative.Status.PLANNED)
    _write_initiative(initiative, details)
    initiative.participants.set(participants)
    return initiative


@transaction.atomic
def do_update_initiative(
    *,
    actor: User,
    initiative: Initiative,
    details: InitiativeDetails,
    participants: Sequence[User],
) -> Initiative:
    """Change what the work is and who takes part; its status moves only through the loop."""
    _check_mission_editor(actor, initiative.mission)
    _write_initiative(initiative, details)
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
    elif organisation is None:
        raise MissionError(_("Choose what the assessment is of."))
    else:
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


@dataclass(frozen=True)
class DialogueDetails:
    """A dialogue as it is recorded: when, with whom, what was said, and the challenge or
    mission of the lab it concerns."""

    held_on: datetime.date
    title: str
    kind: str
    notes: str
    participants: str = ""
    organisations: Sequence[Organisation] = ()
    challenge: Challenge | None = None
    mission: Mission | None = None


@transaction.atomic
def do_record_dialogue(*, actor: User, lab: Lab, details: DialogueDetails) -> Dialogue:
    _check(is_organiser(actor, lab), _("Only the lab's organisers record dialogues."))
    _check_links(lab, details.challenge, details.mission)
    dialogue = Dialogue.objects.create(
        lab=lab,
        held_on=details.held_on,
        title=details.title,
        kind=details.kind,
        notes=details.notes,
        participants=details.participants,
        challenge=details.challenge,
        mission=details.mission,
    )
    dialogue.organisations.set(details.organisations)
    return dialogue


@dataclass(frozen=True)
class ActionDetails:
    """A step of the action plan: what, who owns it and answers for it, by when, and the
    challenge or mission of the lab it concerns."""

    title: str
    owner: Organisation
    responsible: User
    due_on: datetime.date
    challenge: Challenge | None = None
    mission: Mission | None = None


def _write_action(action: Action, details: ActionDetails) -> Action:
    _check_links(action.lab, details.challenge, details.mission)
    action.title, action.owner = details.title, details.owner
    action.responsible, action.due_on = details.responsible, details.due_on
    action.challenge, action.mission = details.challenge, details.mission
    action.save()
    return action


def do_create_action(*, actor: User, lab: Lab, details: ActionDetails) -> Action:
    _check(is_organiser(actor, lab), _("Only the lab's organisers plan actions."))
    return _write_action(Action(lab=lab), details)


def do_update_action(*, actor: User, action: Action, details: ActionDetails) -> Action:
    """Organisers change an action: a new due date or responsible person, for instance (a new
    due date that passes brings a new reminder)."""
    _check(is_organiser(actor, action.lab), _("Only the lab's organisers plan actions."))
    return _write_action(action, details)


def do_set_action_status(*, actor: User, action: Action, status: str) -> Action:
    _check(
        queries.can_update_action(actor, action),
        _("Only the person responsible and the lab's organisers change an action's status."),
    )
    _check(status in Action.Status.values, _("There is no such status."))
    action.status = status
    action.save(update_fields=["status"])
    return action
