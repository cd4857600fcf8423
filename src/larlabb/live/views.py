"""Pages of the live room: joining with the code, the phone's view of an activity, the
facilitator's controls, the projector, and the HTTP side of the operations and the state."""

import io
import json

import segno
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from larlabb.accounts.http import AuthenticatedRequest, VisitorRequest
from larlabb.accounts.models import User
from larlabb.audit.log import record_export
from larlabb.core.charts import FORMATS
from larlabb.core.language import foreign_content_language
from larlabb.core.views import post_action, posted_id, spreadsheet_download, submit
from larlabb.live import actions, charts, exports, operations, opinion_map, queries
from larlabb.live.events import LiveError
from larlabb.live.forms import ActivityForm, GuestForm, JoinForm, LimitsForm
from larlabb.live.models import NOTE_MAX_LENGTH, TITLE_MAX_LENGTH, Activity, Participant, Room
from larlabb.live.queries import Viewer
from larlabb.live.strings import script_strings

MAX_BODY = 16_000


def _viewer(request: HttpRequest, room: Room) -> Viewer:
    viewer = queries.viewer_for(request.user, request.session, room)
    if viewer.participant is None and viewer.is_registered and not viewer.removed:
        actions.do_join(user=viewer.person, room=room)
        viewer = queries.viewer_for(request.user, request.session, room)
    return viewer


def _room_and_viewer(request: HttpRequest, code: str) -> tuple[Room, Viewer]:
    room = queries.get_room(code)
    return room, _viewer(request, room)


# --- Joining --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request: VisitorRequest) -> HttpResponse:
    """Type the code shown on the projector."""
    form = JoinForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("live:room", code=form.cleaned_data["code"])
    return render(request, "live/join.html", {"form": form})


@require_http_methods(["GET", "POST"])
def room(request: VisitorRequest, code: str) -> HttpResponse:
    """The room on a phone: the activities that are open, and the one shown now."""
    room, viewer = _room_and_viewer(request, code)
    guests_allowed = room.activities.filter(allow_guests=True).exists()
    initial = {}
    if isinstance(request.user, User) and viewer.participant is None:
        # someone logged in but not registered for the workshop joins as a guest under their
        # own name, on their organisation's side
        organisation = request.user.organisation
        initial = {
            "name": request.user.name,
            **({"side": organisation.side} if organisation else {}),
        }
    form = GuestForm(request.POST or None, initial=initial)

    def join() -> Participant:
        return actions.do_join_as_guest(
            room=room,
            name=form.cleaned_data["name"],
            side=form.cleaned_data["side"],
            key=queries.guest_key(request.session, room),
            address=get_adapter(request).get_client_ip(request),
        )

    if viewer.participant is None and not viewer.removed and (done := submit(request, form, join)):
        keys = request.session.get(queries.GUEST_SESSION_KEY) or {}
        keys[str(room.pk)] = done.value.guest_key
        request.session[queries.GUEST_SESSION_KEY] = keys
        return redirect("live:room", code=room.code)
    activities = queries.visible_activities(viewer, room)
    context = {
        "room": room,
        "workshop": room.workshop,
        "viewer": viewer,
        "activities": activities,
        "current": next((a for a in activities if a.pk == room.current_id), None),
        "guests_allowed": guests_allowed and room.code_open(),
        "form": form,
        "login_url": f"{reverse('account_request_login_code')}?next={room.get_absolute_url()}",
    }
    return render(request, "live/room.html", context)


# --- An activity ----------------------------------------------------------------------------


