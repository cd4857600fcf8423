"""Charts of a lab's outcomes as SVG or PNG files, drawn with Matplotlib from plain data (no
ORM, no HTTP): the network of relations before and after, and the survey's means before and
after. Sides are told apart by colour (Okabe & Ito's palette, safe for colour-blind readers)
and by marker shape, new ties by colour and dashes, the two rounds by light and dark bars, so
nothing is told by colour alone."""

import math
import textwrap
from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
from django.utils.translation import gettext as _
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from larlabb.core.charts import render
from larlabb.core.numbers import format_number

Position = tuple[float, float]

# side → (colour, marker), from Okabe & Ito's palette
SIDE_STYLES = {"region": ("#0072B2", "o"), "agency": ("#E69F00", "s"), "other": ("#999999", "^")}
TIE, NEW_TIE = "#4d4d4d", "#D55E00"
WIDTHS = {1: 0.8, 2: 2.0, 3: 3.6}
BEFORE, AFTER = "#92c5de", "#2166ac"
LABEL_WIDTH = 40


def networks(
    before: nx.Graph,
    after: nx.Graph,
    positions: Mapping[int, Position],
    names: Mapping[int, str],
    sides: Mapping[int, str],
    fmt: str,
    *,
    titles: tuple[str, str],
    unmeasured: tuple[str, str] = ("", ""),
) -> bytes:
    """The network before and after, side by side at the same ``positions`` (which must hold
    every organisation of both graphs). Nodes are coloured and shaped by side and labelled with
    ``names`` (the id when a name is missing); the closer the tie, the wider its line; ties new
    in the after panel are dashed and orange-red. A panel with a text in ``unmeasured`` (a
    round nobody answered) shows that text instead of a network."""
    new = {frozenset(edge) for edge in after.edges if not before.has_edge(*edge)}
    figure = Figure(figsize=(13, 7.2), layout="constrained")
    panels = figure.subplots(1, 2)
    for axes, graph, title, fresh, note in zip(
        panels, (before, after), titles, (set(), new), unmeasured, strict=True
    ):
        if note:
            axes.set_axis_off()
            axes.text(0.5, 0.5, note, ha="center", va="center", fontsize=12, color="#4d4d4d")
        else:
            _draw_network(axes, graph, positions, names, sides, new=fresh)
        axes.set_title(title)
    present = {_side_of(node, sides) for graph in (before, after) for node in graph}
    figure.legend(
        handles=_network_legend(present),
        loc="outside lower center",
        ncol=4,
        fontsize=8,
        frameon=False,
    )
    return render(figure, fmt)


