"""The events of a live activity: numbered, stored, and sent to every screen in the room.

Every change of an activity is an :class:`~larlabb.live.models.Event` with the next number of
its activity, written in the transaction of the change while the activity's row is locked, so
numbers follow the order of the commits and have no gaps. After the commit the event goes to
the activity's channel-layer group (in memory, or Redis so several server processes share a
room). A screen that lost its connection asks for the events after the last number it has.

The kinds of event, and what their ``data`` holds:

``note``       a note as :func:`larlabb.live.queries.note_data` gives it (new or changed)
``note-gone``  ``{"id": …}``: a note was deleted
``ratings``    ``{"public": bool}``: foresight ratings changed (the chart is fetched again)
``state``      the activity's settings or structure changed (status, columns, themes, groups,
               axes …): screens fetch the activity's state again

Facilitators see everything; the others (participants, guests, the projector) see a hidden
note only as hidden, no authors when the activity hides them, and results only once revealed:
:func:`for_role` makes that cut, for live events and for the ones sent again alike.

Vote results are not numbered events but snapshots (:func:`send_tally`): each holds all the
totals, the latest replaces the earlier ones, and a screen that reconnects fetches the state
anew. Facilitators get every one; the others only once the results are revealed.
"""

import json
import time
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone

from larlabb.core.errors import Refused
from larlabb.core.realtime import send_after_commit
from larlabb.live.models import Activity, Event, Note, Participant

FACILITATOR = "facilitator"
ROOM = "room"  # participants, guests and the projector

KINDS = ("note", "note-gone", "ratings", "state")
# What a screen's operation leaves for its consumer instead of results (:func:`tally_due`).
TALLY_DUE = "live.tally.due"


class LiveError(Refused):
    """A change in the live room that the rules refuse."""


def activity_group(activity_id: int) -> str:
    return f"live-activity-{activity_id}"


def room_group(room_id: int) -> str:
    return f"live-room-{room_id}"


def lock(activity: Activity | int, *, others_go_on: bool = False) -> Activity:
    """The activity's row (given as an object or its id), fresh and locked until the
    transaction ends, so that its status is read as it is now and events are numbered in
    commit order. ``others_go_on``: a change that no other change of the room depends on (a
    new note), which takes only a key-share lock on PostgreSQL: held against a change of the
    activity's status or settings (which lock it wholly), not against the others' notes and
    votes; its event's number is then taken by :func:`emit` just before the commit, so that
    the notes of a full room wait for each other only that long."""
    pk = activity if isinstance(activity, int) else activity.pk
    if others_go_on and connection.vendor == "postgresql":
        return _key_share(pk)
    return Activity.objects.select_for_update().select_related("room").get(pk=pk)


def _key_share(activity_id: int) -> Activity:
    table = Activity._meta.db_table
    found = list(
        Activity.objects.raw(
            f'SELECT * FROM "{table}" WHERE id = %s FOR KEY SHARE',  # noqa: S608  (our table)
            [activity_id],
        )
    )
    if not found:
        raise Activity.DoesNotExist
    return found[0]


def lock_for_votes(activity_id: int, participant_id: int) -> Activity:
    """The activity's row, fresh, for a vote: held against a change of its status or voting
    (which lock it wholly, :func:`lock`) but not against the others' votes, and the voter's
    row locked until the transaction ends, so that one person's votes are counted against
    their dots one after the other. On PostgreSQL a key-share lock; a vote holding the
    activity's whole lock made every note of a full room wait for it."""
    if connection.vendor != "postgresql":  # the other databases write one at a time anyway
        return Activity.objects.select_for_update().get(pk=activity_id)
    Participant.objects.select_for_update(no_key=True).filter(pk=participant_id).exists()
    return _key_share(activity_id)


def emit(activity: Activity, kind: str, data: dict[str, Any]) -> Event:
    """Store the next event of ``activity`` (locked by :func:`lock` in this transaction) and
    send it to the activity's screens after the commit."""
    return emit_many(activity, [(kind, data)])[0]


def emit_many(activity: Activity, changes: list[tuple[str, dict[str, Any]]]) -> list[Event]:
    """Store the next events of ``activity``, one per (kind, data), numbered in that order,
    and send them after the commit."""
    for kind, _data in changes:
        if kind not in KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
    if not changes:
        return []
    if connection.vendor == "postgresql":
        stored = _numbered(activity, changes)
    else:
        stored = []
        for kind, data in changes:
            activity.seq += 1
            Activity.objects.filter(pk=activity.pk).update(seq=activity.seq)
            stored.append(
                Event.objects.create(activity=activity, seq=activity.seq, kind=kind, data=data)
            )
    group = activity_group(activity.pk)
    for event in stored:
        send_after_commit(group, broadcast_message(event))
    return stored


def _numbered(activity: Activity, changes: list[tuple[str, dict[str, Any]]]) -> list[Event]:
    """The next numbers and the events in one statement (PostgreSQL): the activity's row is
    locked from here to the commit, so that numbers follow the commits."""
    count, now = len(changes), timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f'WITH numbered AS (UPDATE "{Activity._meta.db_table}" SET seq = seq + %s '  # noqa: S608
            "WHERE id = %s RETURNING seq) "
            f'INSERT INTO "{Event._meta.db_table}" (activity_id, seq, kind, data, created_at) '
            "SELECT %s, numbered.seq - %s + change.n, change.kind, change.data::jsonb, %s "
            "FROM numbered, unnest(%s::int[], %s::text[], %s::text[]) AS change(n, kind, data) "
            "RETURNING id, seq",
            [
                count,
                activity.pk,
                activity.pk,
                count,
                now,
                list(range(1, count + 1)),
                [kind for kind, _data in changes],
                [json.dumps(data) for _kind, data in changes],
            ],
        )
        rows = sorted(cursor.fetchall(), key=lambda row: row[1])
    if len(rows) != count:
        raise Activity.DoesNotExist
    activity.seq = rows[-1][1]
    return [
        Event(pk=event_id, activity=activity, seq=seq, kind=kind, data=data, created_at=now)
        for (event_id, seq), (kind, data) in zip(rows, changes, strict=True)
    ]


