"""Where the dates tied to a workshop go when it moves, and when they no longer fit."""

import datetime
import zoneinfo

import pytest

from larlabb.labs.dependents import DependentDate, Misfit, Place, misfit, plan

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def at(day: int, hour: int = 12, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2027, month, day, hour, tzinfo=STOCKHOLM)


NOW = at(1, 8)
STARTS, ENDS = at(10, 9), at(10, 16)


@pytest.mark.parametrize(
    ("when", "place", "expected"),
    [
        (at(1, 8), Place.BEFORE, Misfit.PASSED),
        (at(1, 7), Place.AFTER, Misfit.PASSED),
        (at(9), Place.BEFORE, None),
        (STARTS, Place.BEFORE, None),
        (at(10, 10), Place.BEFORE, Misfit.AFTER_START),
        (at(10, 10), Place.AFTER, Misfit.BEFORE_END),
        (ENDS, Place.AFTER, None),
        (at(20), Place.AFTER, None),
    ],
)
def test_a_date_fits_its_workshop_on_its_own_side_and_in_the_future(when, place, expected):
    assert misfit(when, place, starts_at=STARTS, ends_at=ENDS, now=NOW) == expected


def test_every_date_moves_as_far_as_the_start_on_the_wall_clock_in_time_order():
    preparation = DependentDate("a", "Förberedelse", at(22), Place.BEFORE)
    survey = DependentDate("s", "Omgång", at(27), Place.AFTER)

    # a week later, across the change to summer time on 28 March 2027: noon stays noon
    follows = plan(
        [survey, preparation],
        was=at(24, 9),
        starts_at=at(31, 9),
        ends_at=at(31, 16),
        now=NOW,
        zone=STOCKHOLM,
    )

    assert [(f.key, f.new) for f in follows] == [("a", at(29)), ("s", at(3, month=4))]
    utc = datetime.UTC
    assert follows[1].new.astimezone(utc) - survey.at.astimezone(utc) == datetime.timedelta(
        days=7, hours=-1
    )


def test_what_would_not_fit_is_told_both_ways():
    preparation = DependentDate("a", "Förberedelse", at(8), Place.BEFORE)

    (follow,) = plan(
        [preparation], was=STARTS, starts_at=at(5, 9), ends_at=at(5, 16), now=NOW, zone=STOCKHOLM
    )

    assert follow.new == at(3)
    assert follow.if_moved is None
    assert follow.if_kept is Misfit.AFTER_START


def test_a_move_of_place_alone_moves_no_date():
    preparation = DependentDate("a", "Förberedelse", at(8), Place.BEFORE)

    assert (
        plan([preparation], was=STARTS, starts_at=STARTS, ends_at=ENDS, now=NOW, zone=STOCKHOLM)
        == []
    )
