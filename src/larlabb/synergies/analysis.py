"""Analysis of goal-interaction scores as pure functions over numpy arrays (no ORM, no HTTP).

Scores follow the seven-point scale of Nilsson, Griggs & Visbeck, "Policy: Map the interactions
between Sustainable Development Goals", Nature 534, 320-322 (2016): +3 indivisible,
+2 reinforcing, +1 enabling, 0 consistent, -1 constraining, -2 counteracting, -3 cancelling.

A matrix ``M`` has one row and one column per goal; ``M[i, j]`` is how progress on goal ``i``
(the row) influences progress on goal ``j`` (the column). The diagonal has no meaning and is
ignored. A stack of scores has shape ``(scorers, n, n)`` with NaN where a scorer gave no score.
"""

import operator
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import numpy.typing as npt

SCALE = (-3, -2, -1, 0, 1, 2, 3)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Consensus:
    """Per cell of the matrix: the median score, how many scorers scored it, and the
    interquartile range. ``median`` and ``iqr`` are NaN where nobody scored and on the
    diagonal; ``count`` is 0 there."""

    median: FloatArray
    count: IntArray
    iqr: FloatArray


@dataclass(frozen=True)
class Disagreement:
    """A cell where the medians of two groups of scorers differ (difference = first − second)."""

    row: int
    col: int
    first: float
    second: float
    difference: float


def consensus(scores: npt.ArrayLike) -> Consensus:
    """The median, count and interquartile range of each off-diagonal cell over all scorers."""
    stack = _as_scores(scores)
    ordered, count = _sorted_scores(stack)
    median = _quantile(ordered, count, 0.5)
    iqr = _quantile(ordered, count, 0.75) - _quantile(ordered, count, 0.25)
    return Consensus(median=median, count=count, iqr=iqr)


def influence(matrix: npt.ArrayLike) -> dict[str, FloatArray]:
    """Row and column sums of a complete matrix, in total, of positive and of negative entries
    (``out``, ``in``, ``out_pos``, ``out_neg``, ``in_pos``, ``in_neg``), and ``out_second``:
    for each goal, the sum of its off-diagonal row of M·M (influence through one other goal)."""
    values = _complete_matrix(matrix)
    positive = np.where(values > 0, values, 0.0)
    negative = np.where(values < 0, values, 0.0)
    square = values @ values
    return {
        "out": values.sum(axis=1),
        "in": values.sum(axis=0),
        "out_pos": positive.sum(axis=1),
        "out_neg": negative.sum(axis=1),
        "in_pos": positive.sum(axis=0),
        "in_neg": negative.sum(axis=0),
        "out_second": square.sum(axis=1) - np.diagonal(square),
    }


def disagreement(
    scores: npt.ArrayLike,
    groups: tuple[Sequence[int], Sequence[int]],
    limit: int | None = None,
) -> list[Disagreement]:
    """Cells where the median of the first group of scorers differs from that of the second,
    largest absolute difference first (ties by row, then column). Only off-diagonal cells that
    both groups scored count; ``limit`` caps the length of the list."""
    stack = _as_scores(scores)
    first, second = _check_groups(groups, stack.shape[0])
    if limit is not None and limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")
    first_median = _quantile(*_sorted_scores(stack[first]), 0.5)
    second_median = _quantile(*_sorted_scores(stack[second]), 0.5)
    difference = first_median - second_median
    rows, cols = np.nonzero(~np.isnan(difference) & (difference != 0))
    gaps = difference[rows, cols]
    order = np.lexsort((cols, rows, -np.abs(gaps)))
    if limit is not None:
        order = order[:limit]
    return [
        Disagreement(
            row=int(rows[k]),
            col=int(cols[k]),
            first=float(first_median[rows[k], cols[k]]),
            second=float(second_median[rows[k], cols[k]]),
            difference=float(gaps[k]),
        )
        for k in order
    ]


def interest_areas(
    matrix: npt.ArrayLike, threshold: float = 1.0, seed: int | None = 0
) -> list[list[int]]:
    """Groups of goals that reinforce one another: Louvain communities of the undirected graph
    whose edge i–j weighs the sum of the positive entries M[i, j] and M[j, i] that reach
    ``threshold``. Areas of two or more goals, each sorted, the largest first (ties by smallest
    goal); goals without such a link belong to no area."""
    values = _complete_matrix(matrix)
    strong = np.where((values >= threshold) & (values > 0), values, 0.0)
    weights = strong + strong.T
    graph = nx.Graph()
    graph.add_nodes_from(range(values.shape[0]))
    rows, cols = np.nonzero(np.triu(weights, k=1))
    graph.add_weighted_edges_from(
        (int(i), int(j), float(weights[i, j])) for i, j in zip(rows, cols, strict=True)
    )
    if graph.number_of_edges() == 0:
        return []
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    areas = [sorted(community) for community in communities if len(community) >= 2]
    return sorted(areas, key=lambda area: (-len(area), area[0]))


