"""Dates that hang on a workshop's time, as the labs app may ask of them and move them.

Labs do not know what other apps tie to a workshop: an assignment due before it, the survey
round that closes before the first workshop and opens after the last. Those apps sit above
labs and register a source here when they start (``OutcomesConfig.ready``); with none
installed, nothing depends on a workshop.

When a workshop moves, every date tied to it that has not passed *follows* it: it shifts by as
much as the workshop's start moves, on the clock of Stockholm (a preparation due at noon stays
due at noon across a change to summer time). The move page lists each such date with its old and new
value and lets the organiser keep it instead, with a warning where a date would no longer fit
(:func:`misfit`); :func:`larlabb.labs.actions.do_move_workshop` shifts every date not kept.
Reminders are sent from these dates, so they follow too.
"""

import datetime
import enum
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from larlabb.labs.models import Workshop, stockholm


class Place(enum.StrEnum):
    """Where a date belongs, as seen from its workshop."""

    BEFORE = "before"  # by the time the workshop starts (a preparation, the first round)
    AFTER = "after"  # once the workshop has ended (homework, the second round)


class Misfit(enum.StrEnum):
    """Why a date would no longer fit its workshop."""

    PASSED = "passed"  # it would lie in the past
    AFTER_START = "after_start"  # it belongs before the workshop but would fall after its start
    BEFORE_END = "before_end"  # it belongs after the workshop but would fall before its end


@dataclass(frozen=True)
class DependentDate:
    """One date tied to a workshop, as a source lists it: ``key`` names it among the
    workshop's dates (the same when the page lists it and when the move shifts it), ``label``
    says what it is in the active language."""

    key: str
    label: str
    at: datetime.datetime
    place: Place


@dataclass(frozen=True)
class Follow:
    """A dependent date and where a move takes it, with what would not fit if it moved
    (``if_moved``) or stayed (``if_kept``)."""

    date: DependentDate
    new: datetime.datetime
    if_moved: Misfit | None
    if_kept: Misfit | None

    @property
    def key(self) -> str:
        return self.date.key


def misfit(
    at: datetime.datetime,
    place: Place,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    now: datetime.datetime,
) -> Misfit | None:
    """Why ``at`` would not fit a workshop from ``starts_at`` to ``ends_at`` at ``now``:
    a date in the past never fits; a date that belongs before the workshop fits up to its
    start, one that belongs after it from its end."""
    if at <= now:
        return Misfit.PASSED
    if place is Place.BEFORE and at > starts_at:
        return Misfit.AFTER_START
    if place is Place.AFTER and at < ends_at:
        return Misfit.BEFORE_END
    return None


def shifted(
    at: datetime.datetime, by: datetime.timedelta, zone: datetime.tzinfo
) -> datetime.datetime:
    """``at`` moved ``by`` on the wall clock of ``zone``."""
    return ((at.astimezone(zone).replace(tzinfo=None)) + by).replace(tzinfo=zone)


def plan(
    dates: Iterable[DependentDate],
    *,
    was: datetime.datetime,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    now: datetime.datetime,
    zone: datetime.tzinfo,
) -> list[Follow]:
    """Where each of ``dates`` goes when its workshop, which started at ``was``, moves to
    ``starts_at`` – ``ends_at``: as far as the start moves on the wall clock of ``zone``. In
    time order; nothing when the start does not change."""
    by = starts_at.astimezone(zone).replace(tzinfo=None) - was.astimezone(zone).replace(tzinfo=None)
    if not by:
        return []
    window = {"starts_at": starts_at, "ends_at": ends_at, "now": now}
    follows = []
    for date in dates:
        new = shifted(date.at, by, zone)
        follows.append(
            Follow(
                date, new, misfit(new, date.place, **window), misfit(date.at, date.place, **window)
            )
        )
    return sorted(follows, key=lambda follow: (follow.date.at, follow.key))


class Source(Protocol):
    def dates_of(self, workshop: Workshop, *, now: datetime.datetime) -> Iterable[DependentDate]:
        """The dates tied to ``workshop`` (at its time before the move) that are still to
        come at ``now``."""
        ...

    def shift(self, workshop: Workshop, moved: Mapping[str, datetime.datetime]) -> None:
        """Set each of this source's dates whose key is in ``moved`` to its new time (keys of
        other sources are ignored); raise a ``Refused`` error when the new dates do not hold
        together. Called inside the move's transaction."""
        ...


_sources: list[Source] = []


def register(source: Source) -> None:
    """Add ``source`` to the apps that tie dates to a workshop (each calls this once at
    start-up)."""
    if source not in _sources:
        _sources.append(source)


def follows(
    workshop: Workshop,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    now: datetime.datetime,
) -> list[Follow]:
    """The dates tied to ``workshop`` and where moving it to ``starts_at`` – ``ends_at`` takes
    them."""
    dates = [date for source in _sources for date in source.dates_of(workshop, now=now)]
    return plan(
        dates,
        was=workshop.starts_at,
        starts_at=starts_at,
        ends_at=ends_at,
        now=now,
        zone=stockholm(),
    )


def shift(workshop: Workshop, planned: Iterable[Follow], *, keep: Collection[str] = ()) -> None:
    """Move every date of ``planned`` that is not in ``keep`` (keys) to its new time."""
    moved = {follow.key: follow.new for follow in planned if follow.key not in keep}
    if moved:
        for source in _sources:
            source.shift(workshop, moved)
