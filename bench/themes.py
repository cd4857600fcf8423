"""Benchmark of the theme suggestions and the shared-ground threshold (larlabb.live.themes).

1. On the fixture of Swedish sticky notes in known themes (tests/live/data/themes_sv.json):
   the adjusted Rand index (ARI: 1 perfect, about 0 chance) of each candidate with the true
   number of themes and with the number chosen automatically, for seeds 0, 1 and 2, the mean
   over random subsets of the notes (steadier than one figure), and the time to cluster.
2. A board of 300 notes (the fixture's notes, each with a few words changed, so that all differ):
   the time to embed them once (what the task queue does on a first run) and to cluster them
   from stored vectors with k chosen automatically (what every later run does), and the time
   to name the themes.
3. The shared-ground threshold: precision, recall and F1 of "same" on the labelled pairs of
   tests/live/data/shared_ground_sv.json for thresholds around the one used.

Needs no Django. ``--quick`` leaves out the slower candidates.

    .venv/bin/python bench/themes.py [--subsets N] [--subset-size N] [--quick]
"""

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from larlabb.live import embeddings, themes  # noqa: E402

FIXTURE = ROOT / "tests" / "live" / "data" / "themes_sv.json"
SHARED = ROOT / "tests" / "live" / "data" / "shared_ground_sv.json"
SHARED_GROUND_THRESHOLD = 0.90  # larlabb.live.actions.themes (which needs Django)
SEEDS = (0, 1, 2)

# A candidate: (vectors of the distinct texts, k or None, seed) -> a cluster number per text
Candidate = Callable[[np.ndarray, int | None, int], list[int]]


def used(vectors: np.ndarray, k: int | None, seed: int) -> list[int]:
    return themes._group(vectors, k, seed)


def spectral_silhouette(vectors: np.ndarray, k: int | None, seed: int) -> list[int]:
    """Spectral clustering on the centred vectors, k by the silhouette of each cut."""
    centred = themes._centred(vectors)
    affinity = themes._affinity(centred)
    if k is not None:
        return themes._spectral(affinity, k, seed).tolist()
    cuts = [themes._spectral(affinity, n, seed) for n in range(2, themes.MAX_AUTO_K + 1)]
    return max(cuts, key=lambda cut: silhouette_score(centred, cut, metric="cosine")).tolist()


def kmeans_silhouette(vectors: np.ndarray, k: int | None, seed: int) -> list[int]:
    centred = themes._centred(vectors)

    def cut(n: int) -> np.ndarray:
        return KMeans(n, random_state=seed, n_init=10).fit_predict(centred)

    if k is not None:
        return cut(k).tolist()
    cuts = [cut(n) for n in range(2, themes.MAX_AUTO_K + 1)]
    return max(cuts, key=lambda c: silhouette_score(centred, c, metric="cosine")).tolist()


