"""The rules of the live room as pure functions: plain values in, plain values out."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from larlabb.actors.sides import BOTH
from larlabb.core.text import clean_typed
from larlabb.live.models import NOTE_MAX_LENGTH, TITLE_MAX_LENGTH


def clean_text(text: str, *, limit: int = NOTE_MAX_LENGTH, required: bool = True) -> str:
    """The text of a note with its whitespace tidied; raises ValueError with a message for the
    person when it is empty or longer than ``limit``. Markup is kept as typed: every screen
    shows notes as plain text."""
    cleaned = " ".join(clean_typed(text or "").split())
    if required and not cleaned:
        raise ValueError(_("Write something first."))
    if len(cleaned) > limit:
        raise ValueError(
            ngettext(
                "A note may be at most %(count)d character; this one has %(length)d.",
                "A note may be at most %(count)d characters; this one has %(length)d.",
                limit,
            )
            % {"count": limit, "length": len(cleaned)}
        )
    return cleaned


def clean_title(title: str) -> str:
    return clean_text(title, limit=TITLE_MAX_LENGTH)


def dots_problem(
    *, used_elsewhere: int, value: int, per_person: int, several_per_note: bool
) -> str | None:
    """Why a person may not put ``value`` dots on a note when they have ``used_elsewhere``
    dots on other notes, or None."""
    if value < 0:
        return _("The number of dots cannot be negative.")
    if value > 1 and not several_per_note:
        return _("One dot per note in this vote.")
    if used_elsewhere + value > per_person:
        return ngettext(
            "You have used your %(count)d dot; you have none left.",
            "You have used all your %(count)d dots; you have none left.",
            per_person,
        ) % {"count": per_person}
    return None


def ranking_problem(order: list[int], options: Iterable[int]) -> str | None:
    """Why ``order`` (note ids, best first) is not a ranking of ``options``, or None. A
    ranking may leave options out, but names each at most once."""
    allowed = set(options)
    if not order:
        return _("Put at least one option in order.")
    if len(set(order)) != len(order):
        return _("Each option can have only one place.")
    if not set(order) <= allowed:
        return _("That option is not part of this ranking.")
    return None


def totals(
    votes: Iterable[tuple[int, int]], merged_into: Mapping[int, int | None]
) -> dict[int, int]:
    """The total of each note from (note id, value) pairs, the votes of a merged note counted
    on the note it was merged into."""
    result: dict[int, int] = defaultdict(int)
    for note, value in votes:
        result[merged_into.get(note) or note] += value
    return dict(result)


def borda(rankings: Mapping[int, list[int]], options: list[int]) -> dict[int, int]:
    """Borda points of each option: with n options, first place gives n−1 points, second n−2,
    and an option left out of a ranking gets nothing from it."""
    points = dict.fromkeys(options, 0)
    count = len(options)
    for order in rankings.values():
        for place, option in enumerate(order):
            if option in points:
                points[option] += max(count - 1 - place, 0)
    return points


def rank_spread(rankings: Mapping[int, list[int]]) -> dict[int, list[int]]:
    """For each option ranked by someone, the best and the worst place it was given (1 is
    first): how far the room agrees on it."""
    places: dict[int, list[int]] = {}
    for order in rankings.values():
        for place, option in enumerate(order, start=1):
            best, worst = places.get(option, [place, place])
            places[option] = [min(best, place), max(worst, place)]
    return places


def meeting_points(notes: Iterable[Mapping[str, Any]]) -> dict[str, list[int]]:
    """Where the perspectives meet: the themes, and the groups of merged notes, that hold notes
    of both regions and agencies. ``notes`` are dicts with id, side, theme, merged_into."""
    theme_sides: dict[int, set[str]] = defaultdict(set)
    group_sides: dict[int, set[str]] = defaultdict(set)
    for note in notes:
        if note.get("hidden"):
            continue
        if note.get("theme"):
            theme_sides[note["theme"]].add(note["side"])
        group_sides[note.get("merged_into") or note["id"]].add(note["side"])
    return {
        "themes": sorted(t for t, sides in theme_sides.items() if sides >= BOTH),
        "notes": sorted(n for n, sides in group_sides.items() if sides >= BOTH),
    }
