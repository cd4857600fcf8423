"""Images of a live activity, drawn with Matplotlib: a board as columns of notes, the results
of a vote as bars, and foresight's impact–uncertainty chart. Text stays text in the SVG."""

import textwrap

from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from larlabb.core.charts import render
from larlabb.live import foresight, queries
from larlabb.live.models import Activity

__all__ = ["activity_figure", "render"]

SIDE_COLOURS = {"region": "#d1e5f0", "agency": "#fddbc7", "other": "#f0f0f0"}


def board_figure(title: str, columns: list[tuple[str, list[tuple[str, str]]]]) -> Figure:
    """Columns of notes, each note a box coloured by its author's side."""
    count = max(len(columns), 1)
    tallest = max((len(notes) for _, notes in columns), default=0)
    figure = Figure(figsize=(3.2 * count, 1.2 + 0.9 * max(tallest, 1)))
    axes = figure.subplots()
    axes.set_xlim(0, count)
    axes.set_ylim(-max(tallest, 1) - 0.2, 1)
    axes.axis("off")
    figure.suptitle(title)
    for x, (heading, notes) in enumerate(columns):
        axes.text(x + 0.5, 0.5, heading, ha="center", va="center", fontweight="bold")
        for y, (text, side) in enumerate(notes, start=1):
            axes.add_patch(
                FancyBboxPatch(
                    (x + 0.06, -y + 0.08),
                    0.88,
                    0.8,
                    boxstyle="round,pad=0.02",
                    facecolor=SIDE_COLOURS.get(side, "#f0f0f0"),
                    edgecolor="#4a4d57",
                )
            )
            axes.text(
                x + 0.5,
                -y + 0.48,
                textwrap.fill(text, 34)[:160],
                ha="center",
                va="center",
                fontsize=7,
            )
    return figure


def bars_figure(title: str, bars: list[tuple[str, float]], label: str) -> Figure:
    """A bar for each ``(name, value)``, first at the top, its value written at its end. With
    no votes at all the options are listed with "No votes" beside them, not on an axis that
    stretches nothing into ±0.04."""
    figure = Figure(figsize=(8, 1 + 0.4 * max(len(bars), 1)))
    axes = figure.subplots()
    names = [textwrap.shorten(name, 60) for name, _ in bars][::-1]
    values = [value for _, value in bars][::-1]
    axes.set_yticks(range(len(values)), names)
    axes.set_title(title)
    if not any(values):
        axes.set_xlim(0, 1)
        axes.set_ylim(-0.6, max(len(values), 1) - 0.4)
        axes.set_xticks([])
        for side in ("top", "right", "bottom"):
            axes.spines[side].set_visible(False)
        axes.text(0.5, 0.5, _("No votes"), ha="center", va="center", transform=axes.transAxes)
        return figure
    axes.barh(range(len(values)), values, color="#0a4d80")
    axes.set_xlabel(label)
    for y, value in enumerate(values):
        axes.text(value, y, f" {value:g}", va="center")
    return figure


def impact_uncertainty_figure(
    title: str, points: list[tuple[str, float, float]], axes_ids: list[int] | None = None
) -> Figure:
    """Each trend at (uncertainty, impact); the upper right holds the critical uncertainties."""
    figure = Figure(figsize=(8, 6))
    axes = figure.subplots()
    axes.set_xlim(0.5, 5.5)
    axes.set_ylim(0.5, 5.5)
    axes.axhline(3, color="#c4c8d0", linewidth=1)
    axes.axvline(3, color="#c4c8d0", linewidth=1)
    axes.set_xlabel(_("Uncertainty (1–5)"))
    axes.set_ylabel(_("Impact (1–5)"))
    axes.set_title(title)
    for name, impact, uncertainty in points:
        axes.scatter([uncertainty], [impact], color="#0a4d80")
        axes.annotate(
            textwrap.shorten(name, 40),
            (uncertainty, impact),
            fontsize=8,
            xytext=(4, 4),
            textcoords="offset points",
        )
    return figure


def activity_figure(activity: Activity, *, show_results: bool) -> Figure:
    notes = [n for n in queries.notes_of(activity) if not n.hidden and not n.merged_into_id]
    if activity.kind == activity.Kind.FORESIGHT and show_results:
        texts = {n.pk: n.text for n in notes}
        summary = foresight.summarise(queries.rating_rows(activity))
        return impact_uncertainty_figure(
            activity.title,
            [(texts.get(s.trend, ""), s.impact, s.uncertainty) for s in summary],
        )
    if activity.vote_mode and show_results and not activity.participants_write:
        totals, _voters = queries.results(activity, notes)
        bars = sorted(
            ((n.title or n.text, float(totals.get(n.pk, 0))) for n in notes if not n.case_id),
            key=lambda bar: -bar[1],
        )
        label = _("Points") if activity.vote_mode == "rank" else _("Votes")
        return bars_figure(activity.title, bars, label)
    columns = list(activity.columns.all())
    if not columns:
        return board_figure(
            activity.title, [("", [(n.title or n.text, n.side) for n in notes if not n.case_id])]
        )
    return board_figure(
        activity.title,
        [
            (c.title, [(n.title or n.text, n.side) for n in notes if n.column_id == c.pk])
            for c in columns
        ],
    )
