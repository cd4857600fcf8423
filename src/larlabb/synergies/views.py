from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from larlabb.accounts.http import AuthenticatedRequest
from larlabb.audit.log import record_export
from larlabb.core.charts import FORMATS
from larlabb.core.pdf import render_pdf
from larlabb.core.spreadsheets import TableError, read_table
from larlabb.core.views import post_action, spreadsheet_download, submit
from larlabb.labs.access import LabRole, access_lab, is_organiser
from larlabb.synergies import actions, charts, exports, queries, scale
from larlabb.synergies.actions import Entry, SynergyError
from larlabb.synergies.forms import CatalogueForm, GoalForm, GoalImportForm, SessionForm
from larlabb.synergies.models import Catalogue, Goal, MappingSession, Score

RANKINGS = [
    (
        "out",
        gettext_lazy("Out-strength"),
        gettext_lazy("How much progress on the goal influences the others (the row's sum)."),
    ),
    (
        "in",
        gettext_lazy("In-strength"),
        gettext_lazy("How much the goal is influenced by the others (the column's sum)."),
    ),
    (
        "net",
        gettext_lazy("Net influence"),
        gettext_lazy(
            "Out-strength minus in-strength: the drivers at the top, the receivers below."
        ),
    ),
]


class HtmxRequest(AuthenticatedRequest):
    """A logged-in person's request, with what django-htmx's middleware says of htmx."""

    htmx: HtmxDetails


def _require_organiser(request: AuthenticatedRequest) -> None:
    if not request.user.is_organiser:
        raise PermissionDenied


