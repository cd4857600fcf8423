"""Theme suggestions for the notes of a board: group short notes by what they mean and name
each group with a few characteristic words.

Pure functions over texts and vectors (no Django, no ORM, no settings); :func:`cluster` embeds
texts itself through :mod:`larlabb.live.embeddings`, :func:`cluster_vectors` takes stored vectors.
The facilitator accepts, renames, merges, splits or rejects what comes out, so the grouping is
a starting point.

How notes are grouped: the sentence embeddings of the multilingual E5 model are centred on the
board's mean and normalised. The number of themes is chosen by evidence accumulation: spectral
clustering of the notes (affinity: cosine similarity, negatives cut to 0) for every k from 2 to
``max_k`` (12, and at most a third of the notes, so that a theme has three notes on average),
on the vectors with their first principal component also removed, votes for which notes belong
together; the average-linkage tree of those votes is cut at the k with the best silhouette
(cosine). The notes are then grouped by spectral clustering into that many themes on the centred
vectors. Deterministic for a seed.

Measured with ``bench/themes.py`` on ``tests/live/data/themes_sv.json`` (96 Swedish notes in 8
known themes, worded so that notes of one theme seldom share a word) as the adjusted Rand index
(ARI: 1 perfect, 0 chance), seeds 0, 1, 2:

====================================================  ===========  ==================  ===========
candidate                                             true k = 8   automatic k         64-note set
====================================================  ===========  ==================  ===========
E5, centred, spectral; k by EAC + silhouette (used)   0.38 / 0.37  0.38 / 0.35 / 0.37  0.25
                                                                   (k = 7)
E5, centred, spectral; k by silhouette                0.38         0.08 (k = 2)        0.19
E5, first component removed, spectral; k silhouette   0.34         0.33 (k = 11)       0.26
E5, centred, k-means; k by silhouette                 0.17         0.08 (k = 2)        0.09
E5, centred, Louvain on 10-nearest-neighbour graph    —            0.23 (k = 6)        0.23
E5 passage embeddings, centred, spectral              0.14         —                   —
E5 + its sparse "latent terms", spectral              0.29         —                   —
character 3-5-gram TF-IDF, average linkage (before)   0.02         0.04 (k = 10)       0.04
====================================================  ===========  ==================  ===========

Labels are class-based TF-IDF over Swedish Snowball stems, stop words and generic words left out:
the words frequent in a theme's notes and rare in the others', written as the notes write them.
"""

import math
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Sequence
from types import ModuleType

import numpy as np
import numpy.typing as npt
import snowballstemmer

from larlabb.live import embeddings

FloatArray = npt.NDArray[np.floating]

METHOD = "multilingual-e5-spectral"
MAX_AUTO_K = 12
LABEL_WORDS = 3
CANDIDATES = 24

# The Snowball stop words for Swedish plus the modal verbs and fillers that sticky notes are
# full of ("behöver", "måste", "borde").
_STOP_WORDS = """
    alla allt att av blev bli blir blivit de dem den denna deras dess dessa det detta dig din
    dina ditt du där då efter ej eller en er era ert ett från för ha hade han hans har henne
    hennes hon honom hur här i icke ingen inom inte jag ju kan kunde man med mellan men mig
    min mina mitt mot mycket ni nu när någon något några och om oss på samma sedan sig sin
    sina sitta själv skulle som så sådan sådana sådant till under upp ut utan vad var vara
    varför varit varje vars vart vem vi vid vilka vilkas vilken vilket vår våra vårt än är åt
    över bara få får ska måste behöver borde inget
    """
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Words that say how things are rather than what they are about: never used in a label.
_GENERIC_WORDS = """
    alltid aldrig bra bättre del delar dåligt egen egna enda finns flera fler fungerar få gå
    gäller går göra gör ge ger hela idag inga kommer komma kort kräva kräver lite liten långa
    långt leder ligger många mer mindre minska mot ny nya nytt ofta olika saknar saknas
    skapar skapa små stor stora står svår svårt ta tar tydlig tydligare två tre viktig
    viktigt vill öka ökat även också redan just faktiskt tillbaka varandra
    """
