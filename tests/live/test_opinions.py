import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from larlabb.live.opinions import (
    NOT_GROUPED,
    agree_shares,
    group_consensus,
    opinion_groups,
    project,
    representative,
)

NAN = math.nan
quick = settings(max_examples=25, deadline=None, derandomize=True)


# --- Planted groups -------------------------------------------------------------------------


@st.composite
def planted(draw: st.DrawFn) -> tuple[np.ndarray, list[int]]:
    """Two or three groups, each answering after a profile of its own (agree or disagree on
    each statement), the profiles at least a third of the statements apart. Nobody answers
    exactly by the profile: each person leaves one to a fifth of the statements unseen and
    passes on one (with no noise at all, a few who passed alike would be a tight group of
    their own, which the silhouette rightly prefers)."""
    statements = draw(st.integers(12, 30))
    count = draw(st.integers(2, 3))
    profiles = [
        draw(st.lists(st.sampled_from([-1, 1]), min_size=statements, max_size=statements))
        for _ in range(count)
    ]
    for a in range(count):
        for b in range(a):
            distance = sum(x != y for x, y in zip(profiles[a], profiles[b], strict=True))
            assume(distance >= statements / 3)
    sizes = draw(st.lists(st.integers(5, 15), min_size=count, max_size=count))
    rows, truth = [], []
    for group, size in enumerate(sizes):
        for _ in range(size):
            row = [float(v) for v in profiles[group]]
            unseen = draw(
                st.sets(st.integers(0, statements - 1), min_size=1, max_size=statements // 5)
            )
            for j in unseen:
                row[j] = NAN
            passed = draw(st.integers(0, statements - 1))
            if not math.isnan(row[passed]):
                row[passed] = 0.0
            rows.append(row)
            truth.append(group)
    order = draw(st.permutations(range(len(rows))))
    return np.array([rows[i] for i in order]), [truth[i] for i in order]


@quick
@given(planted())
def test_planted_groups_are_recovered(case: tuple[np.ndarray, list[int]]) -> None:
    votes, truth = case
    found = opinion_groups(votes)
    assert NOT_GROUPED not in found
    assert adjusted_rand_score(truth, found) == 1.0


@quick
@given(planted(), st.integers(0, 3))
def test_the_same_votes_and_seed_give_the_same_groups(
    case: tuple[np.ndarray, list[int]], seed: int
) -> None:
    votes, _truth = case
    assert opinion_groups(votes, seed=seed) == opinion_groups(votes, seed=seed)


def test_groups_are_numbered_by_size_largest_first() -> None:
    few = [[1.0] * 8] * 3
    many = [[-1.0] * 8] * 6
    assert opinion_groups(few + many) == [1, 1, 1, 0, 0, 0, 0, 0, 0]


# --- Consensus ------------------------------------------------------------------------------

answers = st.sampled_from([1.0, -1.0, 0.0, NAN])


@st.composite
def matrices(draw: st.DrawFn) -> tuple[np.ndarray, list[int]]:
    people = draw(st.integers(0, 12))
    statements = draw(st.integers(1, 6))
    votes = [[draw(answers) for _ in range(statements)] for _ in range(people)]
    groups = [draw(st.integers(-1, 2)) for _ in range(people)]
    return np.array(votes, dtype=float).reshape(people, statements), groups


@settings(max_examples=100, deadline=None, derandomize=True)
@given(matrices(), st.randoms(use_true_random=False))
def test_consensus_is_invariant_to_the_order_of_participants(
    case: tuple[np.ndarray, list[int]], rng
) -> None:
    votes, groups = case
    order = list(range(len(groups)))
    rng.shuffle(order)
    shuffled = votes[order] if len(order) else votes
    again = group_consensus(shuffled, [groups[i] for i in order])
    np.testing.assert_allclose(group_consensus(votes, groups), again, equal_nan=True)


def test_consensus_is_the_product_over_groups_of_smoothed_agreement() -> None:
    votes = [
        [1, 1, -1],
        [1, 0, NAN],
        [1, -1, NAN],
        [NAN, 1, NAN],
        [-1, 1, 1],  # not grouped: never counted
    ]
    consensus = group_consensus(votes, [0, 0, 1, 1, -1])
    # statement 0: group 0 agrees 2 of 2 seen, group 1 1 of 1 → 3/4 · 2/3
    # statement 1: group 0 1 of 2 (a pass is seen), group 1 1 of 2 → 2/4 · 2/4
    # statement 2: group 0 0 of 1, group 1 has not seen it → 1/3 · 1/2
    np.testing.assert_allclose(consensus, [0.5, 0.25, 1 / 6])


def test_a_statement_no_group_has_seen_has_no_consensus() -> None:
    consensus = group_consensus([[1, NAN], [1, NAN], [-1, 1]], [0, 1, -1])
    assert consensus[0] == pytest.approx(2 / 3 * 2 / 3)
    assert math.isnan(consensus[1])


def test_nobody_grouped_gives_no_consensus() -> None:
    assert np.isnan(group_consensus([[1, 1]], [-1])).all()
    assert group_consensus(np.zeros((0, 3)), []).shape == (3,)


# --- Representative statements --------------------------------------------------------------


def test_a_group_is_represented_by_what_it_agrees_on_more_than_the_rest() -> None:
    group_a = [[1, 1, 1, -1]] * 6
    group_b = [[-1, 1, -1, -1]] * 5 + [[1, 1, -1, -1]]
    found = representative(group_a + group_b, [0] * 6 + [1] * 6)
    assert found[0] == [0, 2][::-1]  # statement 2 sets it apart more than statement 0
    assert found[1] == []  # group 1 agrees with nothing more than group 0 does


def test_representative_ignores_what_one_side_has_not_seen() -> None:
    votes = [[1, NAN]] * 5 + [[-1, 1]] * 5
    assert representative(votes, [0] * 5 + [1] * 5) == {0: [0], 1: []}


def test_a_lone_group_has_no_representative_statements() -> None:
    assert representative([[1, -1]] * 3, [0, 0, 0]) == {0: []}
    assert representative([[1, -1]] * 3, [-1, -1, -1]) == {}


def test_agree_shares_count_only_those_who_have_seen_the_statement() -> None:
    shares = agree_shares([[1, NAN], [0, NAN], [-1, 1]], [True, True, False])
    assert shares[0] == pytest.approx(0.5)
    assert math.isnan(shares[1])


# --- The map and the edge cases -------------------------------------------------------------


def test_no_participants() -> None:
    assert opinion_groups([]) == []
    assert opinion_groups(np.zeros((0, 5))) == []
    assert project(np.zeros((0, 5))).shape == (0, 2)


def test_no_statements_groups_nobody() -> None:
    assert opinion_groups(np.zeros((3, 0))) == [-1, -1, -1]


def test_too_few_votes_are_not_grouped_nor_drawn() -> None:
    votes = [[1.0] * 7, [1.0] * 6 + [NAN], [-1.0] * 7, [-1.0] * 7, [1.0] * 7]
    groups = opinion_groups(votes)
    assert groups[1] == NOT_GROUPED
    assert groups[0] == groups[4] != groups[2] == groups[3]
    points = project(votes)
    assert np.isnan(points[1]).all()
    assert not np.isnan(points[[0, 2, 3, 4]]).any()


def test_a_pass_counts_as_a_vote() -> None:
    assert opinion_groups([[0.0] * 7]) == [0]


def test_fewer_than_three_groupable_people_make_one_group() -> None:
    assert opinion_groups([[1.0] * 7]) == [0]
    assert opinion_groups([[1.0] * 7, [-1.0] * 7, [1.0, NAN] * 3 + [NAN]]) == [0, 0, -1]


def test_identical_votes_make_one_group_at_one_place() -> None:
    votes = [[1.0, -1.0, 0.0] * 3] * 5
    assert opinion_groups(votes) == [0] * 5
    assert (project(votes) == 0).all()


def test_one_statement_gives_a_map_of_one_dimension() -> None:
    votes = [[1.0], [1.0], [-1.0], [-1.0], [0.0]]
    groups = opinion_groups(votes, min_votes=1)
    assert groups[0] == groups[1] != groups[2] == groups[3]
    points = project(votes, min_votes=1)
    assert (points[:, 1] == 0).all()
    assert points[0, 0] == points[1, 0] != points[2, 0]


def test_never_more_groups_than_distinct_places() -> None:
    votes = [[1.0] * 7] * 4 + [[-1.0] * 7] * 4
    assert sorted(set(opinion_groups(votes, max_groups=5))) == [0, 1]


def test_the_map_separates_opposite_voters() -> None:
    votes = [[1.0] * 8] * 3 + [[-1.0] * 8] * 3
    points = project(votes)
    assert abs(points[0, 0] - points[3, 0]) > 1
    assert np.allclose(points[:3], points[0])
