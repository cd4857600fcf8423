"""The pure rules of challenge-driven work: the election horizon, the learning loop, the
breadth of actors and the change of the prerequisites."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larlabb.missions import rules
from larlabb.missions.rules import next_general_election

D = datetime.date


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (D(2022, 9, 10), D(2022, 9, 11)),  # the day before the 2022 election
        (D(2022, 9, 11), D(2026, 9, 13)),  # on an election day: the next one
        (D(2022, 9, 12), D(2026, 9, 13)),
        (D(2026, 9, 12), D(2026, 9, 13)),
        (D(2026, 9, 13), D(2030, 9, 8)),
        (D(2026, 11, 23), D(2030, 9, 8)),
        (D(2030, 9, 7), D(2030, 9, 8)),
        (D(2030, 9, 8), D(2034, 9, 10)),
        (D(2018, 9, 9), D(2022, 9, 11)),  # 2018's election was on 9 September
        (D(2021, 1, 1), D(2022, 9, 11)),
    ],
)
def test_the_next_general_election_is_the_second_sunday_of_september_every_fourth_year(
    after, expected
):
    assert next_general_election(after) == expected


@given(st.dates(min_value=D(1995, 1, 1), max_value=D(2300, 12, 31)))
def test_the_next_election_is_a_second_sunday_of_september_within_four_years(after):
    election = next_general_election(after)

    assert election > after
    assert election.weekday() == 6
    assert election.month == 9
    assert 8 <= election.day <= 14
    assert election.year % 4 == 2
    assert (election - after).days <= 4 * 366
    # No election lies between the day and the one found.
    assert next_general_election(election - datetime.timedelta(days=1)) == election


def test_a_mission_is_flagged_unless_its_target_year_lies_beyond_the_next_election():
    today = D(2026, 11, 23)  # the next election is in September 2030

    assert not rules.reaches_beyond_election(2027, today)
    assert not rules.reaches_beyond_election(2030, today)
    assert rules.reaches_beyond_election(2031, today)
    # The day before the 2026 election, 2027 already lies beyond it.
    assert rules.reaches_beyond_election(2027, D(2026, 9, 12))


def test_a_target_year_in_the_past_is_refused_with_a_reason():
    today = D(2026, 11, 23)

    assert "2025" in rules.target_year_problem(2025, today)
    assert rules.target_year_problem(2026, today) is None
    assert rules.target_year_problem(2040, today) is None
    assert rules.target_year_problem(2101, today) is not None


def test_work_is_closed_only_through_the_learning_loop():
    assert rules.transition_problem("planned", "running", 0) is None
    assert rules.transition_problem("running", "completed", 1) is None
    assert rules.transition_problem("running", "stopped", 2) is None
    # Closing without any learning entry skips the loop.
    assert rules.transition_problem("running", "completed", 0) is not None
    assert rules.transition_problem("planned", "stopped", 0) is not None
    # Nor can planned work jump straight to completed.
    assert rules.transition_problem("planned", "completed", 3) is not None
    # Closed work can be taken up again, and staying put is no change.
    assert rules.transition_problem("completed", "running", 1) is None
    assert rules.transition_problem("running", "running", 0) is None


def test_breadth_flags_work_without_municipalities_civil_society_or_young_people():
    narrow = rules.breadth(["region", "agency", "region"])
    assert narrow.is_narrow
    assert narrow.has_regions
    assert narrow.has_agencies
    assert narrow.missing == ["municipality", "civil_society", "youth"]

    broad = rules.breadth(["region", "youth"])
    assert not broad.is_narrow
    assert broad.present == ["youth"]
    assert not broad.has_agencies


def test_ratings_are_whole_numbers_from_one_to_five():
    assert [rules.rating_problem(v) is None for v in (0, 1, 5, 6, None)] == [
        False,
        True,
        True,
        False,
        False,
    ]


def test_the_change_of_each_prerequisite_since_the_previous_assessment():
    current = dict.fromkeys(rules.PREREQUISITE_KEYS, 3) | {"trust_actors": 5}
    previous = dict.fromkeys(rules.PREREQUISITE_KEYS, 3) | {"trust_actors": 2, "iterative": 4}

    change = rules.rating_change(previous, current)

    assert change["trust_actors"] == 3
    assert change["iterative"] == -1
    assert change["long_term_goals"] == 0
    assert set(rules.rating_change(None, current).values()) == {None}
    assert len(rules.PREREQUISITES) == 7  # the seed's six, with the two kinds of trust apart


def test_an_action_is_overdue_after_its_due_date_until_it_is_done():
    today = D(2026, 11, 23)

    assert rules.is_overdue(D(2026, 11, 22), "open", today)
    assert rules.is_overdue(D(2026, 11, 22), "in_progress", today)
    assert not rules.is_overdue(D(2026, 11, 23), "open", today)
    assert not rules.is_overdue(D(2026, 11, 1), "done", today)
    assert not rules.is_overdue(D(2026, 11, 1), "cancelled", today)
