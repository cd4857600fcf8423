"""Theme suggestions for the notes of a board: group short Swedish notes and name each group.

Pure functions over plain strings (no Django, no ORM, no settings). The facilitator accepts,
renames, merges or rejects what comes out, so the grouping only has to be a useful first draft.

Notes become vectors by scikit-learn's TF-IDF over the character 3-5-grams of each word
(``TfidfVectorizer(analyzer="char_wb")``, sublinear tf, smooth idf; punctuation dropped first),
which catches the shared parts of Swedish compounds (``bredbandsutbyggnaden`` / ``bredband``).
The vectors are L2-normalised, centred on the board's mean and normalised again (removing what
all notes share), then grouped by scikit-learn's average-linkage ``AgglomerativeClustering`` on
cosine distance, which needs no random seed. With ``k=None`` the number of groups is the one
with the best mean silhouette (``silhouette_score``, cosine) among 2..10 (and below the number
of distinct notes). Labels use Swedish Snowball stems (``snowballstemmer``).

Measured with ``bench/themes.py`` on ``tests/live/data/themes_sv.json`` (96 notes in 8 known
themes, vocabulary varied on purpose so that notes of one theme seldom share a word), as the
adjusted Rand index (1 perfect, 0 chance):

================================  ==========  ============  ==================================
candidate                         true k = 8  automatic k   mean ± sd, 40 random 64-note sets
================================  ==========  ============  ==================================
char 3-5-gram TF-IDF (used)       0.021       0.036 (k=10)  0.037 ± 0.036
word TF-IDF, Snowball stems       0.021       0.014 (k=10)  0.022 ± 0.021
model (tokenlearn-static-model)   0.116       0.106 (k=5)   0.088 ± 0.032
wordllama (English, 256-d)        0.003       0.015 (k=10)  0.012 ± 0.019
================================  ==========  ============  ==================================

The last two rows were measured earlier with the same clustering, then written by hand in
numpy (where the char TF-IDF, counting a short word once per n-gram size, gave 0.023, 0.041
(k=10) and 0.038 ± 0.030). The static multilingual model in the wheel
``tokenlearn-static-model`` did clearly better than anything without a model, but it was not
adopted: the package states no licence and no origin, so it
cannot be shipped. A Swedish-capable static model with a clear licence, such as
potion-multilingual-128M (MIT), would have to be packaged as our own wheel, which this
environment cannot fetch. Without one, the grouping is far from a person's when notes share no
words: the suggestions are a draft for the facilitator.
"""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from types import ModuleType

import numpy as np
import numpy.typing as npt
import snowballstemmer

FloatArray = npt.NDArray[np.float64]

METHOD = "char-ngram-tfidf"
MAX_AUTO_K = 10
LABEL_WORDS = 4

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
    """How :func:`cluster` turns notes into vectors: ``"char-ngram-tfidf"``, the only way."""
    return METHOD


def cluster(texts: Sequence[str], k: int | None = None) -> list[int]:
    """A cluster number per text, numbered 0, 1, ... in the order the clusters first appear.

    ``k`` is the number of clusters wanted; it is clamped to the number of distinct texts, so
    there are never more than ``k`` clusters and never an empty one. With ``k=None`` the number
    is chosen by silhouette (see the module docstring). Texts that are equal once case and
    whitespace are ignored always share a cluster; blank texts form a cluster of their own,
    which counts towards ``k``. Deterministic: the same texts give the same numbers.
    """
    if k is not None and k < 1:
        raise ValueError("k must be at least 1")
    keys = [" ".join(text.casefold().split()) for text in texts]
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
        groups = _group(_vectors(distinct), wanted)
    group_of = dict(zip(distinct, groups, strict=True))
    return _renumber([group_of.get(key, -1) for key in keys])


def label(texts: Sequence[str], clusters: Sequence[int]) -> list[str]:
    """A short name (1-4 words) per cluster number: item ``c`` names cluster ``c``.

    The name is the one or two word stems (Swedish Snowball; stop words and generic verbs and
    adjectives left out) found in most notes of the cluster and fewest elsewhere, each written
    as the word most often used for it there ("Statistik och uppföljning"). When no stem occurs
    in two notes of the cluster, it is the cluster's most central note cut to four words.
    A cluster of blank notes, or a number no note has, gets "".
    """
    if len(texts) != len(clusters):
        raise ValueError("texts and clusters must have the same length")
    if any(number < 0 for number in clusters):
        raise ValueError("cluster numbers must not be negative")
    if not clusters:
        return []
    words = [_WORD.findall(text) for text in texts]
    stems = [{_stem(word) for word in note} - {""} for note in words]
    document_frequency = Counter(stem for note in stems for stem in note)
    members: defaultdict[int, list[int]] = defaultdict(list)
    for index, number in enumerate(clusters):
        members[number].append(index)

    labels = [""] * (max(clusters) + 1)
    for number, indexes in members.items():
        top = _characteristic_stems(
            [stems[index] for index in indexes], document_frequency, len(texts)
        )
        if top:
            labels[number] = _capitalise(
                " och ".join(_surface(stem, words, indexes) for stem in top)
            )
        else:
            central = indexes[_most_central([texts[index] for index in indexes])]
            labels[number] = _shorten(words[central])
    return labels


