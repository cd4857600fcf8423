"""The live room's WebSocket: what one person posts reaches every screen of the activity, a
screen that reconnects gets what it missed exactly once and in order, the socket enforces the
same rules as HTTP, and each screen sees only what its role may see."""

import json
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import connections

from larlabb.core import realtime
from larlabb.live import actions, consumers, events
from larlabb.live.models import Note, Vote
from larlabb.routing import websocket_urlpatterns
from tests.conftest import run_async
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def load(board) -> None:
    """Read the board's last event number and its room here, in the test's thread: database
    work inside a scenario's coroutine would open a connection that nobody closes."""
    board.refresh_from_db()
    assert board.room.code


def screen(board, user, since=None, projector=False) -> WebsocketCommunicator:
    """A screen of ``board`` (refreshed by the test before its scenario: no database work
    inside a coroutine, whose connection nobody would close)."""
    query = f"?since={board.seq if since is None else since}"
    if projector:
        query += "&projector=1"
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/live/{board.room.code}/{board.pk}/{query}"
    )
    communicator.scope["user"] = user
    communicator.scope["session"] = {}
    return communicator


async def close_connections() -> None:
    await sync_to_async(connections.close_all)()


async def receive(communicator, timeout=5, quiet=False) -> dict:
    """The next message; events that came close together arrive as one list, taken apart here.
    The room as it is on connecting (a "quiet" room message) is passed over unless ``quiet``."""
    queued = communicator.__dict__.setdefault("queued", [])
    while True:
        if not queued:
            data = json.loads(await communicator.receive_from(timeout=timeout))
            queued.extend(data if isinstance(data, list) else [data])
        message = queued.pop(0)
        if quiet or not message.get("room", {}).get("quiet"):
            return message


async def until(communicator, predicate, timeout=5) -> dict:
    """The first message that satisfies ``predicate`` (acks and others are passed over)."""
    while True:
        message = await receive(communicator, timeout)
        if predicate(message):
            return message


def in_thread(function, *args, **kwargs):
    """Run an action from another thread, as a request would, closing its connection."""

    def run():
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    return sync_to_async(run)()


def test_a_note_posted_over_one_socket_reaches_the_others(board, joined, sanna, anders):
    column = board.columns.get(title="Möjligheter").pk
    load(board)

    async def scenario():
        poster, watcher = screen(board, sanna), screen(board, anders)
        assert (await poster.connect())[0]
        assert (await watcher.connect())[0]
        await poster.send_to(
            text_data=json.dumps(
                {
                    "op": "note.add",
                    "ref": "r1",
                    "text": "Vi behöver gemensamma data",
                    "column": column,
                    "key": "9f1c1d7e-6c1a-4d7e-9a55-2b7c1f0d3e11",
                }
            )
        )
        ack = await until(poster, lambda m: m.get("ack") == "r1")
        seen = await until(watcher, lambda m: m.get("kind") == "note")
        await poster.disconnect()
        await watcher.disconnect()
        await close_connections()
        return ack, seen

    ack, seen = run_async(scenario())
    assert ack["ok"] is True
    assert seen["data"]["text"] == "Vi behöver gemensamma data"
    assert seen["data"]["organisation"] == "Region Skåne"
    assert seen["seq"] == board.seq + 1
    assert Note.objects.get().pk == ack["note"]


def test_a_screen_that_reconnects_gets_what_it_missed_once_and_in_order(board, joined, anders):
    start = board.seq
    for n in range(3):
        actions.do_add_note(
            participant=joined["sanna"],
            activity=board,
            text=f"Missad {n}",
            column=board.columns.first(),
        )

    load(board)

    async def scenario():
        watcher = screen(board, anders, since=start)
        await watcher.connect()
        messages = [await receive(watcher) for _ in range(3)]
        assert "room" in await receive(watcher, quiet=True)  # the room as it is, after them
        assert await watcher.receive_nothing(timeout=0.3)
        # asking again from the middle gives the rest once more, in order
        await watcher.send_to(text_data=json.dumps({"sync": start + 1}))
        again = [await receive(watcher) for _ in range(2)]
        await watcher.disconnect()
        await close_connections()
        return messages, again

    messages, again = run_async(scenario())
    assert [m["seq"] for m in messages] == [start + 1, start + 2, start + 3]
    assert [m["data"]["text"] for m in messages] == ["Missad 0", "Missad 1", "Missad 2"]
    assert [m["seq"] for m in again] == [start + 2, start + 3]