def _as_scores(scores: npt.ArrayLike) -> FloatArray:
    """The scores as a float array of shape (scorers, n, n), every value on the scale or NaN."""
    stack = np.asarray(scores, dtype=np.float64)
    if stack.ndim != 3 or stack.shape[1] != stack.shape[2]:
        raise ValueError(f"scores must have shape (scorers, n, n), got shape {stack.shape}")
    outside = ~np.isnan(stack) & ((stack < SCALE[0]) | (stack > SCALE[-1]))
    if outside.any():
        scorer, row, col = (int(k) for k in np.argwhere(outside)[0])
        raise ValueError(
            f"score {stack[scorer, row, col]} of scorer {scorer} at row {row}, column {col} "
            f"is outside {SCALE[0]}..{SCALE[-1]}"
        )
    return stack


def _as_matrix(matrix: npt.ArrayLike) -> FloatArray:
    """The matrix as a square float array, every value on the scale or NaN."""
    values = np.asarray(matrix, dtype=np.float64)
    if values.ndim != 2 or values.shape[0] != values.shape[1]:
        raise ValueError(f"matrix must be square, got shape {values.shape}")
    outside = ~np.isnan(values) & ((values < SCALE[0]) | (values > SCALE[-1]))
    if outside.any():
        row, col = (int(k) for k in np.argwhere(outside)[0])
        raise ValueError(
            f"value {values[row, col]} at row {row}, column {col} "
            f"is outside {SCALE[0]}..{SCALE[-1]}"
        )
    return values


def _complete_matrix(matrix: npt.ArrayLike) -> FloatArray:
    """A copy of the matrix with its diagonal set to 0; refuses a missing off-diagonal score."""
    values = _as_matrix(matrix).copy()
    np.fill_diagonal(values, 0.0)
    missing = np.isnan(values)
    if missing.any():
        row, col = (int(k) for k in np.argwhere(missing)[0])
        raise ValueError(f"missing score at row {row}, column {col}")
    return values


def _check_groups(
    groups: tuple[Sequence[int], Sequence[int]], scorers: int
) -> tuple[list[int], list[int]]:
    """The two groups of scorer indices, checked: non-empty, in range, and disjoint."""
    first, second = ([operator.index(k) for k in group] for group in groups)
    for name, group in (("first", first), ("second", second)):
        if not group:
            raise ValueError(f"the {name} group of scorers is empty")
        for k in group:
            if not 0 <= k < scorers:
                raise ValueError(f"scorer {k} in the {name} group is out of range 0..{scorers - 1}")
        if len(set(group)) != len(group):
            raise ValueError(f"the {name} group lists a scorer more than once")
    both = sorted(set(first) & set(second))
    if both:
        raise ValueError(f"scorer {both[0]} is in both groups")
    return first, second


def _sorted_scores(stack: FloatArray) -> tuple[FloatArray, IntArray]:
    """Each cell's scores sorted along the last axis (NaN last), with the count of scores per
    cell; the diagonal counts as unscored."""
    n = stack.shape[1]
    ordered = np.sort(np.moveaxis(stack, 0, -1), axis=-1)
    count = np.count_nonzero(~np.isnan(ordered), axis=-1).astype(np.int64)
    count[np.arange(n), np.arange(n)] = 0
    return ordered, count


def _quantile(ordered: FloatArray, count: IntArray, q: float) -> FloatArray:
    """The q-quantile of each cell with linear interpolation (numpy's default method), computed
    from sorted scores without warnings; NaN where the count is 0."""
    if ordered.shape[-1] == 0:
        return np.full(count.shape, np.nan)
    position = q * np.maximum(count - 1, 0)
    below = np.floor(position).astype(np.int64)
    above = np.ceil(position).astype(np.int64)
    low = np.take_along_axis(ordered, below[..., np.newaxis], axis=-1)[..., 0]
    high = np.take_along_axis(ordered, above[..., np.newaxis], axis=-1)[..., 0]
    value = low + (high - low) * (position - below)
    return np.where(count > 0, value, np.nan)
