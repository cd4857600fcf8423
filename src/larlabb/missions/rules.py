"""The rules of challenge-driven work as pure functions: plain data in, plain data out, no ORM
and no HTTP, so that models, views, commands and tests share one definition of each rule."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from larlabb.actors.sides import AGENCY, REGION

# --- The election horizon -----------------------------------------------------------------

FIRST_ELECTION_YEAR = 2022  # Sweden's general elections fall every fourth year from here.
LATEST_TARGET_YEAR = 2100


def election_day(year: int) -> datetime.date:
    """The second Sunday of September of ``year`` (Vallag 2005:837, 1 kap. 3 §)."""
    first = datetime.date(year, 9, 1)
    first_sunday = first + datetime.timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + datetime.timedelta(days=7)


def next_general_election(after: datetime.date) -> datetime.date:
    """The first general election day strictly after ``after``: the second Sunday of September
    in 2022, 2026, 2030 … (every fourth year). On an election day itself the answer is the
    election four years later."""
    year = after.year + (FIRST_ELECTION_YEAR - after.year) % 4
    day = election_day(year)
    return day if day > after else election_day(year + 4)


def reaches_beyond_election(target_year: int, today: datetime.date) -> bool:
    """Whether a mission's target year lies beyond the next general election: the seed asks
    for long-term goals beyond the four-year political terms."""
    return target_year > next_general_election(today).year


def target_year_problem(target_year: int, today: datetime.date) -> str | None:
    """Why ``target_year`` cannot be a mission's target year, or None."""
    if target_year < today.year:
        return _("The target year %(year)d has passed.") % {"year": target_year}
    if target_year > LATEST_TARGET_YEAR:
        return _("Choose a target year no later than %(year)d.") % {"year": LATEST_TARGET_YEAR}
    return None


# --- Breadth of actors --------------------------------------------------------------------

BROAD_KINDS = ("municipality", "civil_society", "youth")


@dataclass(frozen=True)
class Breadth:
    """Which of the kinds of actor the seed asks for take part."""

    kinds: frozenset[str]

    @property
    def present(self) -> list[str]:
        return [kind for kind in BROAD_KINDS if kind in self.kinds]

    @property
    def missing(self) -> list[str]:
        return [kind for kind in BROAD_KINDS if kind not in self.kinds]

    @property
    def has_regions(self) -> bool:
        return REGION in self.kinds

    @property
    def has_agencies(self) -> bool:
        return AGENCY in self.kinds

    @property
    def is_narrow(self) -> bool:
        """No municipality, civil society or youth organisation takes part."""
        return not self.present


def breadth(kinds: Iterable[str]) -> Breadth:
    return Breadth(frozenset(kinds))


# --- Experiments and expeditions ----------------------------------------------------------

PLANNED, RUNNING, COMPLETED, STOPPED = "planned", "running", "completed", "stopped"
CLOSED = (COMPLETED, STOPPED)
TRANSITIONS = {
    PLANNED: {RUNNING, STOPPED},
    RUNNING: {COMPLETED, STOPPED},
    COMPLETED: {RUNNING},
    STOPPED: {RUNNING},
}


def transition_problem(current: str, new: str, learning_entries: int) -> str | None:
    """Why an expedition or experiment cannot go from ``current`` to ``new``, or None. Work is
    closed only through the learning loop: at least one entry of what was tried and learned."""
    if new == current:
        return None
    if new not in TRANSITIONS.get(current, set()):
        return _("The work cannot go straight from “%(current)s” to “%(new)s”.") % {
            "current": STATUS_LABELS[current],
            "new": STATUS_LABELS[new],
        }
    if new in CLOSED and learning_entries == 0:
        return _(
            "Write at least one learning entry (what was tried, what was learned, the next "
            "step) before closing the work."
        )
    return None


STATUS_LABELS = {
    PLANNED: gettext_lazy("Planned"),
    RUNNING: gettext_lazy("Running"),
    COMPLETED: gettext_lazy("Completed"),
    STOPPED: gettext_lazy("Stopped"),
}


# --- Prerequisites ------------------------------------------------------------------------

PREREQUISITES = [
    ("long_term_goals", gettext_lazy("Long-term goals beyond the political term")),
    ("broad_actors", gettext_lazy("A broad range of actors")),
    ("trust_actors", gettext_lazy("Trust between the actors")),
    ("trust_management", gettext_lazy("Trust between management and experts")),
    ("iterative", gettext_lazy("An iterative way of working")),
    ("time_for_reflection", gettext_lazy("Time for conversation, reflection and process")),
    ("learning_valued", gettext_lazy("Learning is valued highly")),
]
PREREQUISITE_KEYS = [key for key, _label in PREREQUISITES]
RATING_MIN, RATING_MAX = 1, 5


def rating_problem(value: int | None) -> str | None:
    if value is None or not RATING_MIN <= value <= RATING_MAX:
        return _("Each rating is a whole number from 1 to 5.")
    return None


def rating_change(
    previous: Mapping[str, int] | None, current: Mapping[str, int]
) -> dict[str, int | None]:
    """The change of each prerequisite since the previous assessment (None without one)."""
    return {
        key: (current[key] - previous[key]) if previous and key in previous else None
        for key in PREREQUISITE_KEYS
        if key in current
    }


# --- Actions ------------------------------------------------------------------------------

OPEN_ACTION_STATUSES = ("open", "in_progress")


def is_overdue(due_on: datetime.date | None, status: str, today: datetime.date) -> bool:
    return due_on is not None and status in OPEN_ACTION_STATUSES and due_on < today
