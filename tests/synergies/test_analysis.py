import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from larlabb.synergies.analysis import (
    SCALE,
    Consensus,
    Disagreement,
    consensus,
    disagreement,
    influence,
    interest_areas,
)

N = np.nan


# consensus


def four_scorers() -> np.ndarray:
    """Four scorers of three goals. Cell by cell (scores sorted):
    (0,1) 1 2 2 3 → median 2, quartiles 1.75 and 2.25, IQR 0.5
    (0,2) 3 → median 3, IQR 0
    (1,0) -3 -1 0 → median -1, quartiles -2 and -0.5, IQR 1.5
    (1,2) -3 2 2 3 → median 2, quartiles 0.75 and 2.25, IQR 1.5
    (2,0) 0 1 → median 0.5, quartiles 0.25 and 0.75, IQR 0.5
    (2,1) nobody; the scores on the diagonal (3 at (0,0), 3 at (1,1)) do not count."""
    return np.array(
        [
            [[3, 1, 3], [-1, N, 2], [0, N, N]],
            [[N, 2, N], [-3, N, 2], [1, N, N]],
            [[N, 3, N], [0, 3, 3], [N, N, N]],
            [[N, 2, N], [N, N, -3], [N, N, N]],
        ]
    )


def test_consensus_gives_median_count_and_iqr_per_cell():
    result = consensus(four_scorers())

    assert isinstance(result, Consensus)
    np.testing.assert_array_equal(result.median, [[N, 2, 3], [-1, N, 2], [0.5, N, N]])
    np.testing.assert_array_equal(result.count, [[0, 4, 1], [3, 0, 4], [2, 0, 0]])
    np.testing.assert_array_equal(result.iqr, [[N, 0.5, 0], [1.5, N, 1.5], [0.5, N, N]])


def test_consensus_of_a_cell_with_one_scorer_is_that_score_with_no_spread():
    result = consensus(four_scorers())

    assert (result.median[0, 2], result.count[0, 2], result.iqr[0, 2]) == (3, 1, 0)


def test_consensus_of_a_cell_nobody_scored_is_missing():
    result = consensus(four_scorers())

    assert result.count[2, 1] == 0
    assert np.isnan(result.median[2, 1])
    assert np.isnan(result.iqr[2, 1])


def test_consensus_ignores_the_diagonal():
    scores = np.full((2, 4, 4), 1.0)

    result = consensus(scores)

    assert np.isnan(np.diagonal(result.median)).all()
    assert np.isnan(np.diagonal(result.iqr)).all()
    assert (np.diagonal(result.count) == 0).all()
    np.testing.assert_array_equal(result.count, 2 - 2 * np.eye(4, dtype=int))


def test_consensus_without_scorers_is_all_missing():
    result = consensus(np.empty((0, 3, 3)))

    assert np.isnan(result.median).all()
    assert (result.count == 0).all()


def test_consensus_accepts_nested_lists():
    result = consensus([[[0, -3], [3, 0]]])

    np.testing.assert_array_equal(result.median, [[N, -3], [3, N]])


# influence


def test_influence_sums_rows_and_columns_by_sign():
    matrix = [
        [N, 2, -1],
        [3, N, 1],
        [-2, 1, N],
    ]

    result = influence(matrix)

    np.testing.assert_array_equal(result["out"], [1, 4, -1])
    np.testing.assert_array_equal(result["in"], [1, 3, 0])
    np.testing.assert_array_equal(result["out_pos"], [2, 4, 1])
    np.testing.assert_array_equal(result["out_neg"], [-1, 0, -2])
    np.testing.assert_array_equal(result["in_pos"], [3, 3, 1])
    np.testing.assert_array_equal(result["in_neg"], [-2, 0, -1])


