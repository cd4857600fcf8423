"""How events reach the screens of a full room cheaply and without loss: an event that overtook
an earlier one waits a moment for it instead of reading the database, screens that miss the
same events read them once, a screen's events do not wait behind its own operation, and a
screen that cannot keep up is closed and catches up from its number (nothing dropped)."""

import asyncio
import json
import threading
import time

import pytest
from channels.layers import get_channel_layer
from django.db import connections

from larlabb.core import realtime
from larlabb.live import actions, consumers, events, writer
from tests.conftest import run_async
from tests.live.test_realtime import close_connections, load, receive, screen, until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent(monkeypatch) -> list[dict]:
    """The channel-layer messages the actions send, kept here for the test to send itself."""
    kept: list[dict] = []
    monkeypatch.setattr(realtime, "send", lambda group, message: kept.append(message))
    return kept


@pytest.fixture
def reads(monkeypatch) -> list[tuple]:
    """The reads of missed events from the database, each taking 0.3 s (so that reads asked
    for at nearly the same moment overlap)."""
    done: list[tuple] = []
    read = events.events_since

    def counted(activity_id, since, role, until=None):
        done.append((since, until, role))
        time.sleep(0.3)
        return read(activity_id, since, role, until)

    monkeypatch.setattr(events, "events_since", counted)
    return done


async def open_screen(board, user):
    """A screen of ``board`` connected, with the room as it is (its first message) taken."""
    communicator = screen(board, user)
    await communicator.connect()
    assert "room" in await receive(communicator, quiet=True)
    return communicator


def add_notes(board, participant, count: int) -> None:
    """``count`` notes by ``participant``, from a thread of their own (closing its connection)."""
    try:
        for n in range(count):
            actions.do_add_note(
                participant=participant,
                activity=board,
                text=f"Lapp {n}",
                column=board.columns.first(),
            )
    finally:
        connections.close_all()


def test_an_event_that_overtook_an_earlier_one_waits_for_it_without_reading_the_database(
    board, joined, anders, sent, reads, monkeypatch
):
    monkeypatch.setattr(consumers, "GAP_SECONDS", 2.0)  # however busy the machine
    start = board.seq
    load(board)

    async def scenario():
        watcher = await open_screen(board, anders)
        await asyncio.to_thread(add_notes, board, joined["sanna"], 2)
        reads.clear()  # the replay on connecting read the database: count what comes after
        layer, group = get_channel_layer(), events.activity_group(board.pk)
        await layer.group_send(group, sent[1])  # n+2 first
        await layer.group_send(group, sent[0])  # n+1 after it
        received = [await receive(watcher) for _ in range(2)]
        assert await watcher.receive_nothing(timeout=0.3)
        await watcher.disconnect()
        await close_connections()
        return received

    received = run_async(scenario())
    assert [m["seq"] for m in received] == [start + 1, start + 2]
    assert reads == []


def test_screens_of_a_process_that_miss_the_same_events_read_them_once(
    board, joined, anders, vera, sent, reads, monkeypatch
):
    """Events n+1 and n+2 never arrive, n+3 does: after waiting for them, the two screens
    read n+1..n+2 from the database together, once, and get all three in order."""
    monkeypatch.setattr(consumers, "GAP_SECONDS", 0.05)
    start = board.seq
    load(board)

    async def scenario():
        watchers = [await open_screen(board, anders), await open_screen(board, vera)]
        await asyncio.to_thread(add_notes, board, joined["sanna"], 3)
        reads.clear()
        await get_channel_layer().group_send(events.activity_group(board.pk), sent[2])
        got = [[await receive(watcher) for _ in range(3)] for watcher in watchers]
        for watcher in watchers:
            assert await watcher.receive_nothing(timeout=0.2)
            await watcher.disconnect()
        await close_connections()
        return got

    got = run_async(scenario())
    assert [[m["seq"] for m in g] for g in got] == [[start + 1, start + 2, start + 3]] * 2
    assert reads == [(start, start + 2, events.ROOM)]


def test_a_screen_that_stops_waiting_for_a_shared_read_does_not_stop_it_for_the_others(
    board, joined, reads
):
    load(board)
    add_notes(board, joined["sanna"], 2)
    start = board.seq

    async def scenario():
        first = asyncio.create_task(consumers.read_missed(board.pk, start, start + 2, events.ROOM))
        second = asyncio.create_task(consumers.read_missed(board.pk, start, start + 2, events.ROOM))
        await asyncio.sleep(0.1)
        first.cancel()  # its screen went away
        texts = await second
        await close_connections()
        return first, texts

    first, texts = run_async(scenario())
    assert first.cancelled()
    assert [events.seq_of(text) for text in texts] == [start + 1, start + 2]
    assert len(reads) == 1


