import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from larlabb.live import embeddings, themes
from larlabb.live.themes import cluster, label

FIXTURE = Path(__file__).parent / "data" / "themes_sv.json"

# The target for the automatic number of themes on the fixture (bench/themes.py
# measures 0.38 with k = 7).
TARGET_ARI = 0.35


def fixture() -> tuple[list[str], list[str]]:
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [row["text"] for row in rows], [row["theme"] for row in rows]


def numbered_in_order_of_appearance(groups: list[int]) -> bool:
    seen: list[int] = []
    for group in groups:
        if group not in seen:
            if group != len(seen):
                return False
            seen.append(group)
    return True


# the fixture


def test_fixture_has_enough_short_notes_in_six_to_eight_themes():
    texts, truth = fixture()

    assert len(texts) >= 60
    assert 6 <= len(set(truth)) <= 8
    assert all(3 <= len(text.split()) <= 15 for text in texts)


# cluster: edge cases


def test_no_texts_give_no_clusters():
    assert cluster([]) == []
    assert cluster([], 3) == []


@pytest.mark.parametrize("k", [None, 1, 5])
def test_one_text_is_cluster_zero(k):
    assert cluster(["Mer pengar till projekten"], k) == [0]


def test_k_larger_than_the_number_of_texts_gives_each_text_its_own_cluster():
    texts = ["Mer pengar till projekten", "Bussen går för sällan", "Statistiken är gammal"]

    assert cluster(texts, 10) == [0, 1, 2]


def test_identical_texts_share_a_cluster_whatever_their_case_and_spacing():
    texts, _ = fixture()
    board = [*texts[:20], texts[3], "  " + texts[3].upper() + " ", texts[7]]

    groups = cluster(board, 6)

    assert groups[3] == groups[20] == groups[21]
    assert groups[7] == groups[22]


def test_copies_of_one_text_are_one_cluster():
    assert cluster(["Fiber till alla", "fiber till  alla", "FIBER TILL ALLA"]) == [0, 0, 0]


def test_blank_texts_form_a_cluster_of_their_own_that_counts_towards_k():
    texts = ["", "Mer pengar till projekten", "   ", "Bussen går för sällan", "\n\t"]

    groups = cluster(texts, 2)

    assert groups == [0, 1, 0, 1, 0]


def test_only_blank_texts_are_one_cluster():
    assert cluster(["", " ", "\n"]) == [0, 0, 0]


def test_k_must_be_positive():
    with pytest.raises(ValueError, match="k must be at least 1"):
        cluster(["a", "b"], 0)


def test_the_method_is_multilingual_embeddings_with_spectral_clustering():
    assert themes.method() == "multilingual-e5-spectral"


@pytest.mark.parametrize("k", [None, 2, 3])
def test_notes_with_the_same_words_in_another_order_are_clustered(k):
    """Nearly equal vectors: centring leaves little but noise, which must still cluster."""
    texts = ["mer pengar buss", "buss mer pengar", "pengar, buss, mer", "buss pengar mer"]

    groups = cluster(texts, k)

    assert len(groups) == 4
    assert numbered_in_order_of_appearance(groups)
    assert 2 <= len(set(groups)) <= (k or 3)


# cluster: behaviour on the fixture


@pytest.mark.parametrize("k", [1, 2, 5, 8, 12])
def test_k_is_the_number_of_clusters(k):
    texts, _ = fixture()

    groups = cluster(texts, k)

    assert len(groups) == len(texts)
    assert sorted(set(groups)) == list(range(k))
    assert numbered_in_order_of_appearance(groups)


def test_automatic_k_lies_between_two_and_twelve():
    texts, _ = fixture()

    groups = cluster(texts)

    assert 2 <= len(set(groups)) <= themes.MAX_AUTO_K
    assert numbered_in_order_of_appearance(groups)


def test_a_small_board_gets_about_three_notes_a_theme_at_most():
    texts, _ = fixture()
    board = texts[::7][:14]

    groups = cluster(board)

    assert 2 <= len(set(groups)) <= 14 // 3
    assert themes.max_k(14) == 4
    assert themes.max_k(4) == 2
    assert themes.max_k(300) == 12


def test_clustering_is_deterministic():
    texts, _ = fixture()

    assert cluster(texts, 8) == cluster(list(texts), 8)
    assert cluster(texts) == cluster(list(texts))


def test_notes_without_words_are_clustered_and_labelled():
    texts = ["???", "!!!", "Mer pengar", "...", "?!"]

    groups = cluster(texts, 2)

    assert len(set(groups)) == 2
    assert len(label(texts, groups)) == 2


def test_automatic_k_below_the_number_of_distinct_notes():
    assert len(set(cluster(["Mer pengar", "Bussen går för sällan", "Gammal statistik"]))) == 2


def test_finds_groups_of_notes_that_share_words():
    board = [
        "Statistik på kommunnivå saknas",
        "Bussen går bara två gånger om dagen",
        "Mer pengar till projekten",
        "Statistiken kommer för sent",
        "Bussarna till byarna är för få",
        "Pengarna till projekt räcker inte",
        "Bättre statistik om företagen",
        "Bussen till jobbet är alltid sen",
        "Projektpengar är kortsiktiga",
    ]
    truth = ["statistik", "buss", "pengar"] * 3

    assert adjusted_rand_score(truth, cluster(board, 3)) == 1.0


