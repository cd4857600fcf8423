"""The documentation report of a workshop: the program as run, attendance by organisation kind
and side, each live activity's results (notes by column, votes, themes, breakout groups,
foresight), the synergy maps, the collaborations started and the reflections people chose to
share. Built in the background (``tasks.build_report``) as HTML for the page and as PDF, with
its progress saved as it goes so the page can show it.

``gather`` collects the report in steps (the base, each activity, the synergy maps) in a number
of queries that does not grow with the number of people, notes or votes: a few per activity,
and activities are a handful."""

import base64
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from matplotlib.figure import Figure

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation, Side
from larlabb.actors.sides import side_of
from larlabb.core.charts import render
from larlabb.core.numbers import format_number
from larlabb.core.pdf import render_pdf
from larlabb.labs.models import Workshop
from larlabb.live import charts as live_charts
from larlabb.live import foresight
from larlabb.live import opinion_map as live_opinions
from larlabb.live import queries as live_queries
from larlabb.live.models import (
    Activity,
    Breakout,
    Column,
    Note,
    Participant,
    ScenarioAxes,
    Seat,
    Theme,
)
from larlabb.outcomes.models import Collaboration, Reflection, Report
from larlabb.registrations.models import Attendance, Registration
from larlabb.synergies import charts as synergy_charts
from larlabb.synergies import queries as synergy_queries
from larlabb.synergies.models import MappingSession

logger = logging.getLogger(__name__)

PAGE_TEMPLATE = "outcomes/_report.html"
PDF_TEMPLATE = "outcomes/pdf/report.html"
TOP_NOTES = 10  # the top-voted notes listed (and drawn) for a board
TOP_LINKS = 10  # the synergies and the conflicts listed for a synergy map
MIN_SCORERS = 3  # a synergy map's cell is shown once this many people have scored it

# Where the progress bar stands after each part of the build, by the time each part takes for
# a full room (bench/report.py): writing the PDF takes about half of it.
BASE_DONE, ACTIVITIES_DONE, SYNERGIES_DONE, HTML_DONE = 5, 35, 45, 50

OnStep = Callable[[int, str], None]


# --- What the report holds ------------------------------------------------------------------


@dataclass
class Chart:
    """An SVG chart embedded in the page and the PDF as a data address, with its alt text."""

    src: str
    alt: str


@dataclass
class AttendanceCounts:
    """Who was registered for a workshop and who was present. Present is a person checked
    in, or a registered person who was not checked in but took part in the workshop's live
    room; ``checked_in`` and ``in_room_only`` say how many were counted each way."""

    registered: int
    attended: int
    organisations: int
    by_kind: list[tuple[str, int, int]]  # (kind, registered, present)
    by_side: list[tuple[str, int, int]]  # (side, registered, present)
    checked_in: int = 0
    in_room_only: int = 0


@dataclass
class NoteRow:
    """A note as the report shows it: authors only when the activity showed them."""

    title: str
    text: str
    side: str
    author: str
    organisation: str
    total: int | None
    column: str  # when it is not listed under its column
    theme: str  # when it is not listed under its theme
    merged: int  # how many notes were merged into this one

    @property
    def by(self) -> str:
        """Who wrote it: the author and organisation where shown, otherwise the side."""
        return ", ".join(part for part in (self.author, self.organisation) if part) or self.side

    @property
    def details(self) -> list[str]:
        """What the report says after the note's text, in the active language."""
        details = [self.by] if self.by else []
        if self.total:
            details.append(
                ngettext("%(count)d vote", "%(count)d votes", self.total) % {"count": self.total}
            )
        if self.column:
            details.append(self.column)
        if self.theme:
            details.append(_("theme: %(label)s") % {"label": self.theme})
        if self.merged:
            details.append(
                ngettext(
                    "%(count)d similar note merged into it",
                    "%(count)d similar notes merged into it",
                    self.merged,
                )
                % {"count": self.merged}
            )
        return details


@dataclass
class ColumnSection:
    title: str
    narrative: str
    notes: list[NoteRow]


@dataclass
class ThemeSection:
    label: str
    notes: list[NoteRow]


