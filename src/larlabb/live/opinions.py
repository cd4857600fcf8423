"""The opinion map (Åsiktskarta), as Pol.is draws one: who answers the statements alike, which
statements every opinion group agrees on, and what sets each group apart. Pure functions over a
vote matrix; they know nothing of the room, the database or HTTP.

A vote matrix has a row per participant and a column per statement: 1 agree, −1 disagree,
0 pass, NaN not seen (not answered). Answering counts as a vote whatever the answer, a pass
too: a participant with fewer than ``min_votes`` votes is not grouped (group −1) and not
drawn on the map.

How the grouped are placed and grouped:

1. The matrix of the grouped participants, each unseen statement filled with the statement's
   mean among them (0 when none of them has seen it), is projected on its first two principal
   components: the map's coordinates (:func:`project`).
2. k-means groups the points, k from 2 to ``max_groups``, the k with the best silhouette; k-means
   is seeded, so the same votes and seed give the same groups. Groups are numbered by size,
   largest first (ties by their first member).

The edge cases, on purpose:

- no participant, or no statement: nobody is grouped;
- one or two groupable participants, or groupable participants whose points all coincide (the
  same votes): one group 0 (a silhouette needs three points and two distinct places);
- fewer distinct points than a k: that k is not tried (k-means would place two centres on one
  point);
- one statement: the map has one dimension (the second coordinate is 0).
"""

from types import ModuleType

import numpy as np
from numpy.typing import ArrayLike, NDArray
from threadpoolctl import threadpool_limits

AGREE, PASS, DISAGREE = 1, 0, -1
NOT_GROUPED = -1
# One-sided two-proportion z-test at 90 % confidence: the group agrees more than the rest.
REPRESENTATIVE_Z = 1.2816

Matrix = NDArray[np.float64]


def _sklearn() -> ModuleType:
    """scikit-learn, imported when a map is first drawn rather than when a server process
    starts (it adds about 100 MiB to every process that imports it)."""
    import sklearn.cluster
    import sklearn.decomposition
    import sklearn.metrics

    return sklearn


def as_matrix(votes: ArrayLike) -> Matrix:
    """``votes`` as a 2-D float array (an empty list is no participant and no statement)."""
    matrix = np.asarray(votes, dtype=float)
    if matrix.size == 0 and matrix.ndim < 2:
        return matrix.reshape(0, 0)
    if matrix.ndim != 2:
        raise ValueError("votes must be a participants-by-statements matrix")
    return matrix


def groupable(votes: ArrayLike, min_votes: int = 7) -> NDArray[np.bool_]:
    """Whether each participant has voted on at least ``min_votes`` statements (and on one)."""
    matrix = as_matrix(votes)
    counts = (~np.isnan(matrix)).sum(axis=1)
    return (counts >= max(min_votes, 1)) & (matrix.shape[1] > 0)


def project(votes: ArrayLike, min_votes: int = 7) -> Matrix:
    """Each participant's place on the map: a (participants, 2) array, NaN for those not
    grouped. The first two principal components of the grouped participants' votes, unseen
    statements filled with the statement's mean among them."""
    matrix = as_matrix(votes)
    points = np.full((matrix.shape[0], 2), np.nan)
    rows = groupable(matrix, min_votes)
    if not rows.any():
        return points
    seen = matrix[rows]
    with np.errstate(invalid="ignore"):  # a statement none of them has seen: its mean is 0
        counts = (~np.isnan(seen)).sum(axis=0)
        means = np.where(counts > 0, np.nansum(seen, axis=0) / np.maximum(counts, 1), 0.0)
    filled = np.where(np.isnan(seen), means, seen)
    components = min(2, filled.shape[0], filled.shape[1])
    if components == 0 or np.allclose(filled, filled[0]):
        points[rows] = 0.0  # one place for everyone: nothing to project
        return points
    pca = _sklearn().decomposition.PCA(n_components=components, svd_solver="full")
    with threadpool_limits(limits=1):  # see opinion_groups
        projected = pca.fit_transform(filled)
    placed = np.zeros((filled.shape[0], 2))
    placed[:, :components] = projected
    points[rows] = placed
    return points


def _numbered_by_size(labels: NDArray[np.int_]) -> list[int]:
    """The labels renumbered 0, 1, … by group size, largest first, ties by first member."""
    found = sorted(
        set(labels.tolist()), key=lambda g: (-(labels == g).sum(), int(np.argmax(labels == g)))
    )
    number = {old: new for new, old in enumerate(found)}
    return [number[int(label)] for label in labels]


