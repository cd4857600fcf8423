import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larlabb.registrations import rules

NOW = datetime.datetime(2027, 5, 25, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("organisation", "members", "exceptions", "expected"),
    [
        (1, {1, 2}, set(), True),
        (3, {1, 2}, set(), False),
        (3, {1, 2}, {3}, True),
        (3, set(), set(), False),
    ],
)
def test_only_members_or_named_exceptions_may_register(organisation, members, exceptions, expected):
    assert rules.may_register_for(organisation, members=members, exceptions=exceptions) is expected


@pytest.mark.parametrize(
    ("taken", "limit", "expected"),
    [
        (0, 2, "confirmed"),
        (1, 2, "confirmed"),
        (2, 2, "waiting"),
        (5, 2, "waiting"),
        (0, 1, "confirmed"),
    ],
)
def test_a_place_while_the_organisation_has_one(taken, limit, expected):
    assert rules.status_for_new(places_taken=taken, limit=limit) == expected


@pytest.mark.parametrize(
    ("closes", "expected"),
    [
        (None, True),
        (NOW + datetime.timedelta(seconds=1), True),
        (NOW, False),
        (NOW - datetime.timedelta(days=1), False),
    ],
)
def test_registration_is_open_until_the_moment_it_closes(closes, expected):
    assert rules.is_open(now=NOW, closes_at=closes) is expected


def test_the_first_to_wait_is_first_in_line():
    early, late = NOW, NOW + datetime.timedelta(minutes=1)
    assert rules.first_in_line([(7, late), (9, early), (3, late)]) == 9
    assert rules.first_in_line([(7, early), (3, early)]) == 3
    assert rules.first_in_line([]) is None


@given(
    st.lists(
        st.tuples(st.integers(1, 10_000), st.datetimes()), min_size=1, unique_by=lambda t: t[0]
    )
)
def test_first_in_line_is_never_later_than_anyone_waiting(waiting):
    chosen = rules.first_in_line(waiting)
    chosen_at = dict(waiting)[chosen]
    assert all(chosen_at <= at for _, at in waiting)


@given(st.integers(0, 50), st.integers(1, 10))
def test_confirmed_exactly_when_places_are_left(taken, limit):
    assert (rules.status_for_new(places_taken=taken, limit=limit) == "confirmed") == (taken < limit)