@dataclass
class SharedPoint:
    """Where the perspectives meet: a theme, or a note with the notes merged into it, that
    holds notes of both regions and agencies."""

    label: str
    regions: int
    agencies: int
    note: NoteRow | None = None  # a merged group's note
    merged: list[NoteRow] = field(default_factory=list)  # and the notes merged into it


@dataclass
class CaseSection:
    case: NoteRow
    group_notes: list[NoteRow]


@dataclass
class ResultRow:
    label: str
    total: int
    share: int  # per cent of the people who voted (polls) or of all dots or points


@dataclass
class BreakoutSection:
    rounds: int
    groups: list[tuple[str, list[int]]]  # (group, number of people in each round)

    @property
    def round_numbers(self) -> range:
        return range(1, self.rounds + 1)


@dataclass
class TrendRow:
    text: str
    category: str
    impact: float
    uncertainty: float
    raters: int
    critical: bool


@dataclass
class ActivitySection:
    """One live activity's part of the report."""

    activity: Activity
    kind: str
    columns: list[ColumnSection] = field(default_factory=list)
    loose: list[NoteRow] = field(default_factory=list)  # notes outside any column
    note_count: int = 0
    voters: int = 0
    result_label: str = ""
    results: list[ResultRow] = field(default_factory=list)  # polls, rankings, dot votes
    top: list[NoteRow] = field(default_factory=list)  # top-voted notes of a board
    themes: list[ThemeSection] = field(default_factory=list)
    shared: list[SharedPoint] = field(default_factory=list)  # perspectives boards
    cases: list[CaseSection] = field(default_factory=list)
    breakout: BreakoutSection | None = None
    trends: list[TrendRow] = field(default_factory=list)
    axes: tuple[str, str] | None = None
    scenarios: list[ColumnSection] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    opinions: dict | None = None  # an opinion map, as live/_opinion_map.html shows it

    @property
    def has_unthemed(self) -> bool:
        return bool(self.loose) or any(column.notes for column in self.columns)


@dataclass
class SynergySection:
    session: MappingSession
    results: synergy_queries.Results
    synergies: list[synergy_queries.Link]
    conflicts: list[synergy_queries.Link]
    heatmap: Chart | None


# --- Charts ---------------------------------------------------------------------------------


def svg_chart(svg: bytes, alt: str) -> Chart:
    """An SVG file as a data address, which WeasyPrint and browsers draw as an image."""
    return Chart("data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"), alt)


def chart(figure: Figure, alt: str) -> Chart:
    return svg_chart(render(figure, "svg"), alt)


def _listing(bars: list[tuple[str, float]]) -> str:
    return "; ".join(f"{label[:80]}: {format_number(value, 2)}" for label, value in bars)


def bars_chart(title: str, bars: list[tuple[str, float]], label: str) -> Chart:
    if any(value for _label, value in bars):
        alt = _("Bar chart of %(what)s (%(unit)s): %(values)s.") % {
            "what": title,
            "unit": label.lower(),
            "values": _listing(bars),
        }
    else:
        alt = _("Chart of %(what)s: no votes.") % {"what": title}
    return chart(live_charts.bars_figure(title, bars, label), alt)


# --- The base: program, attendance, collaborations, reflections -----------------------------


def attendance_of(workshop: Workshop) -> AttendanceCounts:
    """Confirmed registrations that cover the workshop, and the people present, by the kind
    and the side of their organisation: those checked in, and the registered who were not
    checked in but joined the workshop's live room (a workshop where nobody checked people
    in still counts who took part). Three queries."""
    registered = {
        pk: (person, organisation, kind)
        for pk, person, organisation, kind in Registration.objects.filter(
            lab_id=workshop.lab_id, status=Registration.Status.CONFIRMED
        )
        .filter(Q(workshops=None) | Q(workshops=workshop))
        .values_list("pk", "person_id", "organisation_id", "organisation__kind")
        .distinct()
    }
    checked = {
        registration: (organisation, kind)
        for registration, organisation, kind in Attendance.objects.filter(
            workshop=workshop
        ).values_list(
            "registration_id",
            "registration__organisation_id",
            "registration__organisation__kind",
        )
    }
    in_room = set(
        Participant.objects.filter(
            room__workshop=workshop, user__isnull=False, is_facilitator=False
        ).values_list("user_id", flat=True)
    )
    room_only = [
        (organisation, kind)
        for pk, (person, organisation, kind) in registered.items()
        if pk not in checked and person in in_room
    ]
    present = [*checked.values(), *room_only]
    kinds = [kind for _person, _organisation, kind in registered.values()]
    kinds_registered = Counter(kinds)
    kinds_present = Counter(kind for _organisation, kind in present)
    by_kind = [
        (str(label), kinds_registered[kind], kinds_present[kind])
        for kind, label in Organisation.Kind.choices
        if kinds_registered[kind] or kinds_present[kind]
    ]
    sides_registered = Counter(side_of(kind) for kind in kinds)
    sides_present = Counter(side_of(kind) for _organisation, kind in present)
    by_side = [
        (str(label), sides_registered[side], sides_present[side]) for side, label in Side.choices
    ]
    return AttendanceCounts(
        registered=len(registered),
        attended=len(present),
        organisations=len({organisation for organisation, _kind in present}),
        by_kind=by_kind,
        by_side=by_side,
        checked_in=len(checked),
        in_room_only=len(room_only),
    )