# --- Goal catalogues ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_organiser(request)
    form = CatalogueForm(request.POST or None)

    def do() -> Catalogue:
        data = form.cleaned_data
        return actions.do_create_catalogue(
            actor=request.user,
            key=data["key"],
            name=data["name"],
            name_en=data["name_en"],
            description=data["description"],
            source=data["source"],
        )

    if done := submit(request, form, do, _("The catalogue was created.")):
        return redirect("synergies:catalogue", key=done.value.key)
    context = {"catalogues": queries.catalogues_with_goals(), "form": form}
    return render(request, "synergies/catalogue_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_detail(request: AuthenticatedRequest, key: str) -> HttpResponse:
    _require_organiser(request)
    catalogue = get_object_or_404(Catalogue, key=key)
    goal_form = GoalForm(request.POST if "add" in request.POST else None)
    import_form = GoalImportForm(
        request.POST if "import" in request.POST else None,
        request.FILES if "import" in request.POST else None,
    )
    errors: list[str] = []
    if request.method == "POST" and not post_action(
        request, lambda: actions.check_may_change(request.user, catalogue)
    ):
        return redirect("synergies:catalogue", key=key)

    def add() -> Goal:
        data = goal_form.cleaned_data
        return actions.do_add_goal(
            actor=request.user,
            catalogue=catalogue,
            code=data["code"],
            title=data["title"],
            title_en=data["title_en"],
        )

    if "add" in request.POST and submit(request, goal_form, add, _("The goal was added.")):
        return redirect("synergies:catalogue", key=key)
    if "import" in request.POST and import_form.is_valid():
        upload = import_form.cleaned_data["file"]
        try:
            rows = read_table(upload.name, upload.read())
        except TableError as error:
            errors = [str(error)]
        else:
            errors = actions.do_import_goals(actor=request.user, catalogue=catalogue, rows=rows)
            if not errors:
                messages.success(request, _("The goals were imported."))
                return redirect("synergies:catalogue", key=key)
    context = {
        "catalogue": catalogue,
        "may_change": catalogue.key not in actions.REFERENCE_CATALOGUES,
        "goals": list(catalogue.goals.all()),
        "goal_form": goal_form,
        "import_form": import_form,
        "errors": errors,
    }
    return render(request, "synergies/catalogue_detail.html", context)


# --- Sessions -----------------------------------------------------------------------------


@login_required
def lab_sessions(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug)
    context = {
        "lab": lab,
        "sessions": queries.lab_sessions(request.user, lab),
        "may_create": is_organiser(request.user, lab),
    }
    return render(request, "synergies/lab_sessions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.ORGANISER)
    form = SessionForm(request.POST or None, lab=lab)

    def do() -> MappingSession:
        data = form.cleaned_data
        return actions.do_create_session(
            actor=request.user,
            lab=lab,
            title=data["title"],
            goals=list(data["goals"]),
            workshop=data["workshop"],
            question=data["question"],
            group_count=data["group_count"],
            show_individual_scores=data["show_individual_scores"],
        )

    if done := submit(request, form, do, _("The synergy map was created.")):
        return redirect("synergies:session", pk=done.value.pk)
    context = {
        "lab": lab,
        "form": form,
        "catalogues": queries.catalogues_with_goals(),
        "chosen": set(request.POST.getlist("goals")),
    }
    return render(request, "synergies/session_form.html", context)


def _session_context(request: AuthenticatedRequest, session: MappingSession) -> dict:
    goals = queries.session_goals(session)
    group = queries.group_of(request.user, session)
    rows = queries.rows_of(session, len(goals), group) if goals else range(0)
    own_rows = {goals[i].pk for i in rows}
    mine = [cell for cell in queries.own_scores(session, request.user) if cell[0] in own_rows]
    return {
        "session": session,
        "lab": session.lab,
        "goals": goals,
        "group": group,
        "groups": range(1, session.group_count + 1),
        "rows": [goals[i] for i in rows],
        "scored": len(mine),
        "total": len(rows) * (len(goals) - 1),
        "may_score": queries.can_score(request.user, session),
        "may_run": queries.can_run(request.user, session),
        "is_organiser": queries.is_organiser_of(request.user, session),
        "results_started": session.scores.exists(),
    }


@login_required
def session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = queries.access_session(request.user, pk)
    return render(request, "synergies/session.html", _session_context(request, session))


@login_required
@require_POST
def session_group(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = queries.access_session(request.user, pk)
    number = _whole_number(request.POST, "group")
    if number is None:
        messages.error(request, _("There is no such group."))
    elif post_action(
        request,
        lambda: actions.do_choose_group(actor=request.user, session=session, number=number - 1),
    ):
        return redirect("synergies:score", pk=pk)
    return redirect("synergies:session", pk=pk)


def _whole_number(post: QueryDict, name: str) -> int | None:
    try:
        return int(post.get(name, ""))
    except ValueError:
        return None


@login_required
@require_POST
def session_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = queries.access_session(request.user, pk)
    status = request.POST.get("status", "")
    if post_action(
        request, lambda: actions.do_set_status(actor=request.user, session=session, status=status)
    ):
        messages.success(
            request, _("The session is now: %(status)s.") % {"status": session.get_status_display()}
        )
    return redirect("synergies:session", pk=pk)


@login_required
@require_POST
def session_groups(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = queries.access_session(request.user, pk)
    count = _whole_number(request.POST, "group_count")
    if count is None:
        messages.error(request, _("Give the number of groups as a whole number."))
    else:
        post_action(
            request,
            lambda: actions.do_set_groups(actor=request.user, session=session, group_count=count),
            _("The groups were changed."),
        )
    return redirect("synergies:session", pk=pk)


@login_required
@require_POST
def session_visibility(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = queries.access_session(request.user, pk)
    show = request.POST.get("show") == "1"
    post_action(
        request,
        lambda: actions.do_set_visibility(actor=request.user, session=session, show=show),
        _("Who sees the individual scores was changed."),
    )
    return redirect("synergies:session", pk=pk)


# --- Scoring ------------------------------------------------------------------------------


def parse_entries(post, columns) -> list[Entry]:
    """The cells of a row in a posted form: ``v-<goal id>`` the score ("" clears it),
    ``c-<goal id>`` the certainty, ``k-<goal id>`` the comment. A value that is not a whole
    number raises SynergyError."""
    entries = []
    for goal in columns:
        key = f"v-{goal.pk}"
        if key not in post:
            if post.get(f"c-{goal.pk}") or post.get(f"k-{goal.pk}", "").strip():
                raise SynergyError(
                    _("Choose a score for %(code)s first, then its certainty and comment.")
                    % {"code": goal.code}
                )
            continue
        raw = post[key].strip().replace("−", "-")
        try:
            value = int(raw) if raw else None
        except ValueError as error:
            raise SynergyError(_("A score must be a whole number from −3 to +3.")) from error
        entries.append(
            Entry(goal.pk, value, post.get(f"c-{goal.pk}", ""), post.get(f"k-{goal.pk}", ""))
        )
    return entries


@login_required
@require_http_methods(["GET", "POST"])
def score(request: HtmxRequest, pk: int) -> HttpResponse:
    """One row goal at a time against every column goal; saved cell by cell as you go (htmx)
    or the whole row with the button."""
    session = queries.access_session(request.user, pk)
    if not queries.can_score(request.user, session):
        raise PermissionDenied
    context = _session_context(request, session)
    if not session.is_open and request.method == "GET":
        messages.info(request, _("The session is closed; scores can no longer be changed."))
        return redirect("synergies:session", pk=pk)
    if session.group_count > 1 and context["group"] is None:
        messages.info(request, _("Choose your group first."))
        return redirect("synergies:session", pk=pk)
    rows = context["rows"]
    if not rows:
        raise Http404
    index = _row_index(request, rows, context)
    row = rows[index]
    columns = [goal for goal in context["goals"] if goal.pk != row.pk]
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("row") != str(row.pk):
                raise SynergyError(_("This row belongs to another group."))
            entries = parse_entries(request.POST, columns)
            actions.do_save_scores(actor=request.user, session=session, row=row, entries=entries)
        except SynergyError as refused:
            error = refused.message
        if request.htmx:
            context = _session_context(request, session)
            # htmx swaps only successful answers: a refusal comes as 200 with its message.
            return render(request, "synergies/_saved.html", {**context, "error": error})
        if not error:
            following = index + 1 if "next" in request.POST and index + 1 < len(rows) else index
            if "next" in request.POST and index + 1 == len(rows):
                messages.success(request, _("Thank you! You have been through all your rows."))
                return redirect("synergies:session", pk=pk)
            return redirect(f"{request.path}?rad={following + 1}")
        context = _session_context(request, session)
    mine = queries.own_scores(session, request.user)
    context.update(
        row=row,
        index=index,
        cells=[(goal, mine.get((row.pk, goal.pk))) for goal in columns],
        scale=scale.SCALE,
        question=session.question or scale.QUESTION,
        certainties=[("", _("Not given")), *Score.Certainty.choices],
        error=error,
        previous=index if index > 0 else None,
        following=index + 2 if index + 1 < len(rows) else None,
    )
    return render(request, "synergies/score.html", context, status=400 if error else 200)


def _row_index(request: AuthenticatedRequest, rows: list, context: dict) -> int:
    """The row asked for (?rad=1 …), or where the scorer left off: the first row of theirs with
    a cell not scored yet."""
    asked = request.GET.get("rad", "")
    if asked.isdigit() and 1 <= int(asked) <= len(rows):
        return int(asked) - 1
    mine = queries.own_scores(context["session"], request.user)
    columns = len(context["goals"]) - 1
    for index, row in enumerate(rows):
        if sum(1 for (r, _c) in mine if r == row.pk) < columns:
            return index
    return 0


# --- Results ------------------------------------------------------------------------------


@login_required
def results(request: HtmxRequest, pk: int) -> HttpResponse:
    session = queries.access_session(request.user, pk)
    minimum = queries.minimum_count(request.user, session)
    context = {
        "session": session,
        "lab": session.lab,
        "results": queries.results(session, minimum),
        "may_run": queries.can_run(request.user, session),
        "scale": scale.SCALE,
        "ranking_titles": RANKINGS,
        "minimum": minimum,
    }
    template = "synergies/_results.html" if request.htmx else "synergies/results.html"
    return render(request, template, context)


@login_required
def individual(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = queries.access_session(request.user, pk)
    scores = queries.individual_scores(session, request.user)
    return render(request, "synergies/individual.html", {"session": session, "scores": scores})


@login_required
def export(request: AuthenticatedRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """The consensus matrix for everyone who sees the results; the raw scores, with names, for
    those who run the session (or everyone, when individual scores are shown)."""
    session = queries.access_session(request.user, pk)
    if kind == "konsensus":
        data = queries.results(session, queries.minimum_count(request.user, session))
        rows = exports.consensus_rows(data.goals, data.consensus)
    else:
        scores = queries.individual_scores(session, request.user)
        rows = exports.raw_rows(scores, queries.scorer_sides(session))
        record_export(
            actor=request.user,
            export="synergy scores",
            fmt=fmt,
            rows=len(rows) - 1,
            target=session,
            lab=session.lab,
        )
    return spreadsheet_download(rows, fmt=fmt, filename=f"synergikarta-{session.pk}-{kind}")


# Matplotlib's SVG styles its shapes with a <style> element and style attributes; an SVG file
# opened on its own needs them (it holds no script). (The decorator's types know views of the
# request alone, hence its "type: ignore".)
@csp_replace({"style-src": [SELF, UNSAFE_INLINE]})  # type: ignore[arg-type]
@login_required
def chart(request: AuthenticatedRequest, pk: int, name: str, fmt: str) -> HttpResponse:
    session = queries.access_session(request.user, pk)
    data = queries.results(session, queries.minimum_count(request.user, session))
    codes = [goal.code for goal in data.goals]
    if name == "heatmap":
        content = charts.heatmap(codes, data.consensus.median, title=session.title, fmt=fmt)
    elif name == "natverk":
        links = charts.strongest_links(data.consensus.median)
        content = charts.network(codes, links, title=session.title, fmt=fmt)
    else:
        titles = {"ut": _("Out-strength"), "in": _("In-strength"), "netto": _("Net influence")}
        ranked = data.rankings[{"ut": "out", "in": "in", "netto": "net"}[name]]
        content = charts.ranking(
            [r.goal.code for r in ranked], [r.value for r in ranked], title=titles[name], fmt=fmt
        )
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'inline; filename="synergikarta-{session.pk}-{name}.{fmt}"'
    return response


@login_required
def documentation(request: AuthenticatedRequest, pk: int, pdf: bool = False) -> HttpResponse:
    """The map's section of the workshop documentation, as a page to print and as PDF."""
    session = queries.access_session(request.user, pk)
    context = {
        "session": session,
        "lab": session.lab,
        "results": queries.results(session, queries.minimum_count(request.user, session)),
        "scale": scale.SCALE,
        "ranking_titles": RANKINGS,
    }
    if not pdf:
        return render(request, "synergies/documentation.html", context)
    content = render_pdf("synergies/pdf/documentation.html", context, request=request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="synergikarta-{session.pk}.pdf"'
    return response
