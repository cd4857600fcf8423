"""The operations a screen sends, over the WebSocket or by an HTTP POST alike: one name and a
few plain values each, turned into a call of the same action. A malformed operation is
refused with a message, like a refused one."""

import uuid
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from larlabb.actors.models import Organisation
from larlabb.core.limits import Limit, allow
from larlabb.core.text import clean_typed
from larlabb.live import actions
from larlabb.live.events import LiveError
from larlabb.live.models import Activity, Column, Note, Participant, Theme
from larlabb.live.queries import Viewer

Payload = dict[str, Any]


def _int(payload: Payload, name: str) -> int:
    try:
        return int(payload[name])
    except (KeyError, TypeError, ValueError, OverflowError) as error:  # 1e999 is a float: inf
        raise LiveError(_("The request was incomplete; please try again.")) from error


def _bool(payload: Payload, name: str) -> bool:
    value = payload.get(name)
    return value in (True, 1, "1", "true", "on")


def text_of(payload: Payload, name: str) -> str:
    value = payload.get(name, "")
    return clean_typed(value) if isinstance(value, str) else ""


def _note(activity: Activity, payload: Payload, name: str = "note") -> Note:
    note = Note.objects.filter(activity=activity, pk=_int(payload, name)).order_by("pk").first()
    if note is None:
        raise LiveError(_("That note is gone."))
    return note


def column_of(
    activity: Activity, payload: Payload, columns: dict[int, Column] | None = None
) -> Column | None:
    """The column the payload names, of this activity (from ``columns``, the activity's
    columns by id, when the caller read them once for several notes)."""
    if payload.get("column") in (None, ""):
        return None
    if columns is not None:
        column = columns.get(_int(payload, "column"))
    else:
        found = Column.objects.filter(activity=activity, pk=_int(payload, "column"))
        column = found.order_by("pk").first()
    if column is None:
        raise LiveError(_("That column belongs to another activity."))
    return column


def _theme(activity: Activity, payload: Payload, name: str = "theme") -> Theme:
    theme = Theme.objects.filter(activity=activity, pk=_int(payload, name)).order_by("pk").first()
    if theme is None:
        raise LiveError(_("That theme is gone."))
    return theme


def key_of(payload: Payload) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(payload["key"])) if payload.get("key") else None
    except ValueError as error:
        raise LiveError(_("The request was incomplete; please try again.")) from error


def _participant(viewer: Viewer) -> Participant:
    if viewer.participant is None:
        raise LiveError(_("Join the room first."))
    return viewer.participant


# --- Participants' operations ---------------------------------------------------------------