def opinion_groups(
    votes: ArrayLike, min_votes: int = 7, max_groups: int = 5, seed: int = 0
) -> list[int]:
    """Each participant's opinion group (0, 1, …; −1 when not grouped): k-means on the map's
    points, k from 2 to ``max_groups`` chosen by the silhouette, seeded."""
    matrix = as_matrix(votes)
    points = project(matrix, min_votes)
    rows = ~np.isnan(points[:, 0])
    groups = np.full(matrix.shape[0], NOT_GROUPED)
    placed = points[rows]
    distinct = len(np.unique(np.round(placed, 9), axis=0)) if len(placed) else 0
    best: tuple[float, NDArray[np.int_]] | None = None
    sklearn = _sklearn()
    # one thread: k-means on a few hundred points is over before more threads start, and a
    # busy server's threads only wait for each other (measured on two busy cores for 300
    # people and 60 statements, PCA included: 0.04 s against 0.2 to 0.4 s; bench/opinions.py)
    with threadpool_limits(limits=1):
        for k in range(2, min(max_groups, len(placed) - 1, distinct) + 1):
            kmeans = sklearn.cluster.KMeans(n_clusters=k, n_init=10, random_state=seed)
            labels = kmeans.fit_predict(placed)
            if len(set(labels.tolist())) < 2:
                continue
            score = float(sklearn.metrics.silhouette_score(placed, labels))
            if best is None or score > best[0] + 1e-12:
                best = (score, labels)
    if best is not None:
        groups[rows] = _numbered_by_size(best[1])
    elif len(placed):
        groups[rows] = 0
    return groups.tolist()


def _counts(matrix: Matrix, members: NDArray[np.bool_]) -> tuple[Matrix, Matrix]:
    """Per statement: how many of ``members`` agree, and how many have seen it."""
    chosen = matrix[members]
    agrees = (chosen == AGREE).sum(axis=0).astype(float)
    seen = (~np.isnan(chosen)).sum(axis=0).astype(float)
    return agrees, seen


def group_consensus(votes: ArrayLike, groups: list[int]) -> Matrix:
    """Each statement's consensus: the product over the opinion groups of (agrees + 1) /
    (seen + 2), a pass counted as seen; NaN for a statement that no group has seen (or when
    nobody is grouped). High when every group agrees; comparable within one map."""
    matrix = as_matrix(votes)
    labels = np.asarray(groups, dtype=int).reshape(-1)
    result = np.ones(matrix.shape[1])
    seen_by_any = np.zeros(matrix.shape[1], dtype=bool)
    for group in sorted({g for g in labels.tolist() if g != NOT_GROUPED}):
        agrees, seen = _counts(matrix, labels == group)
        result *= (agrees + 1) / (seen + 2)
        seen_by_any |= seen > 0
    result[~seen_by_any] = np.nan
    return result


def representative(votes: ArrayLike, groups: list[int]) -> dict[int, list[int]]:
    """For each opinion group, the statements on which it agrees more than the other grouped
    participants, by a two-proportion z-test (z > 1.2816, one-sided at 90 %), the most
    different first (ties by statement index). A statement that the group or the rest has
    not seen, or on which everyone agrees alike (no variance), is never representative."""
    matrix = as_matrix(votes)
    labels = np.asarray(groups, dtype=int).reshape(-1)
    found: dict[int, list[int]] = {}
    grouped = labels != NOT_GROUPED
    for group in sorted({g for g in labels.tolist() if g != NOT_GROUPED}):
        inside = labels == group
        agrees_in, seen_in = _counts(matrix, inside)
        agrees_out, seen_out = _counts(matrix, grouped & ~inside)
        with np.errstate(divide="ignore", invalid="ignore"):
            p_in = agrees_in / seen_in
            p_out = agrees_out / seen_out
            pooled = (agrees_in + agrees_out) / (seen_in + seen_out)
            spread = np.sqrt(pooled * (1 - pooled) * (1 / seen_in + 1 / seen_out))
            z = (p_in - p_out) / spread
        z = np.where(np.isfinite(z), z, -np.inf)
        ahead = [int(j) for j in np.flatnonzero(z > REPRESENTATIVE_Z)]
        found[group] = sorted(ahead, key=lambda j: (-z[j], j))
    return found


def agree_shares(votes: ArrayLike, members: list[bool]) -> Matrix:
    """The share of ``members`` who agree with each statement, of those who have seen it
    (NaN where none has)."""
    matrix = as_matrix(votes)
    agrees, seen = _counts(matrix, np.asarray(members, dtype=bool).reshape(-1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(seen > 0, agrees / np.maximum(seen, 1), np.nan)
