"""A live activity as table rows for CSV and XLSX: every note with its column, side,
organisation, theme and (when the person may see them) its votes; the groups of a breakout;
the ratings of foresight trends; the answers to an opinion map's statements."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from larlabb.actors.models import Side
from larlabb.live import foresight, opinion_map, queries
from larlabb.live.models import Activity, Answer, Breakout, Seat


def filename(activity: Activity) -> str:
    return f"{slugify(activity.title)[:60] or 'aktivitet'}-{activity.pk}"


def _side(value: str) -> str:
    return str(dict(Side.choices).get(value, value))


def note_rows(activity: Activity, *, show_results: bool, facilitator: bool) -> list[list[str]]:
    """Every note; hidden notes only for facilitators."""
    notes = [n for n in queries.notes_of(activity) if facilitator or not n.hidden]
    columns = {c.pk: c.title for c in activity.columns.all()}
    themes = {t.pk: t.label for t in activity.themes.all()}
    by_id = {n.pk: n for n in notes}
    totals, _voters = queries.results(activity, notes) if show_results else ({}, 0)
    header = [
        _("Column"),
        _("Title"),
        _("Text"),
        _("Side"),
        _("Organisation"),
        _("Author"),
        _("Theme"),
        _("Case"),
        _("Hidden"),
        _("Merged into"),
    ]
    if show_results and activity.vote_mode:
        header.append(_("Points") if activity.vote_mode == "rank" else _("Votes"))
    rows = [header]
    for note in notes:
        merged = by_id.get(note.merged_into_id) if note.merged_into_id is not None else None
        case = by_id.get(note.case_id) if note.case_id is not None else None
        row = [
            columns.get(note.column_id or 0, ""),
            note.title,
            note.text,
            _side(note.side),
            note.organisation.short_name if note.organisation else "",
            "" if activity.hide_authors or note.author is None else note.author.name,
            themes.get(note.theme_id or 0, ""),
            (case.title or case.text) if case else "",
            _("yes") if note.hidden else "",
            (merged.title or merged.text) if merged else "",
        ]
        if show_results and activity.vote_mode:
            row.append(str(totals.get(note.pk, 0)) if not note.merged_into_id else "")
        rows.append(row)
    return rows


def group_rows(activity: Activity) -> list[list[str]]:
    breakout = Breakout.objects.filter(activity=activity).first()
    if breakout is None:
        return []
    seats = Seat.objects.filter(breakout=breakout).select_related("participant__organisation")
    rows = [[_("Round"), _("Group"), _("Name"), _("Organisation"), _("Side")]]
    for seat in seats.order_by("round", "group", "participant__name"):
        rows.append(
            [
                str(seat.round + 1),
                str(seat.group + 1),
                seat.participant.name,
                seat.participant.organisation_label,
                _side(seat.participant.side),
            ]
        )
    return rows


def rating_table(activity: Activity) -> list[list[str]]:
    texts = dict(activity.notes.values_list("pk", "text"))
    rows = [[_("Trend"), _("Impact (mean)"), _("Uncertainty (mean)"), _("Raters")]]
    for summary in foresight.summarise(queries.rating_rows(activity)):
        rows.append(
            [
                texts.get(summary.trend, ""),
                f"{summary.impact:g}",
                f"{summary.uncertainty:g}",
                str(summary.raters),
            ]
        )
    return rows


def answer_table(activity: Activity) -> list[list[str]]:
    """How many agree, disagree and pass on each statement of an opinion map, and its
    consensus (comparable within the map: 1 when every opinion group agrees)."""
    statements = opinion_map.statements_of(activity)
    counts: dict[tuple[int, int], int] = {}
    for answered, value in Answer.objects.filter(activity=activity).values_list(
        "statement", "value"
    ):
        counts[answered, value] = counts.get((answered, value), 0) + 1
    found = opinion_map.opinion_map(activity)
    agreed = {share.statement for share in found.consensus}
    rows = [[_("Statement"), _("Agree"), _("Disagree"), _("Pass / unsure"), _("Consensus")]]
    for statement in statements:
        rows.append(
            [
                statement.text,
                *(str(counts.get((statement.pk, value), 0)) for value in (1, -1, 0)),
                _("yes") if statement.pk in agreed else "",
            ]
        )
    return rows


def activity_rows(activity: Activity, *, show_results: bool, facilitator: bool) -> list[list[str]]:
    rows = note_rows(activity, show_results=show_results, facilitator=facilitator)
    if groups := group_rows(activity):
        rows += [[], *groups]
    if activity.kind == Activity.Kind.FORESIGHT and show_results:
        rows += [[], *rating_table(activity)]
    if activity.kind == Activity.Kind.OPINIONS and show_results:
        rows += [[], *answer_table(activity)]
    return rows
