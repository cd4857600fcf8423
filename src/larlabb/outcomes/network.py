"""The network of relations between organisations, before and after the lab, as pure functions
over plain values (no ORM, no HTTP).

Each respondent names the organisations their organisation works with and how closely: 1
occasional contact, 2 regular cooperation, 3 close partnership. Organisations are the nodes
(their ids); a relation is an undirected edge whose ``level`` attribute is the closest level
anyone named for that pair."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from larlabb.actors.sides import crosses

TieInput = tuple[int, int, int]
"""(organisation, partner, level)"""

LEVELS = range(1, 4)
STRONG = 2
"""A tie of at least this level (regular cooperation or close partnership) is strong."""

Pair = tuple[int, int]


def build(ties: Iterable[TieInput], nodes: Iterable[int] = ()) -> nx.Graph:
    """The undirected network of ``ties``. A pair named by both ends or by several respondents
    is one edge with the highest level named; a tie of an organisation to itself adds the
    organisation but no edge. ``nodes`` are added even when they have no ties. Nodes and
    edges are inserted in sorted order, so the same ties give the same graph whatever their
    order.

    Raises ValueError for a level outside 1..3."""
    levels: dict[Pair, int] = {}
    members = set(nodes)
    for organisation, partner, level in ties:
        if level not in LEVELS:
            raise ValueError(f"tie level {level!r} is outside 1..3")
        members.update((organisation, partner))
        if organisation != partner:
            pair = _pair(organisation, partner)
            levels[pair] = max(level, levels.get(pair, 0))
    graph = nx.Graph()
    graph.add_nodes_from(sorted(members))
    graph.add_edges_from((u, v, {"level": level}) for (u, v), level in sorted(levels.items()))
    return graph


@dataclass(frozen=True)
class Measures:
    """Key figures of one network. ``density`` is the share of all possible pairs that are
    tied; ``cross_ties`` are ties between a region and an agency; ``strong_ties`` are ties of
    level 2 or 3; ``degrees`` is each organisation's number of ties."""

    nodes: int
    ties: int
    density: float
    cross_ties: int
    strong_ties: int
    mean_degree: float
    degrees: dict[int, int]


def measure(graph: nx.Graph, sides: Mapping[int, str]) -> Measures:
    """The key figures of ``graph``; ``sides`` gives each organisation's side ("region",
    "agency" or "other"; an organisation missing from it is "other")."""
    nodes = graph.number_of_nodes()
    ties = graph.number_of_edges()
    return Measures(
        nodes=nodes,
        ties=ties,
        density=float(nx.density(graph)),
        cross_ties=sum(1 for u, v in graph.edges if is_cross(u, v, sides)),
        strong_ties=sum(1 for _, _, level in graph.edges(data="level") if level >= STRONG),
        mean_degree=2 * ties / nodes if nodes else 0.0,
        degrees={node: int(graph.degree(node)) for node in sorted(graph)},
    )


@dataclass(frozen=True)
class NetworkChange:
    """How the network changed from before to after. Pairs are (smaller id, larger id), in
    sorted lists; ``new_cross_ties`` counts the new ties between a region and an agency;
    ``degree_change`` is after − before for every organisation."""

    before: Measures
    after: Measures
    new_ties: list[Pair]
    lost_ties: list[Pair]
    new_cross_ties: int
    stronger: list[Pair]
    degree_change: dict[int, int]


def compare(
    before: Iterable[TieInput], after: Iterable[TieInput], sides: Mapping[int, str]
) -> NetworkChange:
    """The networks before and after, measured over the same organisations (every key of
    ``sides`` and every organisation in either round), so that their densities compare."""
    before, after = list(before), list(after)
    members = set(sides) | _organisations(before) | _organisations(after)
    first, second = build(before, members), build(after, members)
    was, now = _edges(first), _edges(second)
    new_ties = sorted(now.keys() - was.keys())
    first_measures, second_measures = measure(first, sides), measure(second, sides)
    return NetworkChange(
        before=first_measures,
        after=second_measures,
        new_ties=new_ties,
        lost_ties=sorted(was.keys() - now.keys()),
        new_cross_ties=sum(1 for u, v in new_ties if is_cross(u, v, sides)),
        stronger=sorted(pair for pair in was.keys() & now.keys() if now[pair] > was[pair]),
        degree_change={
            node: second_measures.degrees[node] - first_measures.degrees[node]
            for node in sorted(members)
        },
    )


