from xml.etree import ElementTree

import networkx as nx
import pytest
from django.utils import translation

from larlabb.outcomes import charts
from larlabb.outcomes.network import build, layout

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SIDES = {1: "region", 2: "region", 3: "agency", 4: "other"}
NAMES = {1: "Region Skåne", 2: "Region Gotland", 3: "Trafikverket", 4: "Reglab & co"}
TITLES = ("Före", "Efter")
ROWS = [
    ("Vi har en gemensam bild av de regionala utmaningarna och hur de hänger ihop", 2.4, 3.8),
    ("Vi vet vem vi ska kontakta", None, 4.2),
    ("Dolt påstående", None, None),
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def svg_text(content: bytes) -> str:
    """The SVG's text, after checking that it is well-formed XML."""
    ElementTree.fromstring(content)  # noqa: S314 - our own output, not untrusted data
    return content.decode()


def draw_networks(fmt: str = "svg") -> bytes:
    before = build([(1, 2, 1)], nodes=SIDES)
    after = build([(1, 2, 3), (2, 3, 2), (4, 1, 1)], nodes=SIDES)
    positions = layout(nx.compose(before, after), sides=SIDES)
    return charts.networks(before, after, positions, NAMES, SIDES, fmt, titles=TITLES)


# networks


def test_networks_as_svg_keep_names_titles_and_legend_as_text():
    content = draw_networks()

    text = svg_text(content)
    assert content.startswith(b"<?xml")
    assert "<svg" in text
    for name in ("Region Skåne", "Region Gotland", "Trafikverket", "Reglab &amp; co"):
        assert name in text
    for label in (*TITLES, "Region", "Agency", "Other", "Close partnership", "New tie"):
        assert f">{label}</text>" in text


def test_new_ties_are_drawn_dashed_in_their_own_colour():
    def dashed_in_new_tie_colour(before: nx.Graph, after: nx.Graph) -> int:
        positions = layout(nx.compose(before, after))
        text = charts.networks(before, after, positions, NAMES, SIDES, "svg", titles=TITLES)
        return sum(
            1
            for line in text.decode().lower().split("<path")
            if f"stroke: {charts.NEW_TIE.lower()}" in line and "stroke-dasharray" in line
        )

    old = build([(1, 2, 1)], nodes=SIDES)
    grown = build([(1, 2, 1), (3, 4, 2)], nodes=SIDES)

    assert dashed_in_new_tie_colour(old, old) == 1  # the legend's
    assert dashed_in_new_tie_colour(old, grown) == 2


def test_networks_as_png():
    assert draw_networks("png").startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_the_same_networks_give_the_same_bytes(fmt):
    assert draw_networks(fmt) == draw_networks(fmt)


def test_empty_networks_are_drawn():
    content = charts.networks(nx.Graph(), nx.Graph(), {}, {}, {}, "svg", titles=TITLES)

    assert "Efter" in svg_text(content)


def test_an_organisation_without_a_name_is_labelled_with_its_id():
    graph = build([(7, 8, 1)])
    positions = layout(graph)

    text = charts.networks(graph, graph, positions, {7: "Sju"}, {}, "svg", titles=TITLES).decode()

    assert ">Sju</text>" in text
    assert ">8</text>" in text


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format"):
        draw_networks("gif")


# survey


def test_survey_as_svg_keeps_statements_means_and_legend_as_text():
    content = charts.survey(ROWS, "svg", labels=("Before", "After"))

    text = svg_text(content)
    assert content.startswith(b"<?xml")
    assert ">Vi vet vem vi ska kontakta</text>" in text
    assert ">Dolt påstående</text>" in text
    for label in ("Before", "After", "2.4", "3.8", "4.2"):
        assert f">{label}</text>" in text


def test_survey_wraps_long_statements():
    text = charts.survey(ROWS, "svg", labels=("Before", "After")).decode()

    assert "Vi har en gemensam bild av de regionala</text>" in text
    assert ">utmaningarna och hur de hänger ihop</text>" in text


def test_survey_leaves_out_the_bars_of_missing_means():
    def bars(rows) -> int:
        return charts.survey(rows, "svg", labels=("Before", "After")).decode().count('id="patch_')

    assert bars([("A", 2.0, 3.0)]) - bars([("A", None, None)]) == 2
    assert bars([("A", 2.0, None)]) - bars([("A", None, None)]) == 1


def test_survey_as_png():
    assert charts.survey(ROWS, "png", labels=("Before", "After")).startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_the_same_survey_gives_the_same_bytes(fmt):
    first = charts.survey(ROWS, fmt, labels=("Before", "After"))

    assert charts.survey(ROWS, fmt, labels=("Before", "After")) == first


def test_an_empty_survey_is_drawn():
    content = charts.survey([], "svg", labels=("Before", "After"))

    assert ">After</text>" in svg_text(content)