def gather_base(workshop: Workshop) -> tuple[dict, list[Activity]]:
    """Everything but the activities and the synergy maps; and the activities to gather (those
    that were opened), in the order of the program."""
    lab = workshop.lab
    activities = list(
        Activity.objects.filter(room__workshop=workshop)
        .exclude(status=Activity.Status.DRAFT)
        .select_related("program_item", "room")
    )
    leaders = Prefetch("leaders", queryset=User.objects.select_related("organisation"))
    program = list(workshop.program.order_by("starts", "pk").prefetch_related(leaders))
    run_on: dict[int, list[str]] = {}
    for activity in activities:
        run_on.setdefault(activity.program_item_id, []).append(activity.title)
    context = {
        "lab": lab,
        "hosts": list(lab.hosts.all()),
        "workshop": workshop,
        "program": [(item, run_on.get(item.pk, [])) for item in program],
        "changes": list(workshop.changes.all()),
        "attendance": attendance_of(workshop),
        "collaborations": list(
            Collaboration.objects.filter(workshop=workshop)
            .select_related("contact", "challenge")
            .prefetch_related("organisations")
            .order_by("created_at", "pk")
        ),
        "reflections": list(
            Reflection.objects.filter(workshop=workshop, shared=True)
            .select_related("person", "organisation")
            .order_by("organisation__name", "person__name", "pk")
        ),
        "built_at": timezone.now(),
    }
    return context, activities


# --- One activity ---------------------------------------------------------------------------


class _Rows:
    """Turns an activity's notes into report rows, with their totals, columns and themes."""

    def __init__(
        self,
        activity: Activity,
        notes: list[Note],
        totals: dict[int, int],
        columns: list[Column],
        themes: list[Theme],
    ) -> None:
        self.activity = activity
        self.totals = totals if activity.vote_mode else {}
        self.columns = {column.pk: column.title for column in columns}
        self.themes = {theme.pk: theme.label for theme in themes}
        self.sides = dict(Side.choices)
        self.merged = Counter(n.merged_into_id for n in notes if n.merged_into_id and not n.hidden)

    def row(self, note: Note, *, under: str = "column") -> NoteRow:
        """The row of ``note`` listed under its column, its theme or among the top notes
        (which says the column and theme it does not stand under)."""
        anonymous = self.activity.hide_authors
        author, organisation = note.author, note.organisation
        return NoteRow(
            title=note.title,
            text=note.text,
            side=str(self.sides.get(note.side, "")) if author else "",
            author=author.name if author and not anonymous else "",
            organisation=organisation.short_name if organisation and not anonymous else "",
            total=self.totals.get(note.pk, 0) if self.activity.vote_mode else None,
            column="" if under == "column" else self.columns.get(note.column_id or 0, ""),
            theme="" if under == "theme" else self.themes.get(note.theme_id or 0, ""),
            merged=self.merged[note.pk],
        )


def _columns(columns: list[Column], notes: list[Note], rows: _Rows) -> list[ColumnSection]:
    return [
        ColumnSection(
            column.title,
            column.narrative,
            [rows.row(n) for n in notes if n.column_id == column.pk and n.case_id is None],
        )
        for column in columns
    ]