def layout(
    graph: nx.Graph, seed: int = 0, *, sides: Mapping[int, str] | None = None
) -> dict[int, tuple[float, float]]:
    """Positions on the unit circle for drawing ``graph``, the same for the same graph and
    seed whatever the order its nodes and edges were added in. Pass a graph with every
    organisation and every tie of both rounds (``nx.compose(before, after)``) and use the
    positions for both drawings, so that the two pictures line up.

    With ``sides``, regions sit on the left arc, agencies on the right and others at the
    bottom, with a gap between the sides; without, everyone is on one circle. Along the circle
    the organisations are ordered by a spring layout seeded with ``seed``, so that partners
    tend to sit near each other (and ties between the sides run across the middle)."""
    if graph.number_of_nodes() == 0:
        return {}
    spring = _spring(graph, seed)
    if sides is None:
        # the spring layout is centred on the origin
        around = sorted(graph, key=lambda n: (math.atan2(spring[n][1], spring[n][0]), n))
        groups, gap = [around], 0.0
    else:
        groups, gap = _arcs(graph, sides, spring), 3.0
    return dict(sorted(_on_circle(groups, gap).items()))


def is_cross(u: int, v: int, sides: Mapping[int, str]) -> bool:
    """Whether a tie joins a region and an agency."""
    return crosses(sides.get(u), sides.get(v))


def _pair(u: int, v: int) -> Pair:
    return (u, v) if u < v else (v, u)


def _organisations(ties: Iterable[TieInput]) -> set[int]:
    return {node for organisation, partner, _ in ties for node in (organisation, partner)}


def _edges(graph: nx.Graph) -> dict[Pair, int]:
    return {_pair(u, v): level for u, v, level in graph.edges(data="level")}


def _spring(graph: nx.Graph, seed: int) -> dict[int, tuple[float, float]]:
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph))
    edges = {_pair(u, v): level for u, v, level in graph.edges(data="level", default=1)}
    ordered.add_edges_from((u, v, {"level": level}) for (u, v), level in sorted(edges.items()))
    positions = nx.spring_layout(ordered, seed=seed, weight="level")
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def _arcs(
    graph: nx.Graph, sides: Mapping[int, str], spring: Mapping[int, tuple[float, float]]
) -> list[list[int]]:
    """The organisations of each side in their order around the circle (counter-clockwise from
    the top): regions top to bottom, others left to right, agencies bottom to top."""
    by_side: dict[str, list[int]] = {"region": [], "agency": [], "other": []}
    for node in graph:
        side = sides.get(node, "other")
        by_side[side if side in by_side else "other"].append(node)
    regions = sorted(by_side["region"], key=lambda n: (-spring[n][1], n))
    others = sorted(by_side["other"], key=lambda n: (spring[n][0], n))
    agencies = sorted(by_side["agency"], key=lambda n: (spring[n][1], n))
    return [group for group in (regions, others, agencies) if group]


def _on_circle(groups: list[list[int]], gap: float) -> dict[int, tuple[float, float]]:
    """Groups in turn around the unit circle, counter-clockwise from the top, one slot per
    organisation and ``gap`` slots between groups (half of it on each side of the top)."""
    slots = sum(len(group) for group in groups) + gap * len(groups)
    step = 2 * math.pi / slots
    positions: dict[int, tuple[float, float]] = {}
    slot = gap / 2
    for group in groups:
        for node in group:
            angle = math.pi / 2 + (slot + 0.5) * step
            positions[node] = (round(math.cos(angle), 12), round(math.sin(angle), 12))
            slot += 1
        slot += gap
    return positions