def survey(
    rows: Sequence[tuple[str, float | None, float | None]], fmt: str, *, labels: tuple[str, str]
) -> bytes:
    """A pair of horizontal bars per statement, ``(label, before mean, after mean)``, first row
    at the top, on the scale from 1 to 5 with each mean written at the end of its bar. A
    missing mean leaves its bar out; long labels are wrapped. ``labels`` names the two rounds
    in the legend."""
    wrapped = [textwrap.fill(str(label), width=LABEL_WIDTH) for label, _, _ in rows]
    lines = max((text.count("\n") + 1 for text in wrapped), default=1)
    figure = Figure(figsize=(8, max(2.4, len(rows) * 0.22 * max(2, lines) + 1.4)))
    axes = figure.subplots()
    rows_at = np.arange(len(rows))[::-1]
    for y, (_label, *means) in zip(rows_at, rows, strict=True):
        for offset, colour, mean in ((0.2, BEFORE, means[0]), (-0.2, AFTER, means[1])):
            if mean is not None:
                axes.barh(y + offset, mean - 1, left=1, height=0.38, color=colour)
                axes.text(mean + 0.05, y + offset, _number(mean), va="center", fontsize=7)
    axes.set_yticks(rows_at, wrapped, fontsize=8)
    axes.set_ylim(-0.6, max(len(rows), 1) - 0.4)
    axes.set_xlim(1, 5.4)
    axes.set_xticks([1, 2, 3, 4, 5])
    axes.set_xlabel(_("1 = do not agree, 5 = fully agree"), fontsize=8)
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    axes.legend(
        handles=[Patch(color=BEFORE, label=labels[0]), Patch(color=AFTER, label=labels[1])],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    return render(figure, fmt)


def _draw_network(
    axes: Axes,
    graph: nx.Graph,
    positions: Mapping[int, Position],
    names: Mapping[int, str],
    sides: Mapping[int, str],
    *,
    new: set[frozenset[int]],
) -> None:
    axes.set_axis_off()
    axes.set_aspect("equal")
    _set_limits(axes, positions)
    for is_new in (False, True):
        edges = [
            (u, v, level)
            for u, v, level in graph.edges(data="level", default=1)
            if (frozenset((u, v)) in new) is is_new
        ]
        if edges:
            axes.add_collection(
                LineCollection(
                    [(positions[u], positions[v]) for u, v, _ in edges],
                    linewidths=[WIDTHS.get(level, 1.0) for _, _, level in edges],
                    colors=NEW_TIE if is_new else TIE,
                    linestyles="dashed" if is_new else "solid",
                    zorder=1 + is_new,
                )
            )
    for side, (colour, marker) in SIDE_STYLES.items():
        nodes = [node for node in graph if _side_of(node, sides) == side]
        if nodes:
            xs, ys = zip(*(positions[node] for node in nodes), strict=True)
            axes.scatter(
                xs,
                ys,
                s=90,
                c=colour,
                marker=marker,
                edgecolors="#000000",
                linewidths=0.6,
                zorder=3,
            )
    centre = _centre(positions)
    for node in graph:
        _label(axes, positions[node], str(names.get(node, node)), centre)


def _label(axes: Axes, at: Position, text: str, centre: Position) -> None:
    """A node's name just outside it, written outwards from the middle of the picture (so that
    the names of neighbours on a circle do not overlap), never upside down."""
    dx, dy = at[0] - centre[0], at[1] - centre[1]
    length = math.hypot(dx, dy)
    ux, uy = (dx / length, dy / length) if length else (1.0, 0.0)
    angle = math.degrees(math.atan2(uy, ux))
    leftwards = ux < 0
    axes.text(
        at[0] + 0.06 * ux,
        at[1] + 0.06 * uy,
        text,
        ha="right" if leftwards else "left",
        va="center",
        rotation=angle + 180 if leftwards else angle,
        rotation_mode="anchor",
        fontsize=7,
        zorder=4,
    )


def _set_limits(axes: Axes, positions: Mapping[int, Position]) -> None:
    """Room around the nodes for their labels; the same in both panels."""
    if not positions:
        axes.set_xlim(-1, 1)
        axes.set_ylim(-1, 1)
        return
    xs, ys = zip(*positions.values(), strict=True)
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    axes.set_xlim(min(xs) - 0.4 * span, max(xs) + 0.4 * span)
    axes.set_ylim(min(ys) - 0.4 * span, max(ys) + 0.4 * span)


def _centre(positions: Mapping[int, Position]) -> Position:
    if not positions:
        return (0.0, 0.0)
    xs, ys = zip(*positions.values(), strict=True)
    return ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)


def _side_of(node: int, sides: Mapping[int, str]) -> str:
    side = sides.get(node, "other")
    return side if side in SIDE_STYLES else "other"


def _network_legend(present: set[str]) -> list[Line2D]:
    side_names = {"region": _("Region"), "agency": _("Agency"), "other": _("Other")}
    level_names = {
        1: _("Occasional contact"),
        2: _("Regular cooperation"),
        3: _("Close partnership"),
    }
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=marker,
            markersize=8,
            markerfacecolor=colour,
            markeredgecolor="#000000",
            label=side_names[side],
        )
        for side, (colour, marker) in SIDE_STYLES.items()
        if side in present
    ]
    handles += [
        Line2D([], [], color=TIE, linewidth=WIDTHS[level], label=name)
        for level, name in level_names.items()
    ]
    handles.append(Line2D([], [], color=NEW_TIE, linestyle="--", linewidth=1.6, label=_("New tie")))
    return handles


def _number(value: float) -> str:
    """A mean with one decimal, written as the language writes it ("3,5" / "3.5")."""
    return format_number(value, 1, fixed=True)
