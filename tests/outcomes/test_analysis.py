import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larlabb.outcomes.analysis import (
    GROUPS,
    MIN_RELIABLE,
    MIN_SHOWN,
    PHASES,
    SIDES,
    Cell,
    StatementChange,
    compare,
    hidden_groups,
    summary,
)

WELL, BARELY, NOBODY, ELSEWHERE = 11, 12, 13, 99


def answers(phase: str, side: str, statement: int, values: list[int]):
    return [(phase, side, statement, value) for value in values]


def fixture() -> list[tuple[str, str, int, int]]:
    """Statement WELL, before: 12 regions answer 1 1 2 2 2 2 3 3 3 3 4 4 (sum 30, mean 2.5),
    4 agencies 2 2 3 5 (sum 12, mean 3), 3 others 4 4 5 (sum 13): all 19, sum 55.
    After: 10 regions 3 3 4 4 4 4 4 4 5 5 (sum 40, mean 4), 2 agencies 4 5, 3 others 3 4 4:
    all 15, sum 60, mean 4.
    Statement BARELY: 3 regions, 5 5 5 before and 4 4 4 after, nobody else.
    Statement NOBODY: no answers. Statement ELSEWHERE is not asked for."""
    return [
        *answers("before", "region", WELL, [1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4]),
        *answers("before", "agency", WELL, [2, 2, 3, 5]),
        *answers("before", "other", WELL, [4, 4, 5]),
        *answers("after", "region", WELL, [3, 3, 4, 4, 4, 4, 4, 4, 5, 5]),
        *answers("after", "agency", WELL, [4, 5]),
        *answers("after", "other", WELL, [3, 4, 4]),
        *answers("before", "region", BARELY, [5, 5, 5]),
        *answers("after", "region", BARELY, [4, 4, 4]),
        *answers("before", "region", ELSEWHERE, [1, 1, 1, 1]),
    ]


@pytest.fixture
def changes() -> list[StatementChange]:
    return compare(fixture(), [WELL, BARELY, NOBODY])


def test_the_thresholds_are_three_to_show_and_ten_to_rely_on():
    assert (MIN_SHOWN, MIN_RELIABLE) == (3, 10)


def test_results_follow_the_order_of_the_statements_asked_for(changes):
    assert [change.statement for change in changes] == [WELL, BARELY, NOBODY]
    assert [c.statement for c in compare(fixture(), [NOBODY, WELL])] == [NOBODY, WELL]


def test_every_phase_and_group_has_a_cell(changes):
    assert set(changes[0].cells) == {(phase, group) for phase in PHASES for group in GROUPS}
    assert set(changes[0].change) == set(GROUPS)


def test_a_group_of_ten_or_more_is_shown_with_its_mean_and_counts(changes):
    cells = changes[0].cells

    assert cells["before", "region"] == Cell(
        n=12, mean=2.5, counts=(2, 4, 4, 2, 0), hidden=False, few=False
    )
    assert cells["after", "region"] == Cell(
        n=10, mean=4.0, counts=(0, 0, 2, 6, 2), hidden=False, few=False
    )


def test_others_count_in_all_only(changes):
    cells = changes[0].cells

    assert cells["before", "all"].n == 19
    assert cells["before", "all"].counts == (2, 6, 5, 4, 2)
    assert cells["before", "all"].mean == pytest.approx(55 / 19)
    assert cells["after", "all"] == Cell(
        n=15, mean=4.0, counts=(0, 0, 3, 9, 3), hidden=False, few=False
    )


def test_a_shown_group_of_fewer_than_ten_is_marked_as_few(changes):
    assert changes[0].cells["before", "agency"] == Cell(
        n=4, mean=3.0, counts=(0, 2, 1, 0, 1), hidden=False, few=True
    )


def test_a_group_of_fewer_than_three_is_hidden_but_its_size_is_given(changes):
    assert changes[0].cells["after", "agency"] == Cell(
        n=2, mean=None, counts=None, hidden=True, few=False
    )


