"""Foresight 2030: ratings of the trends, the scenario axes and the scenarios' narratives."""

from django.db import transaction
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.live.actions.rooms import _check, check_facilitator, check_may_contribute
from larlabb.live.events import emit, lock
from larlabb.live.models import Activity, Column, Note, Participant, Rating, ScenarioAxes

# The keys that name the four scenario columns (kind "scenario"), in the order A–D of their
# titles.
QUADRANT_KEYS = ("q1", "q2", "q3", "q4")


def _trend_of(activity: Activity, note: Note) -> None:
    _check(
        activity.kind == Activity.Kind.FORESIGHT
        and note.activity_id == activity.pk
        and note.column is not None
        and note.column.kind == Column.Kind.BOARD
        and not note.hidden,
        _("That is not a trend of this foresight."),
    )


def do_rate(*, participant: Participant, trend: Note, impact: int, uncertainty: int) -> None:
    """A participant rates a trend's impact and uncertainty (1–5) while the rating is open;
    rating again replaces the earlier rating."""
    _check(
        impact in range(1, 6) and uncertainty in range(1, 6),
        _("Impact and uncertainty are rated from 1 to 5."),
    )
    with transaction.atomic():
        activity = lock(trend.activity_id)
        check_may_contribute(participant, activity)
        _trend_of(activity, trend)
        _check(activity.voting_open, _("The rating is not open."))
        Rating.objects.update_or_create(
            trend=trend,
            participant=participant,
            defaults={"impact": impact, "uncertainty": uncertainty},
        )
        emit(activity, "ratings", {"public": activity.revealed})


def do_choose_axes(*, actor: User, activity: Activity, x: Note, y: Note) -> None:
    """The facilitator takes two critical uncertainties as the scenario axes; the four
    quadrants become scenario columns that collect notes and a narrative each."""
    _check(x.pk != y.pk, _("Choose two different trends."))
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        _trend_of(activity, x)
        _trend_of(activity, y)
        ScenarioAxes.objects.update_or_create(activity=activity, defaults={"x": x, "y": y})
        names = {"x": x.text[:40], "y": y.text[:40]}
        titles = [
            _("A: %(x)s high, %(y)s high") % names,
            _("B: %(x)s low, %(y)s high") % names,
            _("C: %(x)s low, %(y)s low") % names,
            _("D: %(x)s high, %(y)s low") % names,
        ]
        for position, (key, title) in enumerate(zip(QUADRANT_KEYS, titles, strict=True)):
            Column.objects.update_or_create(
                activity=activity,
                key=key,
                defaults={
                    "kind": Column.Kind.SCENARIO,
                    "title": title[:100],
                    "position": 10 + position,
                },
            )
        emit(activity, "state", {})


def do_write_narrative(*, actor: User, column: Column, narrative: str) -> None:
    """The facilitator writes the short narrative of a scenario."""
    narrative = narrative.strip()
    _check(len(narrative) <= 2000, _("A narrative may be at most 2000 characters."))
    with transaction.atomic():
        activity = lock(column.activity_id)
        check_facilitator(actor, activity.room.workshop)
        _check(column.kind == Column.Kind.SCENARIO, _("Only scenarios have a narrative."))
        column.narrative = narrative
        column.save(update_fields=["narrative"])
        emit(activity, "state", {})
