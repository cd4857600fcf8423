"""Pages of challenge-driven work. Views stay thin: reads and permissions in queries, writes
and their rules in actions, pictures in charts."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from larlabb.accounts.http import AuthenticatedRequest, VisitorRequest
from larlabb.actors.models import Organisation
from larlabb.core.charts import FORMATS
from larlabb.core.pdf import render_pdf
from larlabb.core.views import post_action, submit
from larlabb.labs.access import LabRole, access_lab, is_member, is_organiser
from larlabb.labs.models import Lab
from larlabb.missions import actions, charts, memo, queries, rules
from larlabb.missions.forms import (
    ActionForm,
    ActionStatusForm,
    AssessmentForm,
    ChallengeForm,
    CommentForm,
    DialogueForm,
    IndicatorForm,
    InitiativeForm,
    LearningForm,
    MeasurementForm,
    MissionForm,
    PrerequisiteForm,
    StatusForm,
)
from larlabb.missions.models import Action, Initiative, Mission

# Matplotlib styles the SVG text with a <style> element; only the chart files need it. (The
# decorator's types know views of the request alone, hence its "type: ignore".)
CHART_CSP = {"default-src": [SELF], "style-src": [SELF, UNSAFE_INLINE]}


def _chart(content: bytes, fmt: str) -> HttpResponse:
    return HttpResponse(content, content_type=FORMATS[fmt])


# --- Concepts -----------------------------------------------------------------------------


def concepts(request: VisitorRequest) -> HttpResponse:
    return render(request, "missions/concepts.html")


# --- The lab's challenges -----------------------------------------------------------------


def challenge_list(request: VisitorRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug)
    member = is_member(request.user, lab)
    ranked = queries.ranked_challenges(request.user, lab)
    context = {
        "lab": lab,
        "ranked": ranked,
        "is_member": member,
        "votes_left": actions.VOTES_PER_PERSON - sum(r.voted for r in ranked),
        "votes_per_person": actions.VOTES_PER_PERSON,
    }
    return render(request, "missions/challenge_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    form = ChallengeForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: actions.do_propose_challenge(actor=request.user, lab=lab, details=form.details()),
        _("The challenge was proposed."),
    )
    if done:
        return redirect("missions:challenge", pk=done.value.pk)
    return render(request, "missions/challenge_form.html", {"lab": lab, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def challenge_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = queries.access_challenge(request.user, pk)
    queries.require(queries.can_edit_challenge(request.user, challenge))
    form = ChallengeForm(
        request.POST or None, instance=challenge, lab=challenge.lab, viewer=request.user
    )

    def do() -> None:
        actions.do_update_challenge(
            actor=request.user, challenge=challenge, details=form.details(), owners=form.owners()
        )

    if submit(request, form, do, _("The challenge was saved.")):
        return redirect("missions:challenge", pk=pk)
    context = {"lab": challenge.lab, "form": form, "challenge": challenge}
    return render(request, "missions/challenge_form.html", context)


def challenge_detail(request: VisitorRequest, pk: int) -> HttpResponse:
    challenge = queries.access_challenge(request.user, pk)
    lab = challenge.lab
    user = request.user
    member = is_member(user, lab)
    own = queries.own_assessment(user, challenge) if member else None
    initial = {}
    if own is not None:
        initial = {
            "is_complex": "1" if own.is_complex else "0",
            "needs_several_actors": "1" if own.needs_several_actors else "0",
        }
    assessment = AssessmentForm(initial=initial)
    (ranked,) = queries.ranked_challenges(user, lab, only=challenge)
    organisations = list(challenge.organisations.all())
    context = {
        "lab": lab,
        "challenge": challenge,
        "ranked": ranked,
        "goals": list(challenge.goals.select_related("catalogue")),
        "organisations": organisations,
        "breadth": queries.kinds_of(organisations),
        "missions": list(challenge.missions.select_related("owner")),
        "comments": list(challenge.comments.select_related("author")),
        "is_member": member,
        "may_edit": queries.can_edit_challenge(user, challenge),
        "may_publish": is_organiser(user, lab),
        "assessment_form": assessment,
        "comment_form": CommentForm(),
        "today": queries.today(),
    }
    return render(request, "missions/challenge_detail.html", context)


@login_required
@require_POST
def challenge_vote(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = queries.access_challenge(request.user, pk)
    vote = request.POST.get("vote") == "1"
    post_action(
        request,
        lambda: actions.do_vote(actor=request.user, challenge=challenge, vote=vote),
        _("Your vote was counted.") if vote else _("Your vote was taken back."),
    )
    if request.POST.get("next") == "list":
        return redirect("missions:challenges", slug=challenge.lab.slug)
    return redirect("missions:challenge", pk=pk)


@login_required
@require_POST
def challenge_assess(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = queries.access_challenge(request.user, pk)
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer both questions."))
    else:
        post_action(
            request,
            lambda: actions.do_assess_challenge(
                actor=request.user,
                challenge=challenge,
                is_complex=form.cleaned_data["is_complex"],
                needs_several_actors=form.cleaned_data["needs_several_actors"],
            ),
            _("Your assessment was saved."),
        )
    return redirect("missions:challenge", pk=pk)


@login_required
@require_POST
def challenge_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = queries.access_challenge(request.user, pk)
    published = request.POST.get("published") == "1"
    post_action(
        request,
        lambda: actions.do_publish_challenge(
            actor=request.user, challenge=challenge, published=published
        ),
        _("The challenge was published.") if published else _("The challenge is now unpublished."),
    )
    return redirect("missions:challenge", pk=pk)


@login_required
@require_POST
def comment(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    challenge = queries.access_challenge(request.user, pk) if kind == "challenge" else None
    mission = queries.access_mission(request.user, pk) if kind == "mission" else None
    form = CommentForm(request.POST)
    if form.is_valid():
        post_action(
            request,
            lambda: actions.do_comment(
                actor=request.user,
                text=form.cleaned_data["text"],
                challenge=challenge,
                mission=mission,
            ),
            _("Your comment was added."),
        )
    else:
        messages.error(request, _("Write a comment first."))
    return redirect(f"missions:{kind}", pk=pk)


# --- Missions -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mission_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = queries.access_challenge(request.user, pk)
    queries.require(queries.can_edit_challenge(request.user, challenge))
    form = MissionForm(request.POST or None, lab=challenge.lab, viewer=request.user)

    def do() -> Mission:
        return actions.do_create_mission(
            actor=request.user,
            challenge=challenge,
            details=form.details(),
            owners=form.owners(),
            today=queries.today(),
        )

    if done := submit(request, form, do, _("The mission was created.")):
        return redirect("missions:mission", pk=done.value.pk)
    context = {"lab": challenge.lab, "challenge": challenge, "form": form}
    return render(request, "missions/mission_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mission_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mission = queries.access_mission(request.user, pk)
    queries.require(queries.can_edit_mission(request.user, mission))
    form = MissionForm(
        request.POST or None, instance=mission, lab=mission.challenge.lab, viewer=request.user
    )

    def do() -> None:
        actions.do_update_mission(
            actor=request.user,
            mission=mission,
            details=form.details(),
            owners=form.owners(),
            today=queries.today(),
        )

    if submit(request, form, do, _("The mission was saved.")):
        return redirect("missions:mission", pk=pk)
    context = {
        "lab": mission.challenge.lab,
        "challenge": mission.challenge,
        "mission": mission,
        "form": form,
    }
    return render(request, "missions/mission_form.html", context)


def mission_detail(request: VisitorRequest, pk: int) -> HttpResponse:
    mission = queries.mission_page(queries.access_mission(request.user, pk))
    lab = mission.challenge.lab
    today = queries.today()
    actors = queries.mission_actors(mission)
    assessments = list(mission.prerequisite_assessments.all())
    subject = queries.Subject(mission.title, assessments)
    context = {
        "lab": lab,
        "mission": mission,
        "challenge": mission.challenge,
        "election": rules.next_general_election(today),
        "beyond_election": rules.reaches_beyond_election(mission.target_year, today),
        "actors": actors,
        "breadth": queries.kinds_of(actors),
        "indicators": list(mission.indicators.all()),
        "initiatives": list(mission.initiatives.all()),
        "subject": subject,
        "prerequisites": _prerequisite_rows(subject),
        "comments": list(mission.comments.all()),
        "is_member": is_member(request.user, lab),
        "may_edit": queries.can_edit_mission(request.user, mission),
        "measurement_form": MeasurementForm(initial={"measured_on": today}),
        "comment_form": CommentForm(),
    }
    return render(request, "missions/mission_detail.html", context)


def _prerequisite_rows(subject: queries.Subject) -> list[dict]:
    latest, change = subject.latest, subject.change
    comments = {}
    if subject.assessments:
        comments = {r.item: r.comment for r in subject.assessments[-1].ratings.all()}
    return [
        {
            "label": label,
            "value": latest.get(key),
            "change": change.get(key),
            "comment": comments.get(key, ""),
        }
        for key, label in rules.PREREQUISITES
    ]


# --- Indicators ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mission = queries.access_mission(request.user, pk)
    queries.require(queries.can_edit_mission(request.user, mission))
    form = IndicatorForm(request.POST or None)

    def do() -> None:
        data = form.cleaned_data
        actions.do_add_indicator(
            actor=request.user,
            mission=mission,
            name=data["name"],
            unit=data["unit"],
            baseline=data["baseline"],
            baseline_year=data["baseline_year"],
            target=data["target"],
        )

    if submit(request, form, do, _("The indicator was added.")):
        return redirect("missions:mission", pk=pk)
    context = {"lab": mission.challenge.lab, "mission": mission, "form": form}
    return render(request, "missions/indicator_form.html", context)


@login_required
@require_POST
def measurement_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    indicator = queries.access_indicator(request.user, pk)
    form = MeasurementForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        post_action(
            request,
            lambda: actions.do_record_measurement(
                actor=request.user,
                indicator=indicator,
                measured_on=form.cleaned_data["measured_on"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                today=queries.today(),
            ),
            _("The value was recorded."),
        )
    return redirect("missions:mission", pk=indicator.mission_id)


@csp_replace(CHART_CSP)  # type: ignore[arg-type]
def indicator_chart(request: VisitorRequest, pk: int, fmt: str) -> HttpResponse:
    indicator = queries.access_indicator(request.user, pk)
    points = [(m.measured_on, float(m.value)) for m in indicator.measurements.all()]
    content = charts.indicator(
        points,
        baseline=(indicator.baseline_year, float(indicator.baseline)),
        target=(indicator.mission.target_year, float(indicator.target)),
        title=indicator.name,
        unit=indicator.unit,
        labels={
            "baseline": _("Baseline"),
            "target": _("Target"),
            "path": _("Straight path to the target"),
            "measured": _("Measured"),
        },
        fmt=fmt,
    )
    return _chart(content, fmt)


# --- Expeditions and experiments ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mission = queries.access_mission(request.user, pk)
    queries.require(queries.can_edit_mission(request.user, mission))
    form = InitiativeForm(request.POST or None, lab=mission.challenge.lab, viewer=request.user)

    def do() -> Initiative:
        return actions.do_create_initiative(
            actor=request.user,
            mission=mission,
            details=form.details(),
            participants=form.participants(),
        )

    if done := submit(request, form, do, _("The work was added to the portfolio.")):
        return redirect("missions:initiative", pk=done.value.pk)
    context = {"lab": mission.challenge.lab, "mission": mission, "form": form}
    return render(request, "missions/initiative_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = queries.access_initiative(request.user, pk)
    mission = initiative.mission
    queries.require(queries.can_edit_mission(request.user, mission))
    form = InitiativeForm(
        request.POST or None,
        instance=initiative,
        lab=mission.challenge.lab,
        viewer=request.user,
    )

    def do() -> None:
        actions.do_update_initiative(
            actor=request.user,
            initiative=initiative,
            details=form.details(),
            participants=form.participants(),
        )

    if submit(request, form, do, _("The work was saved.")):
        return redirect("missions:initiative", pk=pk)
    context = {
        "lab": mission.challenge.lab,
        "mission": mission,
        "initiative": initiative,
        "form": form,
    }
    return render(request, "missions/initiative_form.html", context)


def initiative_detail(request: VisitorRequest, pk: int) -> HttpResponse:
    initiative = queries.access_initiative(request.user, pk)
    mission = initiative.mission
    organisations = list(initiative.organisations.all())
    context = {
        "lab": mission.challenge.lab,
        "mission": mission,
        "initiative": initiative,
        "organisations": organisations,
        "breadth": queries.kinds_of(organisations),
        "participants": list(initiative.participants.select_related("organisation")),
        "learning": list(initiative.learning.select_related("author")),
        "may_edit": queries.can_edit_mission(request.user, mission),
        "may_learn": queries.can_add_learning(request.user, initiative),
        "is_member": is_member(request.user, mission.challenge.lab),
        "status_form": StatusForm(initial={"status": initiative.status}),
        "learning_form": LearningForm(initial={"happened_on": queries.today()}),
    }
    return render(request, "missions/initiative_detail.html", context)


@login_required
@require_POST
def initiative_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = queries.access_initiative(request.user, pk)
    status = request.POST.get("status", "")
    post_action(
        request,
        lambda: actions.do_change_status(actor=request.user, initiative=initiative, status=status),
        _("The status was changed."),
    )
    return redirect("missions:initiative", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def learning_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = queries.access_initiative(request.user, pk)
    queries.require(queries.can_add_learning(request.user, initiative))
    form = LearningForm(request.POST or None, initial={"happened_on": queries.today()})

    def do() -> None:
        data = form.cleaned_data
        actions.do_add_learning(
            actor=request.user,
            initiative=initiative,
            happened_on=data["happened_on"],
            tried=data["tried"],
            learned=data["learned"],
            next_step=data["next_step"],
            next_step_note=data["next_step_note"],
            today=queries.today(),
        )

    if submit(request, form, do, _("The learning entry was added.")):
        return redirect("missions:initiative", pk=pk)
    context = {
        "lab": initiative.mission.challenge.lab,
        "initiative": initiative,
        "form": form,
    }
    return render(request, "missions/learning_form.html", context)


# --- Prerequisites ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mission_prerequisites(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mission = queries.access_mission(request.user, pk)
    lab = mission.challenge.lab
    queries.require(is_member(request.user, lab))
    may_assess = queries.can_edit_mission(request.user, mission)
    form = PrerequisiteForm(request.POST or None, initial={"assessed_on": queries.today()})
    if request.method == "POST":
        queries.require(may_assess)

    def do() -> None:
        actions.do_assess_prerequisites(
            actor=request.user,
            lab=lab,
            mission=mission,
            ratings=form.ratings(),
            assessed_on=form.cleaned_data["assessed_on"],
        )

    if submit(request, form, do, _("The assessment was saved.")):
        return redirect("missions:mission-prerequisites", pk=pk)
    assessments = list(mission.prerequisite_assessments.prefetch_related("ratings"))
    subject = queries.Subject(mission.title, assessments)
    context = {
        "lab": lab,
        "mission": mission,
        "subject": subject,
        "rows": _prerequisite_rows(subject),
        "history": _history(assessments),
        "prerequisite_items": rules.PREREQUISITES,
        "form": form,
        "may_assess": may_assess,
    }
    return render(request, "missions/mission_prerequisites.html", context)


def _history(assessments) -> list[dict]:
    return [
        {"assessment": a, "values": [a.as_dict().get(key) for key in rules.PREREQUISITE_KEYS]}
        for a in assessments
    ]


@csp_replace(CHART_CSP)  # type: ignore[arg-type]
def mission_radar(request: VisitorRequest, pk: int, fmt: str) -> HttpResponse:
    mission = queries.access_mission(request.user, pk)
    queries.require(is_member(request.user, mission.challenge.lab))
    assessments = list(mission.prerequisite_assessments.prefetch_related("ratings"))[-2:]
    series = [(a.assessed_on.isoformat(), a.as_dict()) for a in assessments]
    return _chart(_radar(series, mission.title, fmt), fmt)


def _radar(series: list[tuple[str, dict[str, int]]], title: str, fmt: str) -> bytes:
    """Only complete assessments are drawn (an item added later has no earlier rating)."""
    complete = [
        (label, [ratings[key] for key in rules.PREREQUISITE_KEYS])
        for label, ratings in series
        if all(key in ratings for key in rules.PREREQUISITE_KEYS)
    ]
    labels = [str(label) for _key, label in rules.PREREQUISITES]
    return charts.radar(labels, complete, title=title, fmt=fmt)


@login_required
@require_http_methods(["GET", "POST"])
def lab_prerequisites(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    organisations = _assessable_organisations(request, lab)
    form = PrerequisiteForm(
        request.POST or None,
        organisations=organisations,
        initial={"assessed_on": queries.today(), "organisation": request.user.organisation_id},
    )

    def do() -> None:
        actions.do_assess_prerequisites(
            actor=request.user,
            lab=lab,
            organisation=form.cleaned_data["organisation"],
            ratings=form.ratings(),
            assessed_on=form.cleaned_data["assessed_on"],
        )

    if submit(request, form, do, _("The assessment was saved.")):
        return redirect("missions:lab-prerequisites", slug=slug)
    subjects = queries.subjects(queries.assessments_of(lab))
    context = {
        "lab": lab,
        "subjects": subjects,
        "items": [label for _key, label in rules.PREREQUISITES],
        "comparison": [
            (s, [s.latest.get(key) for key in rules.PREREQUISITE_KEYS]) for s in subjects
        ],
        "form": form,
    }
    return render(request, "missions/lab_prerequisites.html", context)


def _assessable_organisations(request: AuthenticatedRequest, lab: Lab) -> QuerySet[Organisation]:
    if is_organiser(request.user, lab):
        return queries.lab_organisations(lab).order_by("kind", "name")
    return Organisation.objects.filter(people=request.user)


@csp_replace(CHART_CSP)  # type: ignore[arg-type]
def lab_radar(request: VisitorRequest, slug: str, fmt: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    subjects = queries.subjects(queries.assessments_of(lab))
    series = [(s.label, s.latest) for s in subjects]
    return _chart(_radar(series, _("The prerequisites, latest assessments"), fmt), fmt)


# --- Portfolio ----------------------------------------------------------------------------


def portfolio(request: VisitorRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug)
    initiatives = queries.portfolio(request.user, lab)
    context = {
        "lab": lab,
        "initiatives": initiatives,
        "summary": queries.summarise_portfolio(initiatives),
        "is_member": is_member(request.user, lab),
    }
    return render(request, "missions/portfolio.html", context)


# --- Dialogues and the action plan --------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def dialogues(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    may_record = is_organiser(request.user, lab)
    form = DialogueForm(request.POST or None, lab=lab, initial={"held_on": queries.today()})
    if request.method == "POST":
        queries.require(may_record)

    def do() -> None:
        actions.do_record_dialogue(actor=request.user, lab=lab, details=form.details())

    if submit(request, form, do, _("The dialogue was recorded.")):
        return redirect("missions:dialogues", slug=slug)
    context = {
        "lab": lab,
        "dialogues": queries.dialogues(lab),
        "form": form,
        "may_record": may_record,
    }
    return render(request, "missions/dialogues.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def action_plan(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    may_plan = is_organiser(request.user, lab)
    form = ActionForm(request.POST or None, lab=lab, viewer=request.user)
    if request.method == "POST":
        queries.require(may_plan)

    def do() -> None:
        actions.do_create_action(actor=request.user, lab=lab, details=form.details())

    if submit(request, form, do, _("The action was added to the plan.")):
        return redirect("missions:actions", slug=slug)
    rows = queries.action_rows(request.user, lab, queries.today())
    context = {
        "lab": lab,
        "rows": rows,
        "overdue": sum(row["overdue"] for row in rows),
        "form": form,
        "may_plan": may_plan,
        "statuses": Action.Status.choices,
    }
    return render(request, "missions/action_plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("lab"), pk=pk)
    lab = access_lab(request.user, action.lab.slug, need=LabRole.PARTICIPANT)
    queries.require(is_organiser(request.user, lab))
    form = ActionForm(request.POST or None, instance=action, lab=lab, viewer=request.user)

    def do() -> None:
        actions.do_update_action(actor=request.user, action=action, details=form.details())

    if submit(request, form, do, _("The action was saved.")):
        return redirect("missions:actions", slug=lab.slug)
    return render(request, "missions/action_form.html", {"lab": lab, "form": form})


@login_required
@require_POST
def action_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("lab"), pk=pk)
    access_lab(request.user, action.lab.slug, need=LabRole.PARTICIPANT)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("There is no such status."))
    else:
        post_action(
            request,
            lambda: actions.do_set_action_status(
                actor=request.user, action=action, status=form.cleaned_data["status"]
            ),
            _("The action's status was changed."),
        )
    return redirect("missions:actions", slug=action.lab.slug)


# --- Memo ---------------------------------------------------------------------------------


@login_required
def memo_view(request: AuthenticatedRequest, slug: str, pdf: bool = False) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    context = memo.build(request.user, lab, queries.today())
    if not pdf:
        return render(request, "missions/memo.html", context)
    response = HttpResponse(
        render_pdf("missions/pdf/memo.html", context, request=request),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="pm-{lab.slug}.pdf"'
    return response