def test_influence_second_order_sums_the_rows_of_the_squared_matrix_off_the_diagonal():
    # With the diagonal zeroed, M = [[0, 2, -1], [3, 0, 1], [-2, 1, 0]] and
    # M·M = [[ 0·0 + 2·3 + (−1)(−2),  0·2 + 2·0 + (−1)·1,  0·(−1) + 2·1 + (−1)·0 ],
    #        [ 3·0 + 0·3 + 1·(−2),    3·2 + 0·0 + 1·1,     3·(−1) + 0·1 + 1·0    ],
    #        [ (−2)·0 + 1·3 + 0·(−2), (−2)·2 + 1·0 + 0·1,  (−2)(−1) + 1·1 + 0·0   ]]
    #     = [[8, −1, 2], [−2, 7, −3], [3, −4, 3]]
    # Off-diagonal row sums: −1 + 2 = 1, −2 − 3 = −5, 3 − 4 = −1.
    matrix = [
        [3, 2, -1],
        [3, -3, 1],
        [-2, 1, N],
    ]

    result = influence(matrix)

    np.testing.assert_array_equal(result["out_second"], [1, -5, -1])


def test_influence_along_a_chain_of_four_goals():
    # 0 → 1 (+3), 1 → 2 (+2), 2 → 3 (−1), 3 → 0 (+1); every other cell 0.
    # Second order goes two steps along the chain: 0→1→2 = 3·2 = 6, 1→2→3 = 2·(−1) = −2,
    # 2→3→0 = (−1)·1 = −1, 3→0→1 = 1·3 = 3.
    matrix = [
        [N, 3, 0, 0],
        [0, N, 2, 0],
        [0, 0, N, -1],
        [1, 0, 0, N],
    ]

    result = influence(matrix)

    np.testing.assert_array_equal(result["out"], [3, 2, -1, 1])
    np.testing.assert_array_equal(result["in"], [1, 3, 2, -1])
    np.testing.assert_array_equal(result["out_pos"], [3, 2, 0, 1])
    np.testing.assert_array_equal(result["in_neg"], [0, 0, 0, -1])
    np.testing.assert_array_equal(result["out_second"], [6, -2, -1, 3])


def test_influence_returns_exactly_the_seven_vectors():
    result = influence(np.zeros((2, 2)))

    assert set(result) == {"out", "in", "out_pos", "out_neg", "in_pos", "in_neg", "out_second"}


# disagreement


def two_groups() -> np.ndarray:
    """Scorers 0–1 (first group) and 2–4 (second group) on three goals. Group medians:
    (0,1) 3 vs −1 (−1, −1, 0) → +4      (0,2) −2 vs 2 → −4
    (1,2) 2 vs 0 (0, 0) → +2            (2,1) −1.5 (−1, −2) vs 0.5 (0, 1) → −2
    (1,0) the second group gave no score; (2,0) 0 vs 0 → no difference;
    the diagonal (3 against −3 at (0,0)) does not count."""
    return np.array(
        [
            [[3, 3, -2], [1, N, 2], [0, -1, N]],
            [[N, 3, -2], [N, N, 2], [0, -2, N]],
            [[-3, -1, 2], [N, N, 0], [0, 0, N]],
            [[N, -1, 2], [N, N, 0], [N, 1, N]],
            [[N, 0, 2], [N, N, N], [N, N, N]],
        ]
    )


def test_disagreement_ranks_cells_by_the_size_of_the_difference():
    result = disagreement(two_groups(), ([0, 1], [2, 3, 4]))

    assert result == [
        Disagreement(row=0, col=1, first=3, second=-1, difference=4),
        Disagreement(row=0, col=2, first=-2, second=2, difference=-4),
        Disagreement(row=1, col=2, first=2, second=0, difference=2),
        Disagreement(row=2, col=1, first=-1.5, second=0.5, difference=-2),
    ]


def test_disagreement_breaks_ties_by_row_then_column():
    result = disagreement(two_groups(), ([0, 1], [2, 3, 4]))

    assert [(d.row, d.col) for d in result if abs(d.difference) == 4] == [(0, 1), (0, 2)]
    assert [(d.row, d.col) for d in result if abs(d.difference) == 2] == [(1, 2), (2, 1)]


def test_disagreement_leaves_out_agreement_and_cells_one_group_did_not_score():
    cells = {(d.row, d.col) for d in disagreement(two_groups(), ([0, 1], [2, 3, 4]))}

    assert (2, 0) not in cells
    assert (1, 0) not in cells
    assert all(row != col for row, col in cells)