def _vote_results(
    section: ActivitySection, notes: list[Note], totals: dict[int, int], rows: _Rows
) -> None:
    """A poll's, a ranking's or a dot vote's options with their totals, or a board's
    top-voted notes, and their bar chart."""
    activity = section.activity
    if activity.vote_mode == "rank":
        section.result_label = _("Points")
    else:
        section.result_label = _("Votes")
    candidates = [n for n in notes if n.case_id is None]
    ordered = sorted(candidates, key=lambda n: (-totals.get(n.pk, 0), n.position, n.pk))
    if not activity.participants_write:
        # a poll's share is of the people who voted; dots' and points' of all given
        everything = sum(totals.get(n.pk, 0) for n in ordered)
        base = section.voters if activity.vote_mode in ("single", "multiple") else everything
        section.results = [
            ResultRow(
                n.title or n.text,
                totals.get(n.pk, 0),
                round(100 * totals.get(n.pk, 0) / base) if base else 0,
            )
            for n in ordered
        ]
        bars = [(r.label, float(r.total)) for r in section.results]
    else:
        top = [n for n in ordered if totals.get(n.pk, 0) > 0][:TOP_NOTES]
        section.top = [rows.row(n, under="top") for n in top]
        bars = [(n.title or n.text, float(totals.get(n.pk, 0))) for n in top]
    if bars:
        section.charts.append(bars_chart(activity.title, bars, section.result_label))


def _breakout(activity: Activity, cases: list[Note]) -> BreakoutSection | None:
    """How many people sat in each group in each round (never who: the report is shared)."""
    breakout = Breakout.objects.filter(activity=activity).first()
    if breakout is None:
        return None
    counts = {
        (row["round"], row["group"]): row["people"]
        for row in Seat.objects.filter(breakout=breakout)
        .values("round", "group")
        .annotate(people=Count("pk"))
    }
    topics = [c.title or c.text for c in cases if c.chosen]
    groups = []
    for group in range(breakout.groups):
        if group < len(topics):
            label = _("Group %(number)d: %(topic)s") % {"number": group + 1, "topic": topics[group]}
        else:
            label = _("Group %(number)d") % {"number": group + 1}
        groups.append((label, [counts.get((r, group), 0) for r in range(breakout.rounds)]))
    return BreakoutSection(breakout.rounds, groups)


def _foresight(section: ActivitySection, notes: list[Note], columns: list[Column]) -> None:
    """The trends' mean impact and uncertainty, the critical uncertainties and the chart, the
    scenario axes."""
    activity = section.activity
    categories = {c.pk: c.title for c in columns}
    texts = {n.pk: n.text for n in notes}
    trends = {n.pk: n for n in notes}
    ratings = live_queries.rating_rows(activity)
    summary = [s for s in foresight.summarise(ratings) if s.trend in trends]
    critical = set(foresight.critical(summary))
    section.trends = sorted(
        (
            TrendRow(
                texts[s.trend],
                categories.get(trends[s.trend].column_id or 0, ""),
                s.impact,
                s.uncertainty,
                s.raters,
                s.trend in critical,
            )
            for s in summary
        ),
        key=lambda t: (-t.impact * t.uncertainty, -t.uncertainty, t.text),
    )
    axes = ScenarioAxes.objects.filter(activity=activity).values_list("x_id", "y_id").first()
    if axes is not None:
        section.axes = (texts.get(axes[0], ""), texts.get(axes[1], ""))
    if section.trends:
        points = [(t.text, t.impact, t.uncertainty) for t in section.trends]
        alt = ngettext(
            "Scatter chart of %(count)d trend by its mean uncertainty (horizontal) and "
            "impact (vertical), from 1 to 5. The critical uncertainty: %(critical)s.",
            "Scatter chart of %(count)d trends by their mean uncertainty (horizontal) and "
            "impact (vertical), each from 1 to 5. The critical uncertainties: %(critical)s.",
            len(points),
        ) % {
            "count": len(points),
            "critical": "; ".join(t.text for t in section.trends if t.critical),
        }
        figure = live_charts.impact_uncertainty_figure(activity.title, points)
        section.charts.append(chart(figure, alt))


def _opinions(section: ActivitySection) -> None:
    """An opinion map's results (the map, what every group agrees on, what sets each group
    apart, the groups by side), final: the room's map as it is now."""
    found = live_opinions.opinion_map(section.activity)
    prefix = f"report-opinions-{section.activity.pk}"
    section.opinions = live_opinions.context(found, prefix=prefix)