def test_finds_the_themes_of_the_fixture_with_the_number_of_themes_chosen_automatically():
    """The notes of one theme seldom share a word: only their meaning groups them."""
    texts, truth = fixture()

    found = cluster(texts)

    assert 6 <= len(set(found)) <= 10
    assert adjusted_rand_score(truth, found) >= TARGET_ARI


def test_cluster_vectors_needs_one_vector_per_distinct_text():
    texts = ["Mer pengar", "mer  pengar", "Bussen går sällan", "Gammal statistik"]
    assert themes.distinct_texts(texts) == [0, 2, 3]
    vectors = embeddings.embed([texts[i] for i in themes.distinct_texts(texts)])

    assert themes.cluster_vectors(texts, vectors, 2) == cluster(texts, 2)
    with pytest.raises(ValueError, match="one row per distinct text"):
        themes.cluster_vectors(texts, vectors[:2], 2)


words = st.sampled_from(["mer", "pengar", "buss", "statistik", "fiber", "lag", "", "Mer  "])
notes = st.lists(words, min_size=0, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(notes, max_size=12), k=st.none() | st.integers(1, 6))
def test_any_board_gets_at_most_k_clusters_numbered_in_order(texts, k):
    groups = cluster(texts, k)

    assert len(groups) == len(texts)
    assert numbered_in_order_of_appearance(groups)
    if k is not None:
        assert len(set(groups)) <= k
    keys = [" ".join(text.casefold().split()) for text in texts]
    for i, key in enumerate(keys):
        assert groups[keys.index(key)] == groups[i]


# label


def label_words(name: str) -> list[str]:
    return [word for part in name.split(", ") for word in part.split(" och ")]


@pytest.mark.parametrize("with_vectors", [False, True])
def test_label_names_each_cluster_in_one_to_three_words_and_never_cuts_a_note(with_vectors):
    texts, _ = fixture()
    groups = cluster(texts, 8)
    vectors = embeddings.embed(texts) if with_vectors else None

    labels = label(texts, groups, vectors)

    assert len(labels) == 8
    assert all(1 <= len(label_words(name)) <= 3 for name in labels)
    assert not any("…" in name or name.lower() in {t.lower() for t in texts} for name in labels)
    assert label(texts, groups, vectors) == labels


def test_label_uses_the_words_the_notes_of_a_cluster_share():
    texts = [
        "Statistik på kommunnivå saknas",
        "Statistiken kommer för sent",
        "Bättre statistik om företagen",
        "Bussen går bara två gånger om dagen",
    ]

    labels = label(texts, [0, 0, 0, 1])

    assert label_words(labels[0])[0] in ("Statistik", "Statistiken")
    assert "…" not in labels[1]
    assert 1 <= len(label_words(labels[1])) <= 3


def test_label_by_meaning_names_what_the_notes_are_about():
    texts = [
        "Tåget stannar inte längre i vår ort",
        "Bussen till jobbet går för sällan",
        "Vägarna på landsbygden är dåliga",
        "Fler laddstolpar för elbilar behövs",
        "Utsläppen från industrin måste ner",
        "Klimatanpassning av bebyggelsen",
    ]
    groups = [0, 0, 0, 1, 1, 1]

    labels = label(texts, groups, embeddings.embed(texts))

    assert len(labels) == 2
    assert all(labels)
    travel = {"tåget", "bussen", "vägarna", "ort", "orten", "jobbet", "landsbygden", "stannar"}
    assert {word.lower() for word in label_words(labels[0])} <= travel


def test_label_drops_a_word_whose_stem_is_part_of_another():
    texts = ["Omställningsstöd till företagen", "Omställningen kostar", "Omställningsstöd saknas"]

    (name,) = label(texts, [0, 0, 0])

    assert not ("mställningsstöd" in name and "mställningen" in name)


def test_label_of_notes_of_only_common_words_is_empty():
    assert label(["Det är så", "Vi har den"], [0, 0]) == [""]


def test_label_of_blank_notes_and_of_unused_numbers_is_empty():
    labels = label(["", "Mer pengar till projekten", " "], [0, 2, 0])

    assert labels[:2] == ["", ""]
    assert set(label_words(labels[2])) <= {"Pengar", "pengar", "Projekten", "projekten"}


def test_label_of_no_notes_is_no_labels():
    assert label([], []) == []


def test_label_needs_one_cluster_number_per_text():
    with pytest.raises(ValueError, match="same length"):
        label(["a", "b"], [0])
    with pytest.raises(ValueError, match="negative"):
        label(["a"], [-1])
    with pytest.raises(ValueError, match="one row per text"):
        label(["a", "b"], [0, 0], embeddings.embed(["a"]))


# similar pairs (shared ground)


def test_similar_pairs_are_the_closest_first_each_row_once():
    left = embeddings.embed(["Fler tåg till orten", "Mer pengar till kultur"])
    right = embeddings.embed(["Pengar till kulturen behövs", "Tågen till orten är för få"])

    pairs = themes.similar_pairs(left, right, 0.5)

    assert {(i, j) for i, j, _ in pairs} == {(0, 1), (1, 0)}
    assert [value for *_, value in pairs] == sorted((value for *_, value in pairs), reverse=True)
    assert themes.similar_pairs(left, right, 1.01) == []
    assert themes.similar_pairs(left[:0], right, 0.5) == []