def test_a_catch_up_while_an_event_is_held_does_not_stop_the_screen(
    board, joined, anders, sent, monkeypatch
):
    """The screen asks to catch up while it holds an event that overtook an earlier one; an
    event lost on the way afterwards is still read from the database, and every event arrives
    once and in order."""
    monkeypatch.setattr(consumers, "GAP_SECONDS", 0.5)
    start = board.seq
    load(board)

    async def scenario():
        watcher = await open_screen(board, anders)
        await asyncio.to_thread(add_notes, board, joined["sanna"], 3)
        layer, group = get_channel_layer(), events.activity_group(board.pk)
        await layer.group_send(group, sent[1])  # n+2 held, n+1 not yet come
        await watcher.send_to(text_data=json.dumps({"sync": start}))
        got = [await receive(watcher) for _ in range(3)]  # n+1..n+3 from the database
        await asyncio.to_thread(add_notes, board, joined["sanna"], 2)
        await layer.group_send(group, sent[4])  # n+5; n+4 was lost on the way
        got += [await receive(watcher, timeout=5) for _ in range(2)]
        assert await watcher.receive_nothing(timeout=0.8)
        await watcher.disconnect()
        await close_connections()
        return got

    got = run_async(scenario())
    assert [m["seq"] for m in got] == list(range(start + 1, start + 6))


def test_a_screens_events_do_not_wait_behind_its_own_operation(
    board, joined, sanna, sent, monkeypatch
):
    """In a full room a screen's operation waits its turn for the database; meanwhile the
    others' notes still reach that screen."""
    release, waiting = threading.Event(), threading.Event()
    write_notes = writer.write_notes

    def slow(batch):
        if any(each.message.get("text") == "Väntar på sin tur" for each in batch):
            waiting.set()
            release.wait(10)
        return write_notes(batch)

    monkeypatch.setattr(writer, "write_notes", slow)
    column = board.columns.first().pk
    start = board.seq
    load(board)

    async def scenario():
        phone = await open_screen(board, sanna)
        note = {"op": "note.add", "ref": "r1", "text": "Väntar på sin tur", "column": column}
        await phone.send_to(text_data=json.dumps(note))
        await asyncio.to_thread(waiting.wait, 10)
        second = {"op": "note.add", "ref": "r2", "text": "Och en till", "column": column}
        await phone.send_to(text_data=json.dumps(second))  # waits behind the first
        # in a thread of its own: the process's thread for database work is taken
        await asyncio.to_thread(add_notes, board, joined["vera"], 1)
        await get_channel_layer().group_send(events.activity_group(board.pk), sent[-1])
        others = await receive(phone, timeout=3)  # before the screen's own operation ends
        release.set()
        ack = await until(phone, lambda m: m.get("ack") == "r1")
        await until(phone, lambda m: m.get("ack") == "r2")
        await phone.disconnect()
        await close_connections()
        return others, ack

    try:
        others, ack = run_async(scenario())
    finally:
        release.set()
    assert others["seq"] == start + 1
    assert others["data"]["text"] == "Lapp 0"
    assert ack["ack"] == "r1"
    assert ack["ok"] is True


def test_a_screen_that_falls_too_far_behind_is_closed_and_catches_up_once_and_in_order(
    board, joined, anders, monkeypatch
):
    monkeypatch.setattr(consumers, "BATCH_SECONDS", 5.0)  # nothing is sent meanwhile
    monkeypatch.setattr(consumers, "MAX_BEHIND", 3)
    start = board.seq
    load(board)

    async def scenario():
        phone = await open_screen(board, anders)
        await asyncio.to_thread(add_notes, board, joined["sanna"], 5)
        closed = await phone.receive_output(timeout=5)
        await phone.wait()
        again = screen(board, anders, since=start)  # as core/socket.js reconnects
        await again.connect()
        caught_up = [await receive(again) for _ in range(5)]
        assert "room" in await receive(again, quiet=True)  # the room as it is, after them
        assert await again.receive_nothing(timeout=0.3)
        await again.disconnect()
        await close_connections()
        return closed, caught_up

    closed, caught_up = run_async(scenario())
    assert closed == {"type": "websocket.close", "code": consumers.BEHIND}
    assert [m["seq"] for m in caught_up] == list(range(start + 1, start + 6))
    assert [m["data"]["text"] for m in caught_up] == [f"Lapp {n}" for n in range(5)]