def test_votes_beyond_the_dots_are_refused_over_the_socket_too(
    board, joined, sanna, olle_organiser
):
    notes = [
        actions.do_add_note(
            participant=joined["anders"],
            activity=board,
            text=f"Idé {n}",
            column=board.columns.first(),
        )
        for n in range(4)
    ]
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    load(board)

    async def scenario():
        voter = screen(board, sanna)
        await voter.connect()
        replies = []
        for n, note in enumerate(notes):
            await voter.send_to(
                text_data=json.dumps({"op": "vote", "ref": f"v{n}", "note": note.pk, "value": 1})
            )
            replies.append(await until(voter, lambda m, n=n: m.get("ack") == f"v{n}"))
        await voter.disconnect()
        await close_connections()
        return replies

    replies = run_async(scenario())
    assert [r["ok"] for r in replies] == [True, True, True, False]
    assert replies[3]["error"] == "Du har använt alla dina 3 prickar. Du har inga kvar."
    assert Vote.objects.count() == 3


def test_only_facilitators_control_over_the_socket(board, joined, sanna):
    load(board)

    async def scenario():
        participant = screen(board, sanna)
        await participant.connect()
        await participant.send_to(
            text_data=json.dumps({"op": "set", "ref": "s", "status": "closed"})
        )
        reply = await until(participant, lambda m: m.get("ack") == "s")
        await participant.disconnect()
        await close_connections()
        return reply

    reply = run_async(scenario())
    assert reply["ok"] is False
    board.refresh_from_db()
    assert board.status == "open"


def test_the_room_sees_results_only_once_they_are_revealed(board, joined, anders, olle_organiser):
    notes = [
        actions.do_add_note(
            participant=joined["sanna"], activity=board, text=text, column=board.columns.first()
        )
        for text in ("Idé", "Annan idé")
    ]
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)

    load(board)

    async def scenario():
        room_screen, control = screen(board, anders), screen(board, olle_organiser)
        await room_screen.connect()
        await control.connect()
        await receive(room_screen, quiet=True)  # the room as it is on connecting
        await in_thread(actions.do_vote, participant=joined["vera"], note=notes[0], value=1)
        shown = await until(control, lambda m: m.get("kind") == "tally")
        hidden = await room_screen.receive_nothing(timeout=0.5)
        await in_thread(actions.do_set, actor=olle_organiser, activity=board, revealed=True)
        refetch = await until(room_screen, lambda m: m.get("kind") == "state")
        await in_thread(actions.do_vote, participant=joined["anders"], note=notes[1], value=1)
        revealed = await until(room_screen, lambda m: m.get("kind") == "tally")
        await room_screen.disconnect()
        await control.disconnect()
        await close_connections()
        return shown, hidden, refetch, revealed

    shown, hidden, refetch, revealed = run_async(scenario())
    assert shown["data"] == {"totals": {str(notes[0].pk): 1}, "voters": 1}
    assert hidden is True  # nothing reached the room's screen before the reveal
    assert refetch["data"] == {}
    assert revealed["data"]["totals"] == {str(notes[0].pk): 1, str(notes[1].pk): 1}


def test_a_hidden_note_reaches_the_room_without_its_text(board, joined, anders, olle_organiser):
    note = actions.do_add_note(
        participant=joined["sanna"], activity=board, text="Känsligt", column=board.columns.first()
    )

    load(board)

    async def scenario():
        room_screen = screen(board, anders)
        await room_screen.connect()
        await in_thread(actions.do_hide_note, actor=olle_organiser, note=note, hidden=True)
        message = await until(room_screen, lambda m: m.get("kind") == "note")
        await room_screen.disconnect()
        await close_connections()
        return message

    assert run_async(scenario())["data"] == {"id": note.pk, "hidden": True}


def test_someone_outside_the_room_cannot_connect(board):
    outsider = UserFactory(email="x@example.org")

    load(board)

    async def scenario():
        communicator = screen(board, outsider)
        await communicator.connect()
        closing = await communicator.receive_output(timeout=5)
        await communicator.wait()
        await close_connections()
        return closing

    assert run_async(scenario()) == {"type": "websocket.close", "code": 4403}


def test_a_malformed_message_is_answered_with_a_refusal_not_a_crash(board, joined, sanna):
    load(board)

    async def scenario():
        communicator = screen(board, sanna)
        await communicator.connect()
        await communicator.send_to(text_data="not json")
        await communicator.send_to(text_data=json.dumps({"op": "vote", "ref": "x", "note": "a"}))
        reply = await until(communicator, lambda m: m.get("ack") == "x")
        await communicator.send_to(text_data=json.dumps({"op": "nonsense", "ref": "y"}))
        unknown = await until(communicator, lambda m: m.get("ack") == "y")
        await communicator.disconnect()
        await close_connections()
        return reply, unknown

    reply, unknown = run_async(scenario())
    assert reply["ok"] is False
    assert unknown["ok"] is False


def test_the_phones_hear_which_activity_is_shown(board, joined, sanna, olle_organiser):
    load(board)

    async def scenario():
        communicator = screen(board, sanna)
        await communicator.connect()
        await in_thread(actions.do_present, actor=olle_organiser, room=board.room, activity=board)
        message = await until(communicator, lambda m: "room" in m)
        await communicator.disconnect()
        await close_connections()
        return message

    assert run_async(scenario()) == {"room": {"current": board.pk}}