def _config(request: HttpRequest, room: Room, activity: Activity, viewer: Viewer) -> dict:
    base = {"code": room.code, "pk": activity.pk}
    return {
        "activity": activity.pk,
        "room": room.pk,
        "role": viewer.role,
        "image": reverse("live:image", kwargs={**base, "fmt": "svg"}),
        "state": reverse("live:state", kwargs=base),
        "op": reverse("live:operation", kwargs=base),
        "socket": f"/ws/live/{room.code}/{activity.pk}/",
        "roomUrl": room.get_absolute_url(),
        "activityUrl": reverse("live:activity", kwargs={"code": room.code, "pk": 0}),
        # what people write is in the content language; marked where the interface is not
        "contentLang": foreign_content_language(get_language() or settings.LANGUAGE_CODE),
        # the facilitator's desk runs the day: the room's activities in order
        "sequence": (
            [[a.pk, a.title] for a in queries.activity_sequence(room)]
            if viewer.is_facilitator
            else []
        ),
        "controlUrl": reverse("live:control", kwargs={"code": room.code, "pk": 0}),
        **(
            {"opinionMap": reverse("live:opinion-map", kwargs=base)}
            if activity.kind == Activity.Kind.OPINIONS
            else {}
        ),
    }


def _activity_page(
    request: HttpRequest, code: str, pk: int, template: str, config: dict, **extra
) -> HttpResponse:
    room, viewer = _room_and_viewer(request, code)
    if viewer.participant is None and not viewer.is_facilitator:
        return redirect("live:room", code=room.code)
    try:
        activity = queries.access_activity(viewer, room, pk)
    except PermissionDenied:
        # a phone that followed the facilitator to an activity it may not see (a guest's, to
        # one for registered participants; or one not started): back to the room, which says
        # why and follows on
        messages.info(request, queries.why_not_seen(viewer))
        return redirect("live:room", code=room.code)
    return _render_activity(request, room, activity, viewer, template, config, **extra)


def _render_activity(
    request: HttpRequest,
    room: Room,
    activity: Activity,
    viewer: Viewer,
    template: str,
    config: dict,
    **extra,
) -> HttpResponse:
    state = queries.activity_state(viewer, activity)
    context = {
        "room": room,
        "workshop": room.workshop,
        "activity": activity,
        "viewer": viewer,
        "state": state,
        "config": {**_config(request, room, activity, viewer), **config},
        "strings": script_strings(),
        "note_max_length": NOTE_MAX_LENGTH,
        "title_max_length": TITLE_MAX_LENGTH,
        **extra,
    }
    return render(request, template, context)


def activity(request: VisitorRequest, code: str, pk: int) -> HttpResponse:
    return _activity_page(request, code, pk, "live/activity.html", {"follow": True})