def test_disagreement_with_the_groups_swapped_negates_the_differences():
    forward = disagreement(two_groups(), ([0, 1], [2, 3, 4]))
    backward = disagreement(two_groups(), ((2, 3, 4), np.array([0, 1])))

    assert [(d.row, d.col, d.first, d.second, d.difference) for d in backward] == [
        (d.row, d.col, d.second, d.first, -d.difference) for d in forward
    ]


def test_disagreement_limit_keeps_the_largest():
    result = disagreement(two_groups(), ([0, 1], [2, 3, 4]), limit=2)

    assert [(d.row, d.col) for d in result] == [(0, 1), (0, 2)]
    assert disagreement(two_groups(), ([0, 1], [2, 3, 4]), limit=0) == []
    assert len(disagreement(two_groups(), ([0, 1], [2, 3, 4]), limit=10)) == 4


def test_disagreement_between_groups_of_one_compares_their_scores():
    result = disagreement(two_groups(), ([1], [3]))

    assert [(d.row, d.col, d.difference) for d in result] == [
        (0, 1, 4),
        (0, 2, -4),
        (2, 1, -3),
        (1, 2, 2),
    ]


# interest areas


def blocks_matrix(areas: list[list[int]], size: int, inside: int = 3, between: int = -2):
    matrix = np.full((size, size), float(between))
    for area in areas:
        for i in area:
            for j in area:
                matrix[i, j] = inside
    np.fill_diagonal(matrix, N)
    return matrix


def test_interest_areas_finds_two_blocks_joined_by_negative_links():
    # Goals 0, 2, 4 reinforce one another, so do 1, 3, 5; every link between the two is −2.
    matrix = blocks_matrix([[0, 2, 4], [1, 3, 5]], 6)

    assert interest_areas(matrix) == [[0, 2, 4], [1, 3, 5]]


def test_interest_areas_are_ordered_by_size_then_smallest_goal_and_skip_lone_goals():
    # Goal 7 has only negative links, and a +3 to itself, which does not count.
    matrix = blocks_matrix([[3, 2], [1, 4, 6], [0, 5]], 8, inside=2, between=-1)
    matrix[7, 7] = 3

    assert interest_areas(matrix) == [[1, 4, 6], [0, 5], [2, 3]]


def test_interest_areas_count_only_interactions_that_reach_the_threshold():
    # 0 ↔ 3 reinforce (+2 both ways); 1 → 0 is +1 one way; everything else is 0 or negative.
    matrix = [
        [N, -3, 0, 2],
        [1, N, -1, 0],
        [0, -2, N, 0],
        [2, 0, -3, N],
    ]

    assert interest_areas(matrix, threshold=2) == [[0, 3]]
    # At threshold 1 the path 1 – 0 – 3 (weights 1 and 4) is best kept whole (modularity 0
    # against −0.02 for {0, 3} and {1}).
    assert interest_areas(matrix, threshold=1) == [[0, 1, 3]]


def test_interest_areas_one_way_reinforcement_links_two_goals():
    matrix = [[N, 3, 0], [0, N, 0], [0, 0, N]]

    assert interest_areas(matrix) == [[0, 1]]


def test_interest_areas_of_conflicting_goals_are_none():
    matrix = np.full((4, 4), -3.0)

    assert interest_areas(matrix) == []
    assert interest_areas(np.zeros((0, 0))) == []


# validation


@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 4), (3,), (1, 2, 2, 2)])
def test_scores_of_the_wrong_shape_are_refused(shape):
    scores = np.zeros(shape)
    message = r"scores must have shape \(scorers, n, n\), got shape " + re.escape(str(shape))

    with pytest.raises(ValueError, match=message):
        consensus(scores)
    with pytest.raises(ValueError, match=message):
        disagreement(scores, ([0], [1]))


@pytest.mark.parametrize("value", [4, -3.5, np.inf, -np.inf])
def test_scores_off_the_scale_are_refused_naming_the_cell(value):
    scores = np.zeros((3, 3, 3))
    scores[1, 0, 2] = value
    scores[2, 1, 1] = value
    message = r"of scorer 1 at row 0, column 2 is outside -3\.\.3"

    with pytest.raises(ValueError, match=message):
        consensus(scores)
    with pytest.raises(ValueError, match=message):
        disagreement(scores, ([0], [1]))


