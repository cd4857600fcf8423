"""Votes: dots, poll choices and rankings, within the person's dots and while voting is open."""

from django.db import transaction
from django.utils.translation import gettext as _

from larlabb.live import rules
from larlabb.live.actions.rooms import (
    _check,
    _emit_tally,
    check_may_contribute,
)
from larlabb.live.events import lock, lock_for_votes
from larlabb.live.models import (
    Activity,
    Note,
    Participant,
    Vote,
)

# --- Votes ----------------------------------------------------------------------------------


def _check_votable(participant: Participant, activity: Activity, note: Note) -> None:
    check_may_contribute(participant, activity)
    _check(activity.accepts_votes, _("Voting is not open."))
    _check(
        note.activity_id == activity.pk
        and not note.hidden
        and note.merged_into_id is None
        and note.case_id is None,
        _("That note cannot be voted on."),
    )


def do_vote(*, participant: Participant, note: Note, value: int) -> dict[int, int]:
    """Set the person's vote on ``note``: the number of dots on it (0 takes them back), or for
    a poll 1 (chosen) or 0. A single-choice poll moves the choice. Setting the same value twice
    changes nothing, so a retried vote is safe. Returns the person's votes."""
    with transaction.atomic():
        activity = lock_for_votes(note.activity_id, participant.pk)
        _check_votable(participant, activity, note)
        votes = Vote.objects.filter(activity=activity, participant=participant)
        mine = dict(votes.values_list("note", "value"))  # read once: a full room waits less
        mode = activity.vote_mode
        if mode == "dots":
            problem = rules.dots_problem(
                used_elsewhere=sum(v for n, v in mine.items() if n != note.pk),
                value=value,
                per_person=activity.dots_per_person,
                several_per_note=activity.several_dots_per_note,
            )
            _check(problem is None, problem or "")
        else:
            _check(mode in ("single", "multiple"), _("This activity is voted on by ranking."))
            _check(value in (0, 1), _("Choose the option or leave it."))
            if mode == "single" and value and (others := [n for n in mine if n != note.pk]):
                votes.filter(note__in=others).delete()
                mine = {n: v for n, v in mine.items() if n not in others}
        current = mine.get(note.pk, 0)
        if current != value:
            if not value:
                votes.filter(note=note).delete()
                del mine[note.pk]
            elif current:
                votes.filter(note=note).update(value=value)
            else:
                Vote.objects.create(
                    activity=activity, participant=participant, note=note, value=value
                )
            if value:
                mine[note.pk] = value
            # summed after the commit: others vote at the same time, and the last results
            # sent must count every vote committed before them
            transaction.on_commit(lambda: _emit_tally(activity))
        return mine


def do_rank(*, participant: Participant, activity: Activity, order: list[int]) -> None:
    """Put the options of a ranking in order, best first (replaces the earlier ranking)."""
    with transaction.atomic():
        activity = lock(activity)
        check_may_contribute(participant, activity)
        _check(activity.vote_mode == "rank" and activity.accepts_votes, _("Voting is not open."))
        options = activity.notes.filter(hidden=False, case=None).values_list("pk", flat=True)
        problem = rules.ranking_problem(order, options)
        _check(problem is None, problem or "")
        mine = Vote.objects.filter(activity=activity, participant=participant)
        if list(mine.order_by("value").values_list("note", flat=True)) == order:
            return
        mine.delete()
        Vote.objects.bulk_create(
            Vote(activity=activity, participant=participant, note_id=note, value=place)
            for place, note in enumerate(order, start=1)
        )
        _emit_tally(activity)