@login_required
def control(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    room = queries.get_room(code)
    viewer = _viewer(request, room)
    queries.require_facilitator(viewer)
    return _activity_page(request, code, pk, "live/control.html", {})


@login_required
def projector(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    """The room's big screen, opened by a facilitator: the code to join, and the activity as
    the room sees it (never the facilitator's own state)."""
    room = queries.get_room(code)
    queries.require_facilitator(_viewer(request, room))
    viewer = queries.presenter_viewer(request.user)
    activity = queries.access_activity(viewer, room, pk)
    follow = reverse("live:projector", kwargs={"code": room.code, "pk": 0})
    return _presenter_page(request, room, activity, viewer, follow, key="")


def presenter_link(request: VisitorRequest, code: str, key: str) -> HttpResponse:
    """The room's big screen through its secret presenter link, without logging in: whatever
    the facilitator shows now (or the join code while nothing is shown)."""
    room = queries.get_room(code)
    if not queries.presenter_link_opens(room, key):
        raise Http404
    viewer = queries.presenter_viewer(request.user, by_link=True)
    if room.current_id is None:
        context = {"room": room, "workshop": room.workshop, "key": key}
        return render(request, "live/presenter_waiting.html", context)
    activity = queries.access_activity(viewer, room, room.current_id)
    return _presenter_page(request, room, activity, viewer, request.path, key=key)


@login_required
@require_POST
def presenter_link_manage(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    """Give the room a new secret presenter link (the old one stops working) or take it away."""
    room = queries.get_room(code)
    queries.require_facilitator(_viewer(request, room))
    if request.POST.get("action") == "revoke":
        post_action(
            request,
            lambda: actions.do_revoke_presenter_link(actor=request.user, room=room),
            _("The presenter link no longer works."),
        )
    else:
        post_action(
            request,
            lambda: actions.do_new_presenter_link(actor=request.user, room=room),
            _("The new presenter link is below. Open it on the room's computer."),
        )
    return redirect("live:control", code=room.code, pk=pk)


def _presenter_page(
    request: HttpRequest, room: Room, activity: Activity, viewer: Viewer, follow: str, key: str
) -> HttpResponse:
    query = {"projector": 1, **({"key": key} if key else {})}
    config = {"projector": True, "follow": True, "activityUrl": follow, "query": query}
    return _render_activity(
        request, room, activity, viewer, "live/projector.html", config, projector=True
    )


def _state_viewer(request: VisitorRequest, room: Room) -> Viewer:
    """Who asks for an activity's state: a presenter screen (with the room's key, or opened by
    a facilitator) or the person."""
    if request.GET.get("projector"):
        if queries.viewer_for(request.user, request.session, room).is_facilitator:
            return queries.presenter_viewer(request.user)
        if queries.presenter_link_opens(room, request.GET.get("key", "")):
            return queries.presenter_viewer(request.user, by_link=True)
    return _viewer(request, room)


@require_GET
def state(request: VisitorRequest, code: str, pk: int) -> JsonResponse:
    room = queries.get_room(code)
    viewer = _state_viewer(request, room)
    activity = queries.access_activity(viewer, room, pk)
    return JsonResponse(queries.activity_state(viewer, activity))


@require_GET
def opinion_results(request: VisitorRequest, code: str, pk: int) -> HttpResponse:
    """An opinion map's results: the map, what every group agrees on, what sets each group
    apart, and the groups by region, agency and other. For those who see the activity's
    results (the room once they are shown); with ``?part=map`` only the part that the live
    screens put in (the big screen's compact version to a presenter screen)."""
    room = queries.get_room(code)
    viewer = _state_viewer(request, room)
    activity = queries.access_activity(viewer, room, pk)
    if activity.kind != Activity.Kind.OPINIONS:
        raise Http404
    if not queries.results_visible(viewer, activity):
        raise PermissionDenied
    found = opinion_map.opinion_map(activity)
    context = {
        "room": room,
        "workshop": room.workshop,
        "activity": activity,
        "viewer": viewer,
        **opinion_map.context(found, compact=viewer.is_presenter),
    }
    if request.GET.get("part") == "map":  # under the live page's heading, but on the big screen
        return render(
            request, "live/_opinion_map.html", {**context, "level": 2 if viewer.is_presenter else 3}
        )
    return render(request, "live/opinion_map.html", context)


@require_POST
def operation(request: VisitorRequest, code: str, pk: int) -> HttpResponse:
    """An operation by HTTP (the same as over the WebSocket): a JSON body, or a form posted
    without JavaScript (then back to the page with a message)."""
    room, viewer = _room_and_viewer(request, code)
    activity = queries.access_activity(viewer, room, pk)
    is_json = request.content_type == "application/json"
    if is_json:
        if len(request.body) > MAX_BODY:
            return JsonResponse({"ok": False, "error": _("The request is too large.")}, status=400)
        try:
            payload = json.loads(request.body)
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            return JsonResponse(
                {"ok": False, "error": _("The request was incomplete; please try again.")},
                status=400,
            )
    else:
        payload = request.POST.dict()
    try:
        result = operations.perform(viewer, activity, str(payload.get("op", "")), payload)
    except LiveError as error:
        if is_json:
            return JsonResponse({"ok": False, "error": error.message}, status=400)
        messages.error(request, error.message)
    else:
        if is_json:
            return JsonResponse({"ok": True, **result})
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/live/") else activity.get_absolute_url())


# --- The facilitator's room -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def workshop_live(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    """The facilitators' overview of a workshop's live room: its code, each program item's
    activities, and a form to add one."""
    workshop = queries.access_workshop_to_facilitate(request.user, slug, number)
    lab = workshop.lab
    room = actions.get_or_create_room(workshop)
    form = ActivityForm(request.POST or None, workshop=workshop)

    def create() -> Activity:
        data = form.cleaned_data
        return actions.do_create_activity(
            actor=request.user,
            program_item=data["program_item"],
            kind=data["kind"],
            title=data["title"],
            prompt=data["prompt"],
            columns=data["columns"],
            options=data["options"],
            dots_per_person=data["dots_per_person"],
            several_dots_per_note=data["several_dots_per_note"],
            multiple_choice=data["multiple_choice"],
            allow_guests=data["allow_guests"],
            hide_authors=data["hide_authors"],
        )

    added = _("The activity was added. Open it when the room is ready.")
    if done := submit(request, form, create, added):
        return redirect("live:control", code=room.code, pk=done.value.pk)
    context = {
        "lab": lab,
        "workshop": workshop,
        "room": room,
        "program": list(workshop.program.prefetch_related("activities")),
        "form": form,
    }
    return render(request, "live/workshop_live.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def people(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Who is in the room, for its facilitators: remove a person or every guest, give the room
    a new join code, or close the code for the day."""
    room = queries.get_room(code)
    viewer = queries.viewer_for(request.user, request.session, room)
    queries.require_facilitator(viewer)
    what = request.POST.get("do", "") if request.method == "POST" else ""
    limits = LimitsForm(request.POST if what == "limits" else None, instance=room)

    def set_limits() -> Room:
        return actions.do_set_limits(actor=request.user, room=room, **limits.limits())

    if what == "limits":
        if submit(request, limits, set_limits, _("The room's limits are saved.")):
            return redirect("live:people", code=room.code)
    elif request.method == "POST":
        if what == "remove":
            participant = get_object_or_404(
                Participant, room=room, pk=posted_id(request.POST.get("participant"))
            )
            post_action(
                request,
                lambda: actions.do_remove_participant(
                    actor=request.user, room=room, participant=participant
                ),
                _("%(name)s is no longer in the room.") % {"name": participant.name},
            )
        elif what == "remove-guests":
            post_action(
                request,
                lambda: actions.do_remove_guests(actor=request.user, room=room),
                _("The guests are no longer in the room, and no new guests can join."),
            )
        elif what == "new-code":
            post_action(
                request,
                lambda: actions.do_new_join_code(actor=request.user, room=room),
                _("The room has a new join code. The old one no longer works."),
            )
            room.refresh_from_db()
        elif what == "close":
            post_action(
                request,
                lambda: actions.do_close_room(actor=request.user, room=room),
                _("The join code is closed: nobody new gets in with it."),
            )
        return redirect("live:people", code=room.code)
    context = {
        "room": room,
        "workshop": room.workshop,
        "people": queries.people_in_room(room),
        "code_open": room.code_open(),
        "limits": limits,
    }
    return render(request, "live/people.html", context)


# --- Files ----------------------------------------------------------------------------------


@require_GET
def qr_code(request: VisitorRequest, code: str) -> HttpResponse:
    """The room's address as a QR code (SVG) for the projector."""
    room = queries.get_room(code)
    url = request.build_absolute_uri(room.get_absolute_url())
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=8, border=2, title=_("Join: %(url)s") % {"url": url}
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
@require_GET
def export(request: AuthenticatedRequest, code: str, pk: int, fmt: str) -> HttpResponse:
    room = queries.get_room(code)
    viewer = _viewer(request, room)
    activity = queries.access_activity(viewer, room, pk)
    rows = exports.activity_rows(
        activity,
        show_results=queries.results_visible(viewer, activity),
        facilitator=viewer.is_facilitator,
    )
    if viewer.is_facilitator:  # the facilitators' export names the authors
        record_export(
            actor=request.user,
            export="live activity",
            fmt=fmt,
            rows=len(rows) - 1,
            lab=room.workshop.lab,
            target=activity,
        )
    return spreadsheet_download(rows, fmt=fmt, filename=exports.filename(activity))


@login_required
@require_GET
def image(request: AuthenticatedRequest, code: str, pk: int, fmt: str) -> HttpResponse:
    room = queries.get_room(code)
    viewer = _viewer(request, room)
    activity = queries.access_activity(viewer, room, pk)
    figure = charts.activity_figure(
        activity, show_results=queries.results_visible(viewer, activity)
    )
    response = HttpResponse(charts.render(figure, fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'inline; filename="{exports.filename(activity)}.{fmt}"'
    return response
