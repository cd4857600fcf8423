"""Breakout groups: the allocation of the room into groups over rounds, moves by hand, the
current round."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.live import groups
from larlabb.live.actions.rooms import (
    MAX_GROUPS,
    MAX_ROUNDS,
    _check,
    _emit_state,
    check_facilitator,
)
from larlabb.live.events import LiveError, lock
from larlabb.live.models import (
    Activity,
    Breakout,
    Participant,
    Seat,
)

# --- Breakout groups (facilitators) ---------------------------------------------------------


def _allocation_message(error: groups.AllocationError) -> str:
    if error.reason == "organisation-too-large":
        organisation = str(error.organisation)
        name = (
            Organisation.objects.filter(pk=int(organisation)).first()
            if organisation.isdigit()
            else None
        )
        return ngettext(
            "%(organisation)s has %(count)d person in the room, but the number of groups is only "
            "%(groups)d. Ask for more groups.",
            "%(organisation)s has %(count)d people in the room, but the number of groups is only "
            "%(groups)d, so two of them would share a group. Ask for more groups.",
            error.count or 0,
        ) % {
            "organisation": name.short_name if name else error.organisation,
            "count": error.count,
            "groups": error.groups,
        }
    if error.reason == "too-few-people":
        return _("There are fewer people in the room than groups.")
    return _("Between 1 and %(groups)d groups and 1 and %(rounds)d rounds.") % {
        "groups": MAX_GROUPS,
        "rounds": MAX_ROUNDS,
    }


def room_people(activity: Activity) -> list[Participant]:
    """The people the groups are made of: everyone in the room who is not a facilitator."""
    return list(
        Participant.objects.filter(room_id=activity.room_id, is_facilitator=False).order_by("pk")
    )


def do_allocate(
    *, actor: User, activity: Activity, group_count: int, rounds: int, seed: int = 0
) -> Breakout:
    """Split the room into ``group_count`` groups for ``rounds`` rounds: never two people of
    one organisation together, regions and agencies balanced in every group, as few repeat
    meetings as possible. In a case dialogue, one group per chosen case."""
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        _check(
            activity.kind in (Activity.Kind.BREAKOUT, Activity.Kind.CASE_DIALOGUE),
            _("This activity has no groups."),
        )
        if activity.kind == Activity.Kind.CASE_DIALOGUE:
            chosen = activity.notes.filter(chosen=True, case=None, hidden=False).count()
            _check(chosen > 0, _("Choose the cases for the groups first."))
            group_count = chosen
        _check(
            1 <= group_count <= MAX_GROUPS and 1 <= rounds <= MAX_ROUNDS,
            _("Between 1 and %(groups)d groups and 1 and %(rounds)d rounds.")
            % {"groups": MAX_GROUPS, "rounds": MAX_ROUNDS},
        )
        people = room_people(activity)
        rows = [
            (str(p.pk), str(p.organisation_id) if p.organisation_id else f"guest-{p.pk}", p.side)
            for p in people
        ]
        try:
            allocation = groups.allocate(rows, group_count, rounds, seed)
        except groups.AllocationError as error:
            raise LiveError(_allocation_message(error)) from error
        Breakout.objects.filter(activity=activity).delete()
        breakout = Breakout.objects.create(
            activity=activity, groups=group_count, rounds=rounds, seed=seed
        )
        Seat.objects.bulk_create(
            Seat(breakout=breakout, participant=person, round=r, group=allocation[r][i])
            for r in range(rounds)
            for i, person in enumerate(people)
        )
        _emit_state(activity)
    return breakout


def do_move_seat(
    *, actor: User, activity: Activity, participant: Participant, round: int, group: int
) -> list[groups.Violation]:
    """Move a person to another group in one round, by hand. Returns what the move breaks
    (two people of one organisation together, unbalanced sides), for the facilitator to see."""
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        breakout = Breakout.objects.filter(activity=activity).first()
        if breakout is None:
            raise LiveError(_("There are no groups yet."))
        _check(
            0 <= round < breakout.rounds and 0 <= group < breakout.groups,
            _("There is no such group."),
        )
        _check(participant.room_id == activity.room_id, _("That person is not in this room."))
        Seat.objects.update_or_create(
            breakout=breakout,
            participant=participant,
            round=round,
            defaults={"group": group, "moved_by_hand": True},
        )
        _emit_state(activity)
        return seat_violations(breakout)


def seat_violations(breakout: Breakout) -> list[groups.Violation]:
    seats = list(Seat.objects.filter(breakout=breakout).select_related("participant"))
    people = {s.participant_id: s.participant for s in seats}
    order = sorted(people)
    rows = [
        (
            str(pk),
            str(people[pk].organisation_id) if people[pk].organisation_id else f"guest-{pk}",
            people[pk].side,
        )
        for pk in order
    ]
    index = {pk: i for i, pk in enumerate(order)}
    allocation = [[0] * len(order) for _ in range(breakout.rounds)]
    for seat in seats:
        allocation[seat.round][index[seat.participant_id]] = seat.group
    return groups.violations(rows, breakout.groups, allocation)


def do_set_round(*, actor: User, activity: Activity, round: int) -> None:
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        breakout = Breakout.objects.filter(activity=activity).first()
        if breakout is None or not 0 <= round < breakout.rounds:
            raise LiveError(_("There is no such round."))
        breakout.current_round = round
        breakout.save(update_fields=["current_round"])
        _emit_state(activity)
