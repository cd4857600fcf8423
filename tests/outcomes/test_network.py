import math

import networkx as nx
import pytest

from larlabb.outcomes.network import Measures, NetworkChange, build, compare, layout, measure

R1, R2, R3, A1, A2, O1 = 1, 2, 3, 11, 12, 21
SIDES = {R1: "region", R2: "region", R3: "region", A1: "agency", A2: "agency"}
BEFORE = [(R1, R2, 1), (R1, A1, 2)]
AFTER = [(R1, R2, 2), (A1, R1, 2), (R2, A2, 1), (R3, A1, 3)]


def edges(graph: nx.Graph) -> dict[tuple[int, int], int]:
    return {(min(u, v), max(u, v)): level for u, v, level in graph.edges(data="level")}


# build


def test_a_pair_named_by_both_ends_or_several_respondents_is_one_tie_at_the_highest_level():
    graph = build([(R1, R2, 1), (R2, R1, 3), (R1, R2, 2), (R1, A1, 2), (A1, R1, 1)])

    assert edges(graph) == {(R1, R2): 3, (R1, A1): 2}


def test_a_tie_to_oneself_adds_no_edge():
    graph = build([(R1, R1, 3), (R1, R2, 1)])

    assert edges(graph) == {(R1, R2): 1}
    assert sorted(graph) == [R1, R2]


def test_organisations_without_ties_are_nodes_too():
    graph = build([(R1, R2, 1)], nodes=[A1, A2])

    assert sorted(graph) == [R1, R2, A1, A2]
    assert graph.degree(A1) == 0


def test_the_same_ties_in_another_order_give_the_same_graph():
    first = build(AFTER, nodes=SIDES)
    second = build(list(reversed(AFTER)), nodes=reversed(list(SIDES)))

    assert list(first.nodes) == list(second.nodes)
    assert list(first.edges(data=True)) == list(second.edges(data=True))


@pytest.mark.parametrize("level", [0, 4])
def test_a_level_outside_one_to_three_is_refused(level):
    with pytest.raises(ValueError, match=r"outside 1\.\.3"):
        build([(R1, R2, level)])


# measure


def test_measure_of_the_after_network():
    measures = measure(build(AFTER, nodes=SIDES), SIDES)

    assert measures == Measures(
        nodes=5,
        ties=4,
        density=0.4,  # 4 of 5 * 4 / 2 = 10 pairs
        cross_ties=3,  # R1–A1, R2–A2, R3–A1
        strong_ties=3,  # R1–R2 (2), R1–A1 (2), R3–A1 (3)
        mean_degree=1.6,
        degrees={R1: 2, R2: 2, R3: 1, A1: 2, A2: 1},
    )


def test_a_tie_with_an_organisation_of_neither_side_is_not_a_cross_tie():
    sides = {**SIDES, O1: "other"}

    measures = measure(build([(R1, O1, 3), (A1, O1, 3), (R1, 99, 1)]), sides)

    assert measures.cross_ties == 0
    assert measures.strong_ties == 2


def test_measure_of_an_empty_network_is_all_zero():
    assert measure(nx.Graph(), {}) == Measures(0, 0, 0.0, 0, 0, 0.0, {})


# compare


@pytest.fixture
def change() -> NetworkChange:
    return compare(BEFORE, AFTER, SIDES)


def test_both_rounds_are_measured_over_the_same_organisations(change):
    """R3 and A2 have no ties before, but count: the density is 2 of 10 pairs."""
    assert change.before == Measures(
        nodes=5,
        ties=2,
        density=0.2,
        cross_ties=1,
        strong_ties=1,
        mean_degree=0.8,
        degrees={R1: 2, R2: 1, R3: 0, A1: 1, A2: 0},
    )
    assert change.after.nodes == 5
    assert change.after.density == 0.4


def test_new_lost_and_stronger_ties(change):
    assert change.new_ties == [(R2, A2), (R3, A1)]
    assert change.lost_ties == []
    assert change.new_cross_ties == 2
    assert change.stronger == [(R1, R2)]  # 1 → 2; R1–A1 stays at 2


def test_degree_change_is_given_for_every_organisation(change):
    assert change.degree_change == {R1: 0, R2: 1, R3: 1, A1: 1, A2: 1}


def test_a_tie_gone_or_weaker_is_lost_or_not_stronger():
    result = compare([(R1, R2, 3), (R1, A1, 1)], [(R2, R1, 1)], SIDES)

    assert result.lost_ties == [(R1, A1)]
    assert result.stronger == []
    assert result.new_ties == []
    assert result.degree_change == {R1: -1, R2: 0, R3: 0, A1: -1, A2: 0}


def test_organisations_named_in_one_round_only_are_in_both():
    result = compare([(R1, O1, 1)], [(R2, 99, 2)], SIDES)

    assert result.before.nodes == result.after.nodes == 7
    assert set(result.before.degrees) == set(result.after.degrees) == {*SIDES, O1, 99}
    assert result.new_cross_ties == 0
    assert result.degree_change[O1] == -1
    assert result.degree_change[99] == 1


def test_compare_takes_one_shot_iterators():
    result = compare(iter(BEFORE), iter(AFTER), SIDES)

    assert result.new_ties == [(R2, A2), (R3, A1)]


# layout


def union() -> nx.Graph:
    return nx.compose(build(BEFORE, nodes=SIDES), build(AFTER, nodes=SIDES))


def test_layout_is_the_same_for_the_same_graph_and_seed():
    assert layout(union(), seed=7, sides=SIDES) == layout(union(), seed=7, sides=SIDES)
    assert layout(union(), seed=7) == layout(union(), seed=7)


def test_layout_does_not_depend_on_the_order_nodes_and_ties_were_added_in():
    shuffled = nx.Graph()
    shuffled.add_nodes_from([A2, R3, A1, R1, R2])
    shuffled.add_edges_from((v, u, data) for u, v, data in reversed(list(union().edges(data=True))))

    assert layout(shuffled, sides=SIDES) == layout(union(), sides=SIDES)
    assert layout(shuffled) == layout(union())


@pytest.mark.parametrize("sides", [SIDES, None])
def test_layout_puts_every_organisation_on_the_unit_circle_apart(sides):
    positions = layout(union(), sides=sides)

    assert sorted(positions) == sorted(SIDES)
    assert all(math.isclose(math.hypot(x, y), 1) for x, y in positions.values())
    assert len({(round(x, 6), round(y, 6)) for x, y in positions.values()}) == len(positions)


def test_layout_puts_regions_left_agencies_right_and_others_at_the_bottom():
    sides = {**SIDES, O1: "other"}
    graph = build(AFTER, nodes=sides)

    positions = layout(graph, sides=sides)

    assert all(positions[node][0] < 0 for node in (R1, R2, R3))
    assert all(positions[node][0] > 0 for node in (A1, A2))
    assert positions[O1][1] < -0.9


def test_layout_of_an_empty_graph_is_empty():
    assert layout(nx.Graph()) == {}
    assert layout(nx.Graph(), sides=SIDES) == {}