def gather_activity(activity: Activity) -> ActivitySection:
    """One activity's results, final whether or not they were shown in the room (the report
    is the organisers' record); authors only where the activity showed them. At most six
    queries, however many notes and votes (an opinion map four more, however many answers)."""
    section = ActivitySection(activity, str(activity.get_kind_display()))
    every_note = live_queries.notes_of(activity)
    notes = [n for n in every_note if not n.hidden and n.merged_into_id is None]
    columns = list(activity.columns.all())
    themes = list(activity.themes.filter(status=Theme.Status.ACCEPTED))
    totals: dict[int, int] = {}
    if activity.vote_mode:
        totals, section.voters = live_queries.results(activity, every_note)
    rows = _Rows(activity, every_note, totals, columns, themes)
    section.note_count = sum(1 for n in notes if n.author_id is not None)
    scenario_columns = [c for c in columns if c.kind == Column.Kind.SCENARIO]
    board_columns = [c for c in columns if c.kind == Column.Kind.BOARD]
    # Each note is listed once: under its theme, or else under its column.
    themed = {theme.pk for theme in themes}
    unthemed = [n for n in notes if n.theme_id not in themed]
    section.themes = [
        ThemeSection(t.label, [rows.row(n, under="theme") for n in notes if n.theme_id == t.pk])
        for t in themes
    ]
    section.columns = _columns(board_columns, unthemed, rows)
    section.scenarios = _columns(scenario_columns, notes, rows)
    outside = [n for n in notes if n.case_id is None and n.column_id is None]
    if activity.kind == Activity.Kind.CASE_DIALOGUE:
        section.cases = [
            CaseSection(rows.row(c), [rows.row(n) for n in notes if n.case_id == c.pk])
            for c in outside
        ]
    elif activity.participants_write:
        section.loose = [rows.row(n) for n in outside if n.theme_id not in themed]
    if activity.vote_mode:
        _vote_results(section, notes, totals, rows)
    if activity.kind in (Activity.Kind.CASE_DIALOGUE, Activity.Kind.BREAKOUT):
        section.breakout = _breakout(activity, outside)
    if activity.kind == Activity.Kind.FORESIGHT:
        trend_notes = [n for n in notes if n.column_id in {c.pk for c in board_columns}]
        _foresight(section, trend_notes, board_columns)
    if activity.kind == Activity.Kind.PERSPECTIVES:
        section.shared = shared_ground(every_note, themes, rows)
    if activity.kind == Activity.Kind.OPINIONS:
        _opinions(section)
    return section


def shared_ground(every_note: list[Note], themes: list[Theme], rows: "_Rows") -> list[SharedPoint]:
    """Where the perspectives of a board meet (as its screens show it): its accepted themes,
    and its groups of merged notes, that hold notes of both regions and agencies."""
    visible = [n for n in every_note if not n.hidden and n.case_id is None]
    meeting = live_queries.meeting_of(visible)

    def count(notes: list[Note], side: str) -> int:
        return sum(1 for n in notes if n.side == side)

    points = []
    for theme in themes:
        if theme.pk in meeting["themes"]:
            themed = [n for n in visible if n.theme_id == theme.pk]
            points.append(
                SharedPoint(theme.label, count(themed, Side.REGION), count(themed, Side.AGENCY))
            )
    by_id = {n.pk: n for n in visible}
    for note_id in meeting["notes"]:
        root = by_id.get(note_id)
        if root is None:  # merged into a note hidden since: the group is not shown
            continue
        group = [n for n in visible if note_id in (n.pk, n.merged_into_id)]
        points.append(
            SharedPoint(
                root.title or root.text,
                count(group, Side.REGION),
                count(group, Side.AGENCY),
                rows.row(root, under="top"),
                [rows.row(n, under="top") for n in group if n.pk != note_id],
            )
        )
    return points


# --- Synergy maps ---------------------------------------------------------------------------