def test_a_screen_hears_the_rooms_timer_as_it_is_when_it_connects(
    board, joined, sanna, olle_organiser
):
    """A timer stopped while the page was loading (after the page read it, before its socket
    joined the room) is not shown running: the socket says the room as it is now."""
    actions.do_start_timer(actor=olle_organiser, room=board.room, seconds=120)
    load(board)

    async def scenario():
        running = screen(board, sanna)
        await running.connect()
        first = await receive(running, quiet=True)
        await running.disconnect()
        await in_thread(actions.do_stop_timer, actor=olle_organiser, room=board.room)
        stopped = screen(board, sanna)
        await stopped.connect()
        second = await receive(stopped, quiet=True)
        await stopped.disconnect()
        await close_connections()
        return first, second

    first, second = run_async(scenario())
    assert first["room"]["quiet"] is True
    assert first["room"]["timer"]["total"] == 120
    assert 110 < first["room"]["timer"]["left"] <= 120
    assert second == {"room": {"timer": None, "quiet": True}}


def test_events_overtaken_on_the_way_are_filled_in_from_the_database(
    board, joined, anders, monkeypatch
):
    """If event n+2 reaches a screen before n+1 (two server processes sending at once), the
    consumer first sends n+1 from the database."""
    start = board.seq
    sent: list[dict] = []
    monkeypatch.setattr(realtime, "send", lambda group, message: sent.append(message))
    column = board.columns.first()
    load(board)

    async def scenario():
        watcher = screen(board, anders)
        await watcher.connect()
        for n in range(2):
            await in_thread(
                actions.do_add_note,
                participant=joined["sanna"],
                activity=board,
                text=f"Not {n}",
                column=column,
            )
        layer = get_channel_layer()
        await layer.group_send(events.activity_group(board.pk), sent[1])  # n+2 only
        received = [await receive(watcher) for _ in range(2)]
        await layer.group_send(events.activity_group(board.pk), sent[0])  # n+1, late
        assert await watcher.receive_nothing(timeout=0.3)
        await watcher.disconnect()
        await close_connections()
        return received

    received = run_async(scenario())
    assert [m["seq"] for m in received] == [start + 1, start + 2]
    assert [m["data"]["text"] for m in received] == ["Not 0", "Not 1"]


def test_events_close_together_reach_a_screen_as_one_frame_in_order(
    board, joined, anders, monkeypatch
):
    monkeypatch.setattr(consumers, "BATCH_SECONDS", 1.0)  # a slow machine still batches all
    column = board.columns.first()
    load(board)
    start = board.seq

    def post_three():
        for n in range(3):
            actions.do_add_note(
                participant=joined["sanna"], activity=board, text=f"Tät {n}", column=column
            )

    async def scenario():
        watcher = screen(board, anders)
        await watcher.connect()
        await receive(watcher, quiet=True)  # the room as it is on connecting
        await in_thread(post_three)
        frame = json.loads(await watcher.receive_from(timeout=5))
        await watcher.disconnect()
        await close_connections()
        return frame

    frame = run_async(scenario())
    assert isinstance(frame, list)
    assert [m["seq"] for m in frame] == [start + 1, start + 2, start + 3]
    assert [m["data"]["text"] for m in frame] == ["Tät 0", "Tät 1", "Tät 2"]


def test_open_screens_and_the_events_they_are_sent_are_counted_in_the_metrics(
    board, joined, sanna, anders
):
    from larlabb.service.metrics import LIVE_EVENTS, LIVE_SOCKETS

    def figures() -> tuple[float, float]:
        return LIVE_SOCKETS._value.get(), LIVE_EVENTS.labels(how="live")._value.get()

    column = board.columns.get(title="Möjligheter").pk
    load(board)
    before = figures()

    async def scenario():
        poster, watcher = screen(board, sanna), screen(board, anders)
        assert (await poster.connect())[0]
        assert (await watcher.connect())[0]
        both_open = figures()
        await poster.send_to(
            text_data=json.dumps(
                {
                    "op": "note.add",
                    "ref": "r1",
                    "text": "Räknas",
                    "column": column,
                    "key": str(uuid.uuid4()),
                }
            )
        )
        await until(watcher, lambda m: m.get("kind") == "note")
        await until(poster, lambda m: m.get("kind") == "note")
        await poster.disconnect()
        await watcher.disconnect()
        await close_connections()
        return both_open

    both_open = run_async(scenario())
    after = figures()
    assert both_open[0] == before[0] + 2
    assert after[0] == before[0]  # both closed again
    assert after[1] == before[1] + 2  # the note, to each of the two screens