def add_note(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    case = _note(activity, payload, "case") if payload.get("case") else None
    organisation = None
    if payload.get("organisation"):
        organisation = Organisation.objects.filter(pk=_int(payload, "organisation")).first()
    note = actions.do_add_note(
        participant=_participant(viewer),
        activity=activity,
        text=text_of(payload, "text"),
        title=text_of(payload, "title"),
        column=column_of(activity, payload),
        case=case,
        organisation=organisation,
        key=key_of(payload),
    )
    return {"note": note.pk}


def edit_note(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    note = _note(activity, payload)
    actions.do_edit_note(
        participant=_participant(viewer),
        note=note,
        text=text_of(payload, "text"),
        title=text_of(payload, "title"),
    )
    return {"note": note.pk}


def delete_note(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    note = Note.objects.filter(activity=activity, pk=_int(payload, "note")).order_by("pk").first()
    if note is not None:  # deleting twice (a retry) is fine
        actions.do_delete_note(participant=_participant(viewer), note=note)
    return {}


def vote(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    mine = actions.do_vote(
        participant=_participant(viewer),
        note=_note(activity, payload),
        value=_int(payload, "value"),
    )
    return {"votes": mine}


def rank(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    order = payload.get("order")
    if not isinstance(order, list):
        raise LiveError(_("The request was incomplete; please try again."))
    try:
        ids = [int(note) for note in order]
    except (TypeError, ValueError) as error:
        raise LiveError(_("The request was incomplete; please try again.")) from error
    actions.do_rank(participant=_participant(viewer), activity=activity, order=ids)
    return {}


def rate(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_rate(
        participant=_participant(viewer),
        trend=_note(activity, payload, "trend"),
        impact=_int(payload, "impact"),
        uncertainty=_int(payload, "uncertainty"),
    )
    return {}


def answer(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    value = actions.do_answer(
        participant=_participant(viewer),
        statement=_note(activity, payload, "statement"),
        value=_int(payload, "value"),
    )
    return {"answer": {"statement": _int(payload, "statement"), "value": value}}


# --- Facilitators' operations ---------------------------------------------------------------


def set_switches(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    def switch(name: str) -> bool | None:
        return _bool(payload, name) if name in payload else None

    actions.do_set(
        actor=viewer.person,
        activity=activity,
        status=text_of(payload, "status") if "status" in payload else None,
        locked=switch("locked"),
        voting_open=switch("voting_open"),
        revealed=switch("revealed"),
        hide_authors=switch("hide_authors"),
        participants_group=switch("participants_group"),
        allow_guests=switch("allow_guests"),
    )
    return {}


def hide_note(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_hide_note(
        actor=viewer.person, note=_note(activity, payload), hidden=_bool(payload, "hidden")
    )
    return {}


def move_note(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    column = column_of(activity, payload)
    if column is None:
        raise LiveError(_("Choose a column."))
    actions.do_move_note(actor=viewer.person, note=_note(activity, payload), column=column)
    return {}


def merge_note(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    into = _note(activity, payload, "into") if payload.get("into") else None
    actions.do_merge_note(actor=viewer.person, note=_note(activity, payload), into=into)
    return {}


def choose_case(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_choose_case(
        actor=viewer.person, note=_note(activity, payload), chosen=_bool(payload, "chosen")
    )
    return {}


def suggest_themes(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    k = _int(payload, "k") if payload.get("k") else None
    made = actions.do_suggest_themes(actor=viewer.person, activity=activity, k=k)
    if isinstance(made, list):
        return {"themes": len(made)}
    return {"queued": True, "total": made.total}


def shared_ground(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    return {"pairs": actions.shared_ground_proposals(actor=viewer.person, activity=activity)}


def group_note(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    """Move a note into a group (``theme``: its number, "" for none, "new" for a new group
    named ``label``, made by a facilitator)."""
    note = _note(activity, payload)
    if payload.get("theme") == "new":
        made = actions.do_create_theme(
            actor=viewer.person, activity=activity, label=text_of(payload, "label"), notes=[note]
        )
        return {"theme": made.pk}
    theme = _theme(activity, payload) if payload.get("theme") else None
    if viewer.is_facilitator:
        actions.do_group_note(actor=viewer.person, note=note, theme=theme)
    else:
        actions.do_group_note(participant=viewer.participant, note=note, theme=theme)
    return {}


def create_theme(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    theme = actions.do_create_theme(
        actor=viewer.person, activity=activity, label=text_of(payload, "label")
    )
    return {"theme": theme.pk}


def split_theme(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    new = actions.do_split_theme(actor=viewer.person, theme=_theme(activity, payload))
    return {"theme": new.pk}


def accept_theme(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_accept_theme(
        actor=viewer.person, theme=_theme(activity, payload), label=text_of(payload, "label")
    )
    return {}


def rename_theme(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_rename_theme(
        actor=viewer.person, theme=_theme(activity, payload), label=text_of(payload, "label")
    )
    return {}


def merge_themes(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_merge_themes(
        actor=viewer.person, theme=_theme(activity, payload), into=_theme(activity, payload, "into")
    )
    return {}


def reject_theme(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_reject_theme(actor=viewer.person, theme=_theme(activity, payload))
    return {}


def allocate(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_allocate(
        actor=viewer.person,
        activity=activity,
        group_count=_int(payload, "groups") if payload.get("groups") else 0,
        rounds=_int(payload, "rounds"),
        seed=_int(payload, "seed") if payload.get("seed") not in (None, "") else 0,
    )
    return {}


def move_seat(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    participant = Participant.objects.filter(
        room_id=activity.room_id, pk=_int(payload, "participant")
    ).first()
    if participant is None:
        raise LiveError(_("That person is not in this room."))
    problems = actions.do_move_seat(
        actor=viewer.person,
        activity=activity,
        participant=participant,
        round=_int(payload, "round"),
        group=_int(payload, "group"),
    )
    return {"problems": len(problems)}


def set_round(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_set_round(actor=viewer.person, activity=activity, round=_int(payload, "round"))
    return {}


def choose_axes(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_choose_axes(
        actor=viewer.person,
        activity=activity,
        x=_note(activity, payload, "x"),
        y=_note(activity, payload, "y"),
    )
    return {}


def write_narrative(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    column = column_of(activity, payload)
    if column is None:
        raise LiveError(_("Choose a scenario."))
    actions.do_write_narrative(
        actor=viewer.person, column=column, narrative=text_of(payload, "narrative")
    )
    return {}


def present(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    """Show this activity (or, with ``activity``, another of the room's) on the projector and
    the phones; ``off`` shows the room's start page."""
    shown: Activity | None = activity
    actions.check_facilitator(viewer.person, activity.room.workshop)  # before any lookup
    if "activity" in payload:
        shown = Activity.objects.filter(
            room_id=activity.room_id, pk=_int(payload, "activity")
        ).first()
        if shown is None:
            raise LiveError(_("That activity is elsewhere."))
    actions.do_present(
        actor=viewer.person, room=activity.room, activity=None if _bool(payload, "off") else shown
    )
    return {}


def start_timer(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_start_timer(
        actor=viewer.person, room=activity.room, seconds=_int(payload, "seconds")
    )
    return {}


def stop_timer(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_stop_timer(actor=viewer.person, room=activity.room)
    return {}


def page_presenter(viewer: Viewer, activity: Activity, payload: Payload) -> Payload:
    actions.do_page_presenter(
        actor=viewer.person, room=activity.room, command=text_of(payload, "command")
    )
    return {}


OPERATIONS: dict[str, Callable[[Viewer, Activity, Payload], Payload]] = {
    "note.add": add_note,
    "note.edit": edit_note,
    "note.delete": delete_note,
    "vote": vote,
    "rank": rank,
    "rate": rate,
    "answer": answer,
    "set": set_switches,
    "note.hide": hide_note,
    "note.move": move_note,
    "note.merge": merge_note,
    "case.choose": choose_case,
    "themes.suggest": suggest_themes,
    "themes.shared": shared_ground,
    "note.group": group_note,
    "theme.create": create_theme,
    "theme.split": split_theme,
    "theme.accept": accept_theme,
    "theme.rename": rename_theme,
    "theme.merge": merge_themes,
    "theme.reject": reject_theme,
    "groups.allocate": allocate,
    "groups.move": move_seat,
    "groups.round": set_round,
    "axes": choose_axes,
    "narrative": write_narrative,
    "present": present,
    "timer.start": start_timer,
    "timer.stop": stop_timer,
    "presenter.page": page_presenter,
}


# Fair use: which operations count against which of the room's limits per person and minute.
LIMITED = {
    "note.add": "notes",
    "note.edit": "notes",
    "note.delete": "notes",
    "vote": "votes",
    "rank": "votes",
    "rate": "votes",
    "answer": "votes",
    "case.choose": "votes",
    "note.group": "votes",
}


def fair_use(viewer: Viewer, op: str) -> tuple[str, str, Limit] | None:
    """What ``op`` by ``viewer`` counts against: (scope, who, limit), or None when it is not
    limited. A participant's notes and votes are limited per minute (the room's settings);
    those who run the room are not limited."""
    kind = LIMITED.get(op)
    if kind is None or viewer.is_facilitator or viewer.participant is None:
        return None
    return f"live.{kind}", str(viewer.participant.pk), Limit(viewer.limits.get(kind, 0), 60)


def too_fast(op: str) -> str:
    """The refusal of an operation past the room's limit."""
    if LIMITED.get(op) == "notes":
        return _("You are writing faster than the room allows. Wait a minute and send again.")
    return _("You are voting faster than the room allows. Wait a minute and try again.")


def check_fair_use(viewer: Viewer, op: str) -> None:
    """Refuse ``op`` past the room's limit (HTTP; the WebSocket counts before the operation
    reaches the operations' threads, see ``ActivityConsumer.receive``). A refusal changes
    nothing."""
    counted = fair_use(viewer, op)
    if counted is not None and not allow(*counted):
        raise LiveError(too_fast(op))


def perform(
    viewer: Viewer, activity: Activity, op: str, payload: Payload, *, counted: bool = False
) -> Payload:
    """Carry out operation ``op`` for ``viewer``; returns what the screen needs to know (such
    as the id of a new note). Raises LiveError when refused. ``counted``: the caller has
    counted it against the room's limits already."""
    if viewer.is_presenter:
        raise LiveError(_("The presenter screen only shows the room."))
    handler = OPERATIONS.get(op)
    if handler is None:
        raise LiveError(_("Unknown operation."))
    if not counted:
        check_fair_use(viewer, op)
    return handler(viewer, activity, payload)
