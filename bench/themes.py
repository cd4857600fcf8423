"""Benchmark of the theme suggestions on the fixture of Swedish sticky notes in known themes
(tests/live/data/themes_sv.json). For each candidate way of turning notes into vectors it prints
the adjusted Rand index (ARI: 1 perfect, about 0 chance) with the true number of themes, with
the number chosen automatically (silhouette), the mean over random subsets of the notes (steadier
than one figure), the time to cluster the whole fixture and, for a model, the time to load it.
The character n-gram TF-IDF runs through themes.cluster itself; the other candidates share its
clustering (centred cosine, average linkage). The model in ``tokenlearn-static-model`` is no
longer a candidate (no licence, no stated origin); see the module docstring of
larlabb.live.themes for its figures. A candidate whose package is not installed is listed as
such. Needs no Django.

    .venv/bin/python bench/themes.py [--subsets N] [--subset-size N]
"""

import argparse
import importlib
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from larlabb.live import themes  # noqa: E402

FIXTURE = ROOT / "tests" / "live" / "data" / "themes_sv.json"
Grouper = Callable[[list[str], int | None], list[int]]


def word_tfidf(texts: list[str]) -> np.ndarray:
    """TF-IDF over Swedish Snowball stems without stop words (sublinear tf, smooth idf),
    centred like the other candidates."""
    stemmer = themes.snowballstemmer.stemmer("swedish")

    def stems(text: str) -> list[str]:
        words = re.findall(r"\w+(?:[-:]\w+)*", text.casefold())
        return [stemmer.stemWord(word) for word in words if word not in themes.STOP_WORDS]

    vectoriser = TfidfVectorizer(analyzer=stems, sublinear_tf=True)
    return centred(vectoriser.fit_transform(texts).toarray())


def wordllama_loader() -> Grouper:
    """WordLlama's bundled 256-d English model; its loader looks for the bundled tokenizer in the
    wrong folder, so both files are found by giving the package folder as the cache."""
    wordllama = importlib.import_module("wordllama")
    model = wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )
    return on_vectors(lambda texts: centred(np.asarray(model.embed(texts), dtype=np.float64)))


def char_tfidf(texts: list[str], k: int | None) -> list[int]:
    return themes.cluster(texts, k)


def on_vectors(vectorise: Callable[[list[str]], np.ndarray]) -> Grouper:
    """The clustering of larlabb.live.themes applied to other vectors."""
    return lambda texts, k: themes._group(vectorise(texts), k)


def centred(vectors: np.ndarray) -> np.ndarray:
    vectors = normalize(vectors)
    return normalize(vectors - vectors.mean(axis=0))


def run(
    name: str, group: Grouper, texts: list[str], truth: list[str], subsets: list[np.ndarray]
) -> None:
    """Print one row but its load time: ARI with the true k, with the automatic k, mean and
    spread over the subsets, and the seconds to vectorise and cluster the whole fixture."""
    k = len(set(truth))
    begin = time.perf_counter()
    found = group(texts, k)
    seconds = time.perf_counter() - begin
    automatic = group(texts, None)
    sampled = []
    for subset in subsets:
        part = [texts[i] for i in subset]
        part_truth = [truth[i] for i in subset]
        grouped = group(part, len(set(part_truth)))
        sampled.append(adjusted_rand_score(part_truth, grouped))
    print(
        f"{name:<34}{adjusted_rand_score(truth, found):>8.3f}"
        f"{adjusted_rand_score(truth, automatic):>8.3f} (k={len(set(automatic)):>2})"
        f"{np.mean(sampled):>8.3f} ±{np.std(sampled):.3f}{seconds:>9.3f}",
        end="",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subsets", type=int, default=40)
    parser.add_argument("--subset-size", type=int, default=64)
    args = parser.parse_args()
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    texts = [row["text"] for row in rows]
    truth = [row["theme"] for row in rows]
    rng = np.random.default_rng(2026)
    subsets = [
        np.sort(rng.choice(len(texts), size=min(args.subset_size, len(texts)), replace=False))
        for _ in range(args.subsets)
    ]
    print(
        f"{len(texts)} notes in {len(set(truth))} themes; mean over {args.subsets} random "
        f"subsets of {min(args.subset_size, len(texts))} notes; themes.method() = {themes.method()}"
    )
    print(f"{'candidate':<34}{'ARI k':>8}{'ARI auto':>15}{'subsets':>15}{'time s':>9}  load s")

    run("word TF-IDF, Snowball stems", on_vectors(word_tfidf), texts, truth, subsets)
    print()
    run("char 3-5-gram TF-IDF (themes)", char_tfidf, texts, truth, subsets)
    print()
    name = "wordllama l2_supercat (English)"
    try:
        begin = time.perf_counter()
        group = wordllama_loader()
        loaded = time.perf_counter() - begin
    except ImportError:
        print(f"{name:<34}not installed")
    else:
        run(name, group, texts, truth, subsets)
        print(f"{loaded:>8.3f}")
    shuffled = [rng.permutation(truth).tolist() for _ in range(200)]
    chance = np.mean([adjusted_rand_score(truth, s) for s in shuffled])
    print(f"{'random grouping (200 shuffles)':<34}{chance:>8.3f}")


if __name__ == "__main__":
    main()