@pytest.mark.parametrize("function", [influence, interest_areas])
@pytest.mark.parametrize("shape", [(2, 3), (3,), (2, 2, 2)])
def test_a_matrix_that_is_not_square_is_refused(function, shape):
    with pytest.raises(
        ValueError, match="matrix must be square, got shape " + re.escape(str(shape))
    ):
        function(np.zeros(shape))


@pytest.mark.parametrize("function", [influence, interest_areas])
@pytest.mark.parametrize("value", [3.5, -4, np.inf])
def test_a_matrix_value_off_the_scale_is_refused_naming_the_cell(function, value):
    matrix = np.zeros((3, 3))
    matrix[1, 0] = value
    matrix[2, 2] = value

    with pytest.raises(ValueError, match=r"at row 1, column 0 is outside -3\.\.3"):
        function(matrix)


@pytest.mark.parametrize("function", [influence, interest_areas])
def test_a_missing_score_off_the_diagonal_is_refused_naming_the_first(function):
    matrix = np.zeros((3, 3))
    matrix[2, 1] = N
    matrix[0, 2] = N
    matrix[1, 1] = N

    with pytest.raises(ValueError, match=r"^missing score at row 0, column 2$"):
        function(matrix)


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        (([], [1]), r"^the first group of scorers is empty$"),
        (([0], ()), r"^the second group of scorers is empty$"),
        (([0, 5], [1]), r"^scorer 5 in the first group is out of range 0\.\.4$"),
        (([0], [-1]), r"^scorer -1 in the second group is out of range 0\.\.4$"),
        (([0, 2, 1], [3, 2]), r"^scorer 2 is in both groups$"),
        (([0, 0], [1]), r"^the first group lists a scorer more than once$"),
    ],
)
def test_groups_that_cannot_be_compared_are_refused(groups, message):
    with pytest.raises(ValueError, match=message):
        disagreement(two_groups(), groups)


def test_a_negative_limit_is_refused():
    with pytest.raises(ValueError, match=r"^limit must not be negative, got -1$"):
        disagreement(two_groups(), ([0], [1]), limit=-1)


def test_the_scale_runs_from_cancelling_to_indivisible():
    assert SCALE == (-3, -2, -1, 0, 1, 2, 3)


# properties

SCORE_OR_MISSING = st.sampled_from([*SCALE, N])


@st.composite
def scores_and_permutation(draw, min_scorers=1):
    n = draw(st.integers(1, 6))
    scorers = draw(st.integers(min_scorers, 6))
    scores = draw(hnp.arrays(np.float64, (scorers, n, n), elements=SCORE_OR_MISSING))
    return scores, np.array(draw(st.permutations(range(n))), dtype=int)


@st.composite
def complete_matrix_and_permutation(draw):
    n = draw(st.integers(1, 7))
    matrix = draw(hnp.arrays(np.float64, (n, n), elements=st.sampled_from(SCALE)))
    np.fill_diagonal(matrix, N)
    return matrix, np.array(draw(st.permutations(range(n))), dtype=int)