def gather_synergies(workshop: Workshop) -> list[SynergySection]:
    """The workshop's synergy maps: cells scored by at least three people, the strongest
    synergies and conflicts, and the heatmap. Four queries a map."""
    sections = []
    sessions = MappingSession.objects.filter(workshop=workshop).order_by("created_at", "pk")
    for session in sessions:
        results = synergy_queries.results(session, min_count=MIN_SCORERS)
        heatmap = None
        if results.goals:
            codes = [goal.code for goal in results.goals]
            svg = synergy_charts.heatmap(
                codes, results.consensus.median, title=session.title, fmt="svg"
            )
            alt = ngettext(
                "Heatmap of the median scores of %(count)d goal, from −3 to +3. The synergies "
                "and goal conflicts are listed in the text.",
                "Heatmap of the median scores of %(count)d goals: how each row goal influences "
                "each column goal, from −3 to +3. The synergies and goal conflicts are listed "
                "in the text.",
                len(codes),
            ) % {"count": len(codes)}
            heatmap = svg_chart(svg, alt)
        sections.append(
            SynergySection(
                session,
                results,
                results.synergies[:TOP_LINKS],
                results.conflicts[:TOP_LINKS],
                heatmap,
            )
        )
    return sections


# --- The whole report -----------------------------------------------------------------------


def _no_step(percent: int, label: str) -> None:
    """The default of ``gather``'s ``on_step``: nobody follows the progress."""


def gather(workshop: Workshop, *, on_step: OnStep = _no_step) -> dict:
    """The report's template context, gathered step by step; ``on_step(percent, label)`` is
    called before each step (``build`` saves it as the report's progress)."""
    on_step(1, _("Program and attendance"))
    context, activities = gather_base(workshop)
    sections = []
    for number, activity in enumerate(activities, start=1):
        share = (ACTIVITIES_DONE - BASE_DONE) * (number - 1) // len(activities)
        on_step(
            BASE_DONE + share,
            _("Activity %(number)d of %(activities)d")
            % {"number": number, "activities": len(activities)},
        )
        sections.append(gather_activity(activity))
    context["activities"] = sections
    on_step(ACTIVITIES_DONE, _("Synergy maps"))
    context["synergy_maps"] = gather_synergies(workshop)
    return context


def save_progress(report: Report, percent: int, step: str) -> None:
    """Save how far the build has come, at once (no transaction), so the page polling the
    report sees it."""
    report.progress, report.step = percent, step[:100]
    Report.objects.filter(pk=report.pk).update(progress=report.progress, step=report.step)


def _start(report: Report) -> None:
    report.status, report.error = Report.Status.RUNNING, ""
    Report.objects.filter(pk=report.pk).update(status=report.status, error="")


def _fail(report: Report, step: str, error: Exception) -> None:
    report.status = Report.Status.FAILED
    report.error = _("Building the report failed at “%(step)s” (%(error)s).") % {
        "step": step,
        "error": type(error).__name__,
    }
    report.finished_at = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        status=report.status, error=report.error, finished_at=report.finished_at
    )


def build(report: Report) -> None:
    """Build ``report`` in its language: gather, write the page's HTML and the PDF, saving the
    progress after each step. A failure is logged and marks the report failed (it does not
    reach the task worker)."""
    state = {"step": ""}

    def on_step(percent: int, label: str) -> None:
        state["step"] = label
        save_progress(report, percent, label)

    saved = ""
    try:
        with translation.override(report.language):
            _start(report)
            context = gather(report.workshop, on_step=on_step)
            on_step(SYNERGIES_DONE, _("Writing the report"))
            html = render_to_string(PAGE_TEMPLATE, {**context, "pdf": False})
            on_step(HTML_DONE, _("Writing the PDF"))
            pdf = render_pdf(PDF_TEMPLATE, {**context, "pdf": True})
            if report.pdf:
                report.pdf.delete(save=False)  # of an earlier, interrupted build
            report.pdf.save("report.pdf", ContentFile(pdf), save=False)
            saved = report.pdf.name
            report.html, report.status = html, Report.Status.DONE
            report.progress, report.step = 100, _("Ready")
            report.finished_at = timezone.now()
            report.save(update_fields=["html", "pdf", "status", "progress", "step", "finished_at"])
    except Exception as error:
        logger.exception("Report %s of workshop %s failed", report.pk, report.workshop_id)
        if saved:
            report.pdf.storage.delete(saved)
            report.pdf.name = ""
        with translation.override(report.language):
            _fail(report, state["step"], error)