def test_change_is_after_minus_before_where_both_are_shown(changes):
    change = changes[0].change

    assert change["all"] == pytest.approx(4 - 55 / 19)
    assert change["region"] == pytest.approx(1.5)
    assert change["agency"] is None  # hidden after


def test_exactly_three_respondents_are_shown_as_few(changes):
    barely = changes[1]

    assert barely.cells["before", "region"] == Cell(
        n=3, mean=5.0, counts=(0, 0, 0, 0, 3), hidden=False, few=True
    )
    assert barely.cells["before", "all"] == barely.cells["before", "region"]
    assert barely.change == {"all": -1.0, "region": -1.0, "agency": None}


def test_a_statement_nobody_answered_appears_with_every_cell_hidden(changes):
    nobody = changes[2]

    assert all(cell == Cell(0, None, None, True, False) for cell in nobody.cells.values())
    assert nobody.change == {"all": None, "region": None, "agency": None}


def test_answers_to_statements_not_asked_for_are_left_out(changes):
    assert ELSEWHERE not in [change.statement for change in changes]


def test_two_others_are_not_revealed_by_subtracting_the_sides_from_all():
    """12 regions, 4 agencies and 2 others: all − regions − agencies would give the two others'
    answers, so the smaller side is hidden too."""
    given_answers = [
        *answers("before", "region", WELL, [3] * 12),
        *answers("before", "agency", WELL, [2, 2, 3, 5]),
        *answers("before", "other", WELL, [1, 5]),
    ]

    cells = compare(given_answers, [WELL])[0].cells

    assert cells["before", "agency"] == Cell(n=4, mean=None, counts=None, hidden=True, few=False)
    assert not cells["before", "region"].hidden
    assert not cells["before", "all"].hidden


def test_a_small_hidden_side_is_not_revealed_by_subtracting_the_other_side_from_all():
    given_answers = [
        *answers("after", "region", WELL, [4, 4, 4, 5, 5]),
        *answers("after", "agency", WELL, [1, 2]),
    ]

    cells = compare(given_answers, [WELL])[0].cells

    assert cells["after", "agency"].hidden
    assert cells["after", "region"].hidden
    assert cells["after", "all"] == Cell(
        n=7, mean=25 / 7, counts=(1, 1, 0, 3, 2), hidden=False, few=True
    )


def test_a_hidden_side_with_enough_others_leaves_the_rest_shown():
    given_answers = [
        *answers("after", "region", WELL, [4, 4, 4, 5]),
        *answers("after", "agency", WELL, [1, 2]),
        *answers("after", "other", WELL, [3]),
    ]

    cells = compare(given_answers, [WELL])[0].cells

    assert [cells["after", group].hidden for group in GROUPS] == [False, False, True]


@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ({"all": 0, "region": 0, "agency": 0}, {"all", "region", "agency"}),
        ({"all": 2, "region": 2, "agency": 0}, {"all", "region", "agency"}),
        ({"all": 3, "region": 3, "agency": 0}, {"agency"}),
        ({"all": 6, "region": 3, "agency": 3}, set()),
        ({"all": 7, "region": 3, "agency": 3}, {"agency"}),  # 1 other: equal, by name
        ({"all": 8, "region": 4, "agency": 3}, {"agency"}),  # 1 other: the smaller side
        ({"all": 9, "region": 3, "agency": 3}, set()),  # 3 others
        ({"all": 5, "region": 3, "agency": 1}, {"agency", "region"}),
        ({"all": 6, "region": 3, "agency": 1}, {"agency"}),  # 1 agency + 2 others
    ],
)
def test_hidden_groups(sizes, hidden):
    assert hidden_groups(sizes) == hidden


@pytest.mark.parametrize(
    "bad",
    [
        ("before", "region", WELL, 0),
        ("before", "region", WELL, 6),
        ("during", "region", WELL, 3),
        ("before", "municipality", WELL, 3),
    ],
)
def test_a_value_phase_or_side_out_of_bounds_is_refused(bad):
    with pytest.raises(ValueError, match=r"outside 1\.\.5|unknown"):
        compare([bad], [WELL])