@st.composite
def block_matrix(draw):
    """A matrix whose interest areas are unambiguous at threshold 2: goals fall into blocks
    (shuffled across the indices); inside a block every interaction is the block's own +2 or
    +3, between blocks it is at most +1. Blocks of one goal are lone goals."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=4))
    n = sum(sizes)
    goals = draw(st.permutations(range(n)))
    matrix = draw(hnp.arrays(np.float64, (n, n), elements=st.sampled_from(SCALE[:5])))
    areas, start = [], 0
    for size in sizes:
        area = sorted(goals[start : start + size])
        start += size
        matrix[np.ix_(area, area)] = draw(st.sampled_from([2, 3]))
        areas.append(area)
    diagonal = draw(hnp.arrays(np.float64, n, elements=st.sampled_from([*SCALE, N])))
    np.fill_diagonal(matrix, diagonal)
    permutation = np.array(draw(st.permutations(range(n))), dtype=int)
    return matrix, areas, permutation


def permuted(matrix: np.ndarray, permutation: np.ndarray) -> np.ndarray:
    """The matrix with goal k renamed to the position of k in ``permutation`` (last two axes)."""
    return matrix[..., permutation, :][..., :, permutation]


@settings(max_examples=50, deadline=None)
@given(scores_and_permutation())
def test_consensus_follows_a_renumbering_of_the_goals(case):
    scores, permutation = case

    whole = consensus(scores)
    renumbered = consensus(permuted(scores, permutation))

    np.testing.assert_array_equal(renumbered.median, permuted(whole.median, permutation))
    np.testing.assert_array_equal(renumbered.count, permuted(whole.count, permutation))
    np.testing.assert_array_equal(renumbered.iqr, permuted(whole.iqr, permutation))


@settings(max_examples=50, deadline=None)
@given(scores_and_permutation())
def test_consensus_agrees_with_numpy_nan_statistics(case):
    scores, _ = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        median = np.nanmedian(scores, axis=0)
        low, high = np.nanpercentile(scores, [25, 75], axis=0)
    np.fill_diagonal(median, N)
    iqr = high - low
    np.fill_diagonal(iqr, N)

    result = consensus(scores)

    np.testing.assert_allclose(result.median, median, atol=1e-12)
    np.testing.assert_allclose(result.iqr, iqr, atol=1e-12)
    count = (~np.isnan(scores)).sum(axis=0) * (1 - np.eye(scores.shape[1], dtype=int))
    np.testing.assert_array_equal(result.count, count)


@settings(max_examples=50, deadline=None)
@given(complete_matrix_and_permutation())
def test_influence_follows_a_renumbering_of_the_goals(case):
    matrix, permutation = case

    whole = influence(matrix)
    renumbered = influence(permuted(matrix, permutation))

    for key, vector in whole.items():
        np.testing.assert_array_equal(renumbered[key], vector[permutation], err_msg=key)
    np.testing.assert_array_equal(whole["out"], whole["out_pos"] + whole["out_neg"])
    np.testing.assert_array_equal(whole["in"], whole["in_pos"] + whole["in_neg"])
    assert whole["out"].sum() == whole["in"].sum()


@settings(max_examples=50, deadline=None)
@given(scores_and_permutation(min_scorers=2), st.data())
def test_disagreement_agrees_with_medians_cell_by_cell(case, data):
    scores, _ = case
    scorers, n = scores.shape[0], scores.shape[1]
    everyone = data.draw(st.permutations(range(scorers)))
    cut = data.draw(st.integers(1, scorers - 1))
    first, second = everyone[:cut], everyone[cut:]

    result = disagreement(scores, (first, second))

    expected = {}
    for row in range(n):
        for col in range(n):
            a, b = scores[first, row, col], scores[second, row, col]
            a, b = a[~np.isnan(a)], b[~np.isnan(b)]
            if row != col and a.size and b.size and np.median(a) != np.median(b):
                expected[row, col] = np.median(a) - np.median(b)
    assert {(d.row, d.col): d.difference for d in result} == expected
    keys = [(-abs(d.difference), d.row, d.col) for d in result]
    assert keys == sorted(keys)


@settings(max_examples=50, deadline=None)
@given(block_matrix())
def test_interest_areas_are_the_blocks_of_mutually_reinforcing_goals(case):
    matrix, areas, _ = case

    result = interest_areas(matrix, threshold=2)

    assert {frozenset(area) for area in result} == {
        frozenset(area) for area in areas if len(area) >= 2
    }
    assert all(area == sorted(area) for area in result)
    assert [(-len(area), area[0]) for area in result] == sorted(
        (-len(area), area[0]) for area in result
    )


@settings(max_examples=50, deadline=None)
@given(block_matrix())
def test_interest_areas_follow_a_renumbering_of_the_goals(case):
    matrix, _, permutation = case

    whole = interest_areas(matrix, threshold=2)
    renumbered = interest_areas(permuted(matrix, permutation), threshold=2)

    # Position k of the renumbered matrix is goal permutation[k] of the original.
    mapped_back = {frozenset(int(permutation[k]) for k in area) for area in renumbered}
    assert mapped_back == {frozenset(area) for area in whole}