def char_tfidf_vectors(texts: list[str]) -> np.ndarray:
    """The vectors of the suggestions before issue 19: TF-IDF of each word's character
    3-5-grams (average linkage on them gave ARI 0.02 at k = 8)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    return vectoriser.fit_transform(texts).toarray()


def ari_row(
    name: str,
    candidate: Candidate,
    vectors: np.ndarray,
    truth: list[str],
    subsets: list[np.ndarray],
) -> None:
    k = len(set(truth))
    at_k = [adjusted_rand_score(truth, candidate(vectors, k, seed)) for seed in SEEDS]
    begin = time.perf_counter()
    automatic = [candidate(vectors, None, seed) for seed in SEEDS]
    seconds = (time.perf_counter() - begin) / len(SEEDS)
    auto = [adjusted_rand_score(truth, found) for found in automatic]
    chosen = [len(set(found)) for found in automatic]
    sampled = [
        adjusted_rand_score([truth[i] for i in subset], candidate(vectors[subset], None, 0))
        for subset in subsets
    ]
    print(
        f"{name:<46}{' / '.join(f'{a:.2f}' for a in at_k):>20}"
        f"{' / '.join(f'{a:.2f}' for a in auto):>20}  k={'/'.join(map(str, chosen)):<9}"
        f"{np.mean(sampled):>6.2f} ±{np.std(sampled):.2f}{seconds:>8.2f}"
    )


def board_of_300(texts: list[str], rng: np.random.Generator) -> list[str]:
    """300 different notes from the fixture's: each note again with two of its words swapped
    for words of other notes."""
    words = [word for text in texts for word in text.split()]
    board = list(texts)
    while len(board) < 300:
        note = texts[len(board) % len(texts)].split()
        for _ in range(2):
            note[rng.integers(len(note))] = words[rng.integers(len(words))]
        board.append(" ".join(note))
    return board


def shared_ground() -> None:
    pairs = json.loads(SHARED.read_text(encoding="utf-8"))["pairs"]
    regions = embeddings.embed([pair["region"] for pair in pairs])
    agencies = embeddings.embed([pair["agency"] for pair in pairs])
    similarity = (regions * agencies).sum(axis=1)
    same = np.array([pair["same"] for pair in pairs])
    print(
        f"\nShared ground: {len(pairs)} labelled pairs ({same.sum()} the same); "
        f"similarity of the same {similarity[same].min():.3f}–{similarity[same].max():.3f}, "
        f"of the others {similarity[~same].min():.3f}–{similarity[~same].max():.3f}"
    )
    print(f"{'threshold':>10}{'precision':>11}{'recall':>8}{'F1':>7}")
    for threshold in np.arange(0.86, 0.945, 0.01):
        proposed = similarity >= threshold
        hits = (proposed & same).sum()
        precision = hits / proposed.sum() if proposed.sum() else 1.0
        recall = hits / same.sum()
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        mark = "  ← used" if abs(threshold - SHARED_GROUND_THRESHOLD) < 1e-9 else ""
        print(f"{threshold:>10.2f}{precision:>11.2f}{recall:>8.2f}{f1:>7.2f}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subsets", type=int, default=20)
    parser.add_argument("--subset-size", type=int, default=64)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    texts = [row["text"] for row in rows]
    truth = [row["theme"] for row in rows]
    rng = np.random.default_rng(2026)
    subsets = [
        np.sort(rng.choice(len(texts), size=min(args.subset_size, len(texts)), replace=False))
        for _ in range(args.subsets)
    ]

    begin = time.perf_counter()
    embeddings.embed(["uppvärmning"])
    loaded = time.perf_counter() - begin
    begin = time.perf_counter()
    vectors = embeddings.embed(texts).astype(np.float64)
    embedded = time.perf_counter() - begin
    print(
        f"{len(texts)} notes in {len(set(truth))} themes; model {embeddings.MODEL} loaded in "
        f"{loaded:.2f} s, {embedded:.2f} s to embed the notes ({embeddings.threads()} threads)"
    )
    print(
        f"ARI at true k and at automatic k for seeds {SEEDS}; mean ± sd over {args.subsets} "
        f"random sets of {args.subset_size} notes (automatic k, seed 0); seconds per automatic run"
    )
    print(f"{'candidate':<46}{'ARI, k = 8':>20}{'ARI, automatic k':>20}  {'k':<11}{'sets':>6}")
    ari_row("E5 + spectral, k by EAC + silhouette (used)", used, vectors, truth, subsets)
    ari_row("E5 + spectral, k by silhouette", spectral_silhouette, vectors, truth, subsets)
    if not args.quick:
        ari_row("E5 + k-means, k by silhouette", kmeans_silhouette, vectors, truth, subsets)
        tfidf = char_tfidf_vectors(texts)
        ari_row("char 3-5-gram TF-IDF + spectral (EAC)", used, tfidf, truth, subsets)
    shuffled = [rng.permutation(truth).tolist() for _ in range(200)]
    chance = np.mean([adjusted_rand_score(truth, s) for s in shuffled])
    print(f"{'random grouping (200 shuffles)':<46}{chance:>20.3f}")

    found = themes.cluster(texts)
    labels = themes.label(texts, found, vectors)
    print("\nLabels on the fixture (automatic k, seed 0), with each theme's commonest true theme:")
    for number, name in enumerate(labels):
        members = [truth[i] for i, group in enumerate(found) if group == number]
        commonest = max(set(members), key=members.count)
        print(f"  {name:<60} {len(members):>3} notes, {members.count(commonest)} «{commonest}»")

    board = board_of_300(texts, rng)
    begin = time.perf_counter()
    stored = embeddings.embed(board).astype(np.float64)
    embed_300 = time.perf_counter() - begin
    firsts = themes.distinct_texts(board)
    begin = time.perf_counter()
    groups = themes.cluster_vectors(board, stored[firsts], None)
    cluster_300 = time.perf_counter() - begin
    begin = time.perf_counter()
    themes.label(board, groups, stored)
    label_300 = time.perf_counter() - begin
    print(
        f"\n300 notes: embedding {embed_300:.2f} s (once per note); from stored vectors, "
        f"clustering {cluster_300:.2f} s (k = {len(set(groups))}) and labels {label_300:.2f} s: "
        f"{cluster_300 + label_300:.2f} s a run"
    )
    shared_ground()


if __name__ == "__main__":
    main()