def test_an_invalid_answer_is_refused_even_to_a_statement_not_asked_for():
    with pytest.raises(ValueError, match="outside"):
        compare([("before", "region", ELSEWHERE, 7)], [WELL])


def test_thresholds_can_be_chosen():
    given_answers = answers("before", "agency", WELL, [4])

    cells = compare(given_answers, [WELL], min_shown=1, min_reliable=1)[0].cells

    assert cells["before", "agency"] == Cell(
        n=1, mean=4.0, counts=(0, 0, 0, 1, 0), hidden=False, few=False
    )


def test_nobody_is_shown_even_with_a_threshold_of_zero():
    cells = compare([], [WELL], min_shown=0)[0].cells

    assert all(cell.hidden for cell in cells.values())


def test_no_statements_give_no_changes():
    assert compare(fixture(), []) == []


# summary


def test_summary_is_the_mean_change_over_the_statements_whose_change_is_known(changes):
    result = summary(changes)

    assert result["all"] == pytest.approx(((4 - 55 / 19) + -1) / 2)
    assert result["region"] == pytest.approx((1.5 + -1) / 2)
    assert result["agency"] is None


def test_summary_of_nothing_is_unknown():
    assert summary([]) == {"all": None, "region": None, "agency": None}


# properties

answer_lists = st.lists(
    st.tuples(
        st.sampled_from(PHASES),
        st.sampled_from(SIDES),
        st.sampled_from([1, 2, 3]),
        st.integers(min_value=1, max_value=5),
    ),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(
    given_answers=answer_lists,
    min_shown=st.integers(min_value=1, max_value=5),
    min_reliable=st.integers(min_value=1, max_value=12),
)
def test_cells_are_consistent_and_never_reveal_a_small_group(
    given_answers, min_shown, min_reliable
):
    changes = compare(given_answers, [1, 2, 3, 4], min_shown=min_shown, min_reliable=min_reliable)

    for change in changes:
        for (phase, group), cell in change.cells.items():
            expected_n = sum(
                1
                for p, side, s, _ in given_answers
                if p == phase and s == change.statement and group in ("all", side)
            )
            assert cell.n == expected_n
            if cell.n < min_shown:
                assert cell.hidden
            if cell.hidden:
                assert (cell.mean, cell.counts, cell.few) == (None, None, False)
            else:
                assert cell.counts is not None
                assert cell.mean is not None
                assert sum(cell.counts) == cell.n
                assert 1 <= cell.mean <= 5
                expected_mean = sum(v * c for v, c in zip(range(1, 6), cell.counts, strict=True))
                assert cell.mean == pytest.approx(expected_mean / cell.n)
                assert cell.few == (cell.n < min_reliable)
        for phase in PHASES:
            everyone = change.cells[phase, "all"]
            shown_sides = [
                change.cells[phase, side].n
                for side in ("region", "agency")
                if not change.cells[phase, side].hidden
            ]
            if not everyone.hidden:
                rest = everyone.n - sum(shown_sides)
                assert rest == 0 or rest >= min_shown
        for group in GROUPS:
            before, after = change.cells["before", group], change.cells["after", group]
            if before.hidden or after.hidden:
                assert change.change[group] is None
            else:
                assert change.change[group] == pytest.approx(after.mean - before.mean)


@settings(max_examples=50, deadline=None)
@given(given_answers=answer_lists, seed=st.integers())
def test_the_order_of_the_answers_does_not_matter(given_answers, seed):
    shuffled = list(given_answers)
    random.Random(seed).shuffle(shuffled)

    assert compare(shuffled, [1, 2, 3]) == compare(given_answers, [1, 2, 3])


@settings(max_examples=50, deadline=None)
@given(given_answers=answer_lists)
def test_a_shown_cells_counts_are_the_answers_of_its_group(given_answers):
    for change in compare(given_answers, [1, 2, 3], min_shown=1):
        for (phase, group), cell in change.cells.items():
            if not cell.hidden:
                values = Counter(
                    v
                    for p, side, s, v in given_answers
                    if p == phase and s == change.statement and group in ("all", side)
                )
                assert cell.counts == tuple(values[v] for v in range(1, 6))