def for_role(kind: str, data: dict[str, Any], role: str) -> dict[str, Any]:
    """What a screen of ``role`` may see of an event's data."""
    if role == FACILITATOR:
        return data
    if kind == "note":
        if data.get("hidden"):
            return {"id": data["id"], "hidden": True}
        if data.get("theme_suggested"):  # the room sees accepted themes only
            data = {**data, "theme": None, "theme_suggested": False}
        if data.get("anonymous"):
            return {**data, "author": "", "organisation": ""}
        return data
    if kind == "ratings" and not data.get("public"):
        return {"public": False}
    return data


def message_text(seq: int, kind: str, data: dict[str, Any], role: str) -> str:
    return json.dumps(
        {"seq": seq, "kind": kind, "data": for_role(kind, data, role)}, ensure_ascii=False
    )


def seq_of(text: str) -> int:
    """The number of an event from its text (as :func:`message_text` writes it)."""
    return int(text[len('{"seq": ') : text.index(",")])


def broadcast_message(event: Event) -> dict[str, Any]:
    """The channel-layer message of an event: its text for each role, encoded once here
    rather than once per screen."""
    room = message_text(event.seq, event.kind, event.data, ROOM)
    facilitator = message_text(event.seq, event.kind, event.data, FACILITATOR)
    return {
        "type": "live.event",
        "seq": event.seq,
        "room": room,
        "facilitator": facilitator if facilitator != room else "",
    }


def send_tally(
    activity: Activity, data: dict[str, Any], *, phones: bool = True, stamp: int | None = None
) -> None:
    """Send the results ``data`` (computed in this transaction, while the activity is locked)
    after the commit. ``stamp`` (by default now; give the time before ``data`` was read)
    orders snapshots that overtake each other on the way. ``phones``: whether the
    participants' screens get them too once the results are shown (otherwise only the
    facilitators' and the presenter screens)."""
    stamp = time.time_ns() if stamp is None else stamp
    text = json.dumps({"kind": "tally", "stamp": stamp, "data": data}, ensure_ascii=False)
    message = {"type": "live.tally", "public": activity.revealed, "phones": phones, "text": text}
    send_after_commit(activity_group(activity.pk), message)


def tally_due(activity: Activity) -> None:
    """Ask a screen's consumer (inside :func:`larlabb.core.realtime.deferred_sends`) for the
    activity's results after the commit: it sums them once for every vote of the moment."""
    send_after_commit("", {"type": TALLY_DUE, "activity": activity.pk})


def announce_room(room_id: int, current: int | None) -> None:
    """Tell the room's phones which activity is shown now (after the commit)."""
    tell_room(room_id, current=current)


def tell_room(room_id: int, **news: Any) -> None:
    """Tell every screen of the room (phones, the projector, the facilitators' desks) what
    changed in the room itself: ``current`` (the activity shown now), ``timer`` (the countdown,
    or None), ``pager`` (a command to the presenter screen's pages). After the commit."""
    send_after_commit(room_group(room_id), {"type": "live.room", "news": news})


def remove_from_room(room_id: int, participant_ids: list[int], users: Sequence[int] = ()) -> None:
    """Close the screens of these participants of the room at once (after the commit): they
    were removed, or their registration ended; and the facilitator screens of ``users``, who
    no longer run the room."""
    if participant_ids or users:
        send_after_commit(
            room_group(room_id),
            {"type": "live.removed", "participants": participant_ids, "users": list(users)},
        )


def shut_out_guests(activity_id: int) -> None:
    """Close the guests' screens of the activity at once (after the commit): it no longer
    allows guests. They go back to the room's start page, which says why."""
    send_after_commit(activity_group(activity_id), {"type": "live.removed", "guests": True})


def events_since(activity_id: int, since: int, role: str, until: int | None = None) -> list[str]:
    """The texts of the activity's events after number ``since`` (up to ``until``), in order.
    Sent again, a note shows as the room sees it now, not as it was then: a note hidden or
    deleted since is sent as hidden, and its author only while the activity shows authors."""
    found = Event.objects.filter(activity_id=activity_id, seq__gt=since)
    if until is not None:
        found = found.filter(seq__lte=until)
    events = list(found.order_by("seq").values_list("seq", "kind", "data"))
    if role != FACILITATOR:
        events = as_the_room_sees_now(activity_id, events)
    return [message_text(seq, kind, data, role) for seq, kind, data in events]


def as_the_room_sees_now(activity_id: int, events: list[tuple]) -> list[tuple]:
    """``events`` with each note's visibility and the activity's anonymity as they are now."""
    ids = {data["id"] for _seq, kind, data in events if kind == "note"}
    if not ids:
        return events
    hidden = dict(
        Note.objects.filter(activity_id=activity_id, pk__in=ids).values_list("pk", "hidden")
    )
    anonymous = (
        Activity.objects.filter(pk=activity_id).values_list("hide_authors", flat=True).first()
    )
    now = []
    for seq, kind, data in events:
        if kind == "note":
            data = {**data, "hidden": hidden.get(data["id"], True), "anonymous": bool(anonymous)}
        now.append((seq, kind, data))
    return now
