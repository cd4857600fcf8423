"""Charts of a synergy map as SVG or PNG files, drawn with Matplotlib from plain data (no ORM,
no HTTP). The colours are ColorBrewer's RdBu, a diverging scale that is safe for colour-blind
readers; every cell also carries its number, and negative links are dashed, so nothing is
told by colour alone."""

import networkx as nx
import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure

from larlabb.core.charts import number_ticks, render
from larlabb.core.numbers import format_number, format_signed
from larlabb.synergies.scale import step_of

# −3 … +3, from ColorBrewer RdBu (7 classes)
COLOURS = ["#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"]
POSITIVE, NEGATIVE = COLOURS[-1], COLOURS[0]


def colour_of(value: float | None) -> str:
    """The cell colour of a consensus value (rounded to the nearest step of the scale)."""
    if value is None or np.isnan(value):
        return "#ffffff"
    return COLOURS[step_of(value) + 3]


def text_colour_of(value: float | None) -> str:
    """Black on light cells, white on the two darkest, for a contrast of at least 4.5:1."""
    if value is None or np.isnan(value) or abs(step_of(value)) < 3:
        return "#000000"
    return "#ffffff"


def heatmap(codes: list[str], median: np.ndarray, *, title: str, fmt: str) -> bytes:
    """The consensus matrix: rows influence columns, the median in each cell."""
    n = len(codes)
    size = max(4.0, 0.45 * n + 2)
    figure = Figure(figsize=(size, size))
    axes = figure.subplots()
    shown = np.ma.masked_invalid(median)
    norm = BoundaryNorm(np.arange(-3.5, 4.5), len(COLOURS))
    image = axes.imshow(shown, cmap=ListedColormap(COLOURS), norm=norm)
    axes.set_xticks(range(n), codes, rotation=90)
    axes.set_yticks(range(n), codes)
    axes.set_xlabel("→")
    axes.set_title(title)
    for i in range(n):
        for j in range(n):
            if not np.isnan(median[i, j]):
                axes.text(
                    j,
                    i,
                    format_signed(median[i, j]),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=text_colour_of(median[i, j]),
                )
    colorbar = figure.colorbar(image, ax=axes, ticks=range(-3, 4), shrink=0.6)
    number_ticks(colorbar.ax.yaxis, signed=True)
    return render(figure, fmt)


def ranking(labels: list[str], values: list[float], *, title: str, fmt: str) -> bytes:
    """A horizontal bar per goal, largest first."""
    figure = Figure(figsize=(7, max(2.5, 0.35 * len(labels) + 1)))
    axes = figure.subplots()
    positions = np.arange(len(labels))[::-1]
    colours = [POSITIVE if value >= 0 else NEGATIVE for value in values]
    axes.barh(positions, values, color=colours)
    axes.set_yticks(positions, labels)
    axes.axvline(0, color="#000000", linewidth=0.8)
    axes.set_title(title)
    number_ticks(axes.xaxis)
    for position, value in zip(positions, values, strict=True):
        axes.text(
            value,
            position,
            f" {format_number(value)} ",
            va="center",
            ha="left" if value >= 0 else "right",
        )
    return render(figure, fmt)


def network(
    codes: list[str], links: list[tuple[int, int, float]], *, title: str, fmt: str
) -> bytes:
    """The strongest links between goals: positive solid and blue, negative dashed and red;
    the wider the line, the stronger the link."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(codes)))
    graph.add_weighted_edges_from(links)
    positions = nx.circular_layout(graph)
    figure = Figure(figsize=(7, 7))
    axes = figure.subplots()
    axes.set_title(title)
    axes.set_axis_off()
    nx.draw_networkx_nodes(graph, positions, ax=axes, node_color="#f7f7f7", edgecolors="#000000")
    nx.draw_networkx_labels(graph, positions, labels=dict(enumerate(codes)), ax=axes, font_size=8)
    for sign, colour, style in ((1, POSITIVE, "solid"), (-1, NEGATIVE, "dashed")):
        edges = [(i, j) for i, j, w in links if np.sign(w) == sign]
        widths = [abs(w) * 1.2 for i, j, w in links if np.sign(w) == sign]
        if edges:
            nx.draw_networkx_edges(
                graph,
                positions,
                edgelist=edges,
                width=widths,
                edge_color=colour,
                style=style,
                ax=axes,
                arrows=True,
                arrowsize=12,
                connectionstyle="arc3,rad=0.1",
            )
    return render(figure, fmt)


def strongest_links(
    median: np.ndarray, *, positive: float = 2, negative: float = -1, limit: int = 60
) -> list[tuple[int, int, float]]:
    """The links to draw: medians ≥ ``positive`` or ≤ ``negative``, strongest first."""
    n = median.shape[0]
    links = [
        (i, j, float(median[i, j]))
        for i in range(n)
        for j in range(n)
        if i != j
        and not np.isnan(median[i, j])
        and (median[i, j] >= positive or median[i, j] <= negative)
    ]
    links.sort(key=lambda link: (-abs(link[2]), link[0], link[1]))
    return links[:limit]