# vectors


def _words(text: str) -> str:
    """The words of a text in lower case without punctuation (the text itself when it has no
    word), so that the character n-grams are those of the words."""
    folded = text.casefold()
    return " ".join(_WORD.findall(folded)) or folded


def _sklearn() -> ModuleType:
    """scikit-learn, imported when a board is first clustered rather than when a server process
    starts: it adds about 100 MiB to every process that imports it."""
    import sklearn.cluster
    import sklearn.feature_extraction.text
    import sklearn.metrics
    import sklearn.metrics.pairwise
    import sklearn.preprocessing

    return sklearn


def _tfidf(texts: list[str]) -> FloatArray:
    """TF-IDF over the character 3-5-grams of each word padded with a space on both sides,
    with sublinear tf and smooth idf, L2-normalised; texts must not all be blank."""
    vectoriser = _sklearn().feature_extraction.text.TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, preprocessor=_words
    )
    return vectoriser.fit_transform(texts).toarray()


def _vectors(texts: list[str]) -> FloatArray:
    """The TF-IDF vectors centred on their mean and L2-normalised (zero rows stay zero)."""
    vectors = _tfidf(texts)
    return _sklearn().preprocessing.normalize(vectors - vectors.mean(axis=0))


# clustering


def _group(vectors: FloatArray, k: int | None) -> list[int]:
    """Average-linkage clusters of the rows (at least three) on cosine distance; ``k``
    clusters, or the number in 2..10 (below the number of rows) with the best silhouette,
    the smallest on ties. The distances are computed once, and as scikit-learn's
    ``cosine_distances`` (1 from a zero row), since ``metric="cosine"`` refuses zero rows,
    which centring gives when all notes have the same n-grams ("mer pengar", "pengar mer")."""
    distances = _sklearn().metrics.pairwise.cosine_distances(vectors)

    def cut(n_clusters: int) -> list[int]:
        clustering = _sklearn().cluster.AgglomerativeClustering(
            n_clusters=n_clusters, metric="precomputed", linkage="average"
        )
        return clustering.fit_predict(distances).tolist()

    if k is not None:
        return cut(k)
    candidates = [cut(n) for n in range(2, min(MAX_AUTO_K, len(vectors) - 1) + 1)]
    return max(
        candidates,
        key=lambda groups: _sklearn().metrics.silhouette_score(
            distances, groups, metric="precomputed"
        ),
    )


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


def _characteristic_stems(
    notes: list[set[str]], document_frequency: Counter[str], board_size: int, most: int = 2
) -> list[str]:
    """The stems in at least two of the notes, most frequent there and rarest on the board
    (count in the cluster times log(1 + notes on the board / notes with the stem))."""
    in_cluster = Counter(stem for note in notes for stem in note)
    scored = [
        (count * math.log(1 + board_size / document_frequency[stem]), stem)
        for stem, count in in_cluster.items()
        if count >= 2
    ]
    return [stem for _, stem in sorted(scored, key=lambda item: -item[0])[:most]]


def _surface(stem: str, words: list[list[str]], indexes: list[int]) -> str:
    """The word written most often for ``stem`` in the given notes (the shortest, then the first
    on ties), in lower case unless it has capitals inside (``SCB``, ``EU-fonderna``)."""
    used = Counter(word for index in indexes for word in words[index] if _stem(word) == stem)
    word = min(used, key=lambda candidate: (-used[candidate], len(candidate)))
    return word if word[1:] != word[1:].lower() else word.lower()


def _most_central(texts: list[str]) -> int:
    """The note most similar (cosine, character n-gram TF-IDF) to the others of its cluster."""
    if len(texts) < 3 or not any(text.strip() for text in texts):
        return 0
    return int(np.argmax(_sklearn().metrics.pairwise.cosine_similarity(_tfidf(texts)).sum(axis=1)))


def _shorten(words: list[str]) -> str:
    if not words:
        return ""
    cut = " ".join(words[:LABEL_WORDS])
    return _capitalise(cut + ("…" if len(words) > LABEL_WORDS else ""))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