GENERIC_WORDS = frozenset(_GENERIC_WORDS.split())

_WORD = re.compile(r"\w+(?:[-:]\w+)*")
_STEMMER = snowballstemmer.stemmer("swedish")


def method() -> str:
    """How notes are grouped (stored with each suggestion run): ``"multilingual-e5-spectral"``."""
    return METHOD


def max_k(distinct: int) -> int:
    """The most themes chosen automatically for a board of ``distinct`` different notes: 12, and
    at most a third of the notes (at least 2)."""
    return max(2, min(MAX_AUTO_K, distinct // 3))


def cluster(texts: Sequence[str], k: int | None = None, *, seed: int = 0) -> list[int]:
    """A cluster number per text, numbered 0, 1, ... in the order the clusters first appear;
    the texts are embedded here (see :func:`cluster_vectors` for stored vectors)."""
    firsts = distinct_texts(texts)
    vectors = embeddings.embed([texts[index] for index in firsts]) if len(firsts) >= 3 else None
    return cluster_vectors(texts, vectors, k, seed=seed)


def cluster_vectors(
    texts: Sequence[str], vectors: FloatArray | None, k: int | None = None, *, seed: int = 0
) -> list[int]:
    """A cluster number per text, numbered 0, 1, ... in the order the clusters first appear.

    ``vectors`` has one row per *distinct* non-blank text, in the order they first appear
    (case and whitespace ignored; see :func:`distinct_texts`); it may be ``None`` when there
    are fewer than three. ``k`` is the number of clusters wanted, clamped to the number of
    distinct texts, so there are never more than ``k`` clusters and never an empty one. With
    ``k=None`` the number is chosen as the module docstring says. Texts equal once case and
    whitespace are ignored share a cluster; blank texts form a cluster of their own, which
    counts towards ``k``. The same texts, vectors and seed give the same numbers.
    """
    if k is not None and k < 1:
        raise ValueError("k must be at least 1")
    keys = [_key(text) for text in texts]
    distinct = list(dict.fromkeys(key for key in keys if key))
    has_blank = "" in keys
    if not distinct or k == 1:
        return [0] * len(keys)
    wanted = None if k is None else max(1, min(k - has_blank, len(distinct)))
    if wanted == 1:
        groups = [0] * len(distinct)
    elif len(distinct) < 3:
        groups = list(range(len(distinct)))
    else:
        if vectors is None or len(vectors) != len(distinct):
            raise ValueError("vectors must have one row per distinct text")
        groups = _group(np.asarray(vectors, dtype=np.float64), wanted, seed)
    group_of = dict(zip(distinct, groups, strict=True))
    return _renumber([group_of.get(key, -1) for key in keys])


def distinct_texts(texts: Sequence[str]) -> list[int]:
    """The indexes of the texts whose vectors :func:`cluster_vectors` takes: the first of each
    distinct non-blank text."""
    seen: set[str] = set()
    indexes = []
    for index, text in enumerate(texts):
        key = _key(text)
        if key and key not in seen:
            seen.add(key)
            indexes.append(index)
    return indexes


def similar_pairs(
    left: FloatArray, right: FloatArray, threshold: float
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, similarity) of a row of ``left`` and a row of ``right`` (unit vectors)
    whose cosine similarity is at least ``threshold``, most similar first; each row is in at
    most one pair (greedy, best first)."""
    if not len(left) or not len(right):
        return []
    similarity = np.asarray(left, dtype=np.float64) @ np.asarray(right, dtype=np.float64).T
    candidates = np.argwhere(similarity >= threshold)
    order = sorted(
        ((float(similarity[i, j]), int(i), int(j)) for i, j in candidates), key=lambda c: -c[0]
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs = []
    for value, i, j in order:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        pairs.append((i, j, round(value, 4)))
    return pairs


def label(
    texts: Sequence[str], clusters: Sequence[int], vectors: FloatArray | None = None
) -> list[str]:
    """A short name (1-3 words) per cluster number: item ``c`` names cluster ``c``.

    Candidates are the Swedish Snowball stems of the cluster's notes (stop words and generic
    verbs and adjectives left out) with the highest class-based TF-IDF: how often they occur in
    its notes times how rare they are on the whole board, those in two or more of its notes
    first. With ``vectors`` (one unit vector per text), the :data:`CANDIDATES` best are ranked
    by how close the word's own embedding lies to the mean of the cluster's notes, which
    prefers the words that say what the notes are about ("Tågstopp, bredband och väg") over
    merely rare ones. Each is written as the word the notes use most for it. A cluster whose
    notes have no such word, a cluster of blank notes and a number no note has get "".
    """
    if len(texts) != len(clusters):
        raise ValueError("texts and clusters must have the same length")
    if any(number < 0 for number in clusters):
        raise ValueError("cluster numbers must not be negative")
    if vectors is not None and len(vectors) != len(texts):
        raise ValueError("vectors must have one row per text")
    if not clusters:
        return []
    words = [_WORD.findall(text) for text in texts]
    stems = [{_stem(word) for word in note} - {""} for note in words]
    members: defaultdict[int, list[int]] = defaultdict(list)
    for index, number in enumerate(clusters):
        members[number].append(index)
    in_cluster = {
        number: Counter(stem for index in indexes for stem in stems[index])
        for number, indexes in members.items()
    }
    across = Counter(stem for counts in in_cluster.values() for stem in counts.elements())
    average = sum(across.values()) / len(in_cluster)

    candidates: dict[int, list[str]] = {}
    for number, indexes in members.items():
        counts = in_cluster[number]
        size = sum(counts.values())
        ranked = sorted(
            counts,
            key=lambda stem: (
                -counts[stem] / size * math.log(1 + average / across[stem]),
                stem,
            ),
        )
        candidates[number] = [_surface(stem, words, indexes) for stem in ranked[:CANDIDATES]]
    if vectors is not None:
        _rank_by_meaning(candidates, members, np.asarray(vectors, dtype=np.float64))

    labels = [""] * (max(clusters) + 1)
    for number, surfaces in candidates.items():
        labels[number] = _capitalise(_join(_different(surfaces)[:LABEL_WORDS]))
    return labels


_WORD_VECTORS: dict[str, FloatArray] = {}
WORD_CACHE = 20_000  # words (1.5 kB each): a board's next run names its themes at once


def _word_vectors(words: list[str]) -> dict[str, FloatArray]:
    """The embedding of each word, from a cache kept by the process (emptied when full)."""
    new = [word for word in words if word not in _WORD_VECTORS]
    if len(_WORD_VECTORS) + len(new) > WORD_CACHE:
        _WORD_VECTORS.clear()
        new = list(words)
    if new:
        _WORD_VECTORS.update(zip(new, embeddings.embed(new).astype(np.float64), strict=True))
    return {word: _WORD_VECTORS[word] for word in words}


def _different(words: list[str]) -> list[str]:
    """The words in order, leaving out one whose stem is part of an earlier one's or the other
    way round ("omställningen" after "omställningsstöd", "utsläpp" after "koldioxidutsläppen")."""
    kept: list[str] = []
    stems: list[str] = []
    for word in words:
        stem = _STEMMER.stemWord(word.casefold())
        if not any(stem in other or other in stem for other in stems):
            kept.append(word)
            stems.append(stem)
    return kept


def _rank_by_meaning(
    candidates: dict[int, list[str]], members: dict[int, list[int]], vectors: FloatArray
) -> None:
    """Order each cluster's candidate words by the cosine similarity of their embedding to
    the cluster's mean vector (in place; all words embedded in one call)."""
    vocabulary = sorted({word for words in candidates.values() for word in words})
    if not vocabulary:
        return
    word_vectors = _word_vectors(vocabulary)
    for number, words in candidates.items():
        centre = vectors[members[number]].mean(axis=0)
        words.sort(key=lambda word: -float(word_vectors[word] @ centre))


# vectors and clusters


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _sklearn() -> ModuleType:
    """scikit-learn, imported when a board is first clustered rather than when a server process
    starts: it adds about 100 MiB to every process that imports it."""
    import sklearn.cluster
    import sklearn.metrics

    return sklearn


def _unit(vectors: FloatArray) -> FloatArray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _centred(vectors: FloatArray, components: int = 0) -> FloatArray:
    """The vectors centred on their mean, with their first ``components`` principal components
    removed, at unit length."""
    centred = vectors - vectors.mean(axis=0)
    if components:
        _, _, directions = np.linalg.svd(centred, full_matrices=False)
        top = directions[:components]
        centred = centred - (centred @ top.T) @ top
    return _unit(centred)


def _affinity(vectors: FloatArray) -> FloatArray:
    affinity = np.clip(vectors @ vectors.T, 0.0, None)
    np.fill_diagonal(affinity, 0.0)
    return affinity


def _spectral(affinity: FloatArray, k: int, seed: int) -> npt.NDArray[np.intp]:
    clustering = _sklearn().cluster.SpectralClustering(
        n_clusters=k, affinity="precomputed", random_state=seed, n_init=10
    )
    with warnings.catch_warnings():
        # A board whose notes fall apart into unconnected groups is clustered all the same.
        warnings.simplefilter("ignore", UserWarning)
        return clustering.fit_predict(affinity)


def _group(vectors: FloatArray, k: int | None, seed: int) -> list[int]:
    """Spectral clusters of the rows (at least three): ``k`` of them, or as many as
    :func:`choose_k` finds."""
    centred = _centred(vectors)
    if k is None:
        k = choose_k(vectors, seed=seed)
    k = min(k, len(vectors))
    if k >= len(vectors):
        return list(range(len(vectors)))
    return [int(group) for group in _spectral(_affinity(centred), k, seed)]


def choose_k(vectors: FloatArray, *, seed: int = 0) -> int:
    """The number of themes for the rows of ``vectors`` (at least three): evidence
    accumulation over spectral clusterings for k = 2 .. :func:`max_k`, cut where the
    silhouette is best (the smallest k on ties)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    count = len(vectors)
    highest = min(max_k(count), count - 1)
    if highest <= 2:
        return 2
    reduced = _centred(vectors, components=1)
    affinity = _affinity(reduced)
    together = np.zeros((count, count))
    for k in range(2, highest + 1):
        groups = _spectral(affinity, k, seed)
        together += groups[:, None] == groups[None, :]
    apart = 1.0 - together / (highest - 1)
    np.fill_diagonal(apart, 0.0)
    tree = linkage(squareform(apart, checks=False), method="average")
    best_k, best_score = 2, -2.0
    for k in range(2, highest + 1):
        groups = fcluster(tree, k, criterion="maxclust")
        if len(set(groups)) < 2:
            continue
        score = float(_sklearn().metrics.silhouette_score(reduced, groups, metric="cosine"))
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k


def _renumber(groups: list[int]) -> list[int]:
    numbers: dict[int, int] = {}
    return [numbers.setdefault(group, len(numbers)) for group in groups]


# labels


def _stem(word: str) -> str:
    """The Snowball stem of a word that can name a theme, or "" for stop words, numbers,
    words of one or two letters and the verbs and adjectives notes share whatever their theme."""
    lowered = word.casefold()
    if lowered in STOP_WORDS or lowered in GENERIC_WORDS or len(lowered) < 3 or lowered.isdigit():
        return ""
    return _STEMMER.stemWord(lowered)


def _surface(stem: str, words: list[list[str]], indexes: list[int]) -> str:
    """The word written most often for ``stem`` in the given notes (the shortest, then the first
    on ties), in lower case unless it has capitals inside (``SCB``, ``EU-fonderna``)."""
    used = Counter(word for index in indexes for word in words[index] if _stem(word) == stem)
    word = min(used, key=lambda candidate: (-used[candidate], len(candidate)))
    return word if word[1:] != word[1:].lower() else word.lower()


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " och " + words[-1]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
