"""How a process carries out a full room's operations cheaply: the notes of one moment are
written together (each still checked and answered on its own), results are summed once per
moment, and a group's messages reach the process once, whatever its number of screens."""

import asyncio
import json
import threading
import uuid

import pytest
from channels.layers import get_channel_layer
from django.db import IntegrityError
from django.utils import translation

from larlabb.live import actions, events, writer
from larlabb.live.events import LiveError
from larlabb.live.models import Activity, Note
from tests.conftest import run_async
from tests.live.test_delivery import add_notes, open_screen
from tests.live.test_realtime import close_connections, load, until

pytestmark = pytest.mark.django_db(transaction=True)


def note(ref: str, text: str, column: int, key: str | None = None) -> str:
    message = {"op": "note.add", "ref": ref, "text": text, "column": column}
    if key:
        message["key"] = key
    return json.dumps(message)


def test_the_notes_of_one_moment_are_written_together_and_each_answered_on_its_own(
    board, joined, sanna, anders, vera, monkeypatch
):
    """While a note is being written, the notes that come are written together afterwards:
    every one stored once with its own number, a note sent again (from a second tab) is the
    same note, and a note the rules refuse is refused alone."""
    batches: list[int] = []
    release, writing = threading.Event(), threading.Event()
    write_notes = writer.write_notes

    def held(batch):
        batches.append(len(batch))
        if len(batches) == 1:
            writing.set()
            release.wait(10)
        return write_notes(batch)

    monkeypatch.setattr(writer, "write_notes", held)
    column, key, start = board.columns.first().pk, str(uuid.uuid4()), board.seq
    load(board)

    async def scenario():
        hers, his, his_tab, vera_screen = [
            await open_screen(board, user) for user in (sanna, anders, anders, vera)
        ]
        await hers.send_to(text_data=note("s", "Först", column))
        await asyncio.to_thread(writing.wait, 10)
        await his.send_to(text_data=note("a", "Samtidigt", column, key))
        await his_tab.send_to(text_data=note("a2", "Samtidigt", column, key))
        await vera_screen.send_to(text_data=note("v", "   ", column))
        await asyncio.sleep(0.3)  # all three wait behind the first
        release.set()
        acks = [
            await until(screen, lambda m, ref=ref: m.get("ack") == ref)
            for screen, ref in ((hers, "s"), (his, "a"), (his_tab, "a2"), (vera_screen, "v"))
        ]
        seen = []
        while len(seen) < 2:
            event = await until(vera_screen, lambda m: m.get("kind") == "note")
            seen.append(event)
        for screen in (hers, his, his_tab, vera_screen):
            await screen.disconnect()
        await close_connections()
        return acks, seen

    acks, seen = run_async(scenario())
    assert batches == [1, 3]
    first, his_note, his_again, refused = acks
    assert first["ok"]
    assert his_note["ok"]
    assert his_again["note"] == his_note["note"]  # one note for one key
    assert refused["ok"] is False
    assert refused["error"] == "Skriv något först."
    stored = list(Note.objects.filter(activity=board).order_by("pk").values_list("pk", "text"))
    assert stored == [(first["note"], "Först"), (his_note["note"], "Samtidigt")]
    assert [(e["seq"], e["data"]["id"]) for e in seen] == [
        (start + 1, first["note"]),
        (start + 2, his_note["note"]),
    ]


def test_notes_of_one_moment_are_each_checked_as_a_single_note_is(
    board, joined, olle_organiser, in_english
):
    """do_add_notes refuses what do_add_note refuses, each request on its own and in its own
    language, and writes the others."""
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    guest = actions.do_join_as_guest(room=board.room, name="Gäst", side="other")
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=False)
    board.refresh_from_db()
    column = board.columns.first()
    requests = [
        actions.NoteRequest(joined["sanna"], "Ja", column, None, "en"),
        actions.NoteRequest(guest, "Gäst här", column, None, "sv"),
        actions.NoteRequest(joined["vera"], "Ja, jag med", column, None, "en"),
    ]
    results = actions.do_add_notes(board, requests)
    assert [r.text for r in results if isinstance(r, Note)] == ["Ja", "Ja, jag med"]
    assert isinstance(results[1], LiveError)
    assert results[1].message == "Den här aktiviteten är för anmälda deltagare."
    assert [e.seq for e in board.events.order_by("seq")][-2:] == [board.seq + 1, board.seq + 2]

    actions.do_set(actor=olle_organiser, activity=board, locked=True)
    with translation.override("en"):
        locked = actions.do_add_notes(board, requests[:1])
    assert isinstance(locked[0], LiveError)
    assert locked[0].message == "The board is locked; notes cannot change."
    assert Note.objects.filter(activity=board).count() == 2


def test_a_moments_votes_are_summed_once_for_the_facilitator(board, joined, sanna, olle_organiser):
    """Results go to the facilitators once per moment (TALLY_SECONDS), summed after the last
    vote of it: three quick votes give one tally with all three."""
    Activity.objects.filter(pk=board.pk).update(dots_per_person=5, several_dots_per_note=True)
    options = [
        actions.do_add_note(
            participant=joined["vera"], activity=board, text=t, column=board.columns.first()
        )
        for t in ("Ett", "Två", "Tre")
    ]
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    load(board)

    async def scenario():
        control = await open_screen(board, olle_organiser)
        phone = await open_screen(board, sanna)
        for n, option in enumerate(options):
            vote = {"op": "vote", "ref": f"v{n}", "note": option.pk, "value": 1}
            await phone.send_to(text_data=json.dumps(vote))
            await until(phone, lambda m, n=n: m.get("ack") == f"v{n}")
        tallies = [await until(control, lambda m: m.get("kind") == "tally")]
        await asyncio.sleep(writer.TALLY_SECONDS * 3)
        while not await control.receive_nothing(timeout=0.1):
            message = json.loads(await control.receive_from())
            for each in message if isinstance(message, list) else [message]:
                if each.get("kind") == "tally":
                    tallies.append(each)
        await control.disconnect()
        await phone.disconnect()
        await close_connections()
        return tallies

    tallies = run_async(scenario())
    assert len(tallies) == 1
    assert tallies[0]["data"]["totals"] == {str(option.pk): 1 for option in options}


def test_a_process_hears_a_group_once_however_many_of_its_screens_are_in_it(
    board, joined, sanna, anders, vera, settings
):
    """Three screens of one activity: the channel layer's group of the activity holds one
    channel (the process's), each screen gets the event, and the group is empty once they
    have gone. (The in-memory layer, whose groups the test can count; the Redis layer's
    delivery is tested across processes in test_processes.py.)"""
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "larlabb.core.channels.RoomInMemoryChannelLayer"}
    }
    load(board)
    group = events.activity_group(board.pk)

    async def scenario():
        screens = [await open_screen(board, user) for user in (sanna, anders, vera)]
        members = len(get_channel_layer().groups.get(group, {}))
        await asyncio.to_thread(add_notes, board, joined["sanna"], 1)
        got = [await until(s, lambda m: m.get("kind") == "note") for s in screens]
        for each in screens:
            await each.disconnect()
        await asyncio.sleep(0.05)
        left = len(get_channel_layer().groups.get(group, {}))
        await close_connections()
        return members, got, left

    members, got, left = run_async(scenario())
    assert members == 1
    assert [m["data"]["text"] for m in got] == ["Lapp 0"] * 3
    assert left == 0


def test_a_batch_that_fails_is_written_note_by_note(
    board, joined, sanna, anders, vera, monkeypatch
):
    """A batch rolled back by the database (here made to fail once) is written again one note
    at a time: every note is stored and answered, none twice."""
    release, writing = threading.Event(), threading.Event()
    write_notes, add_notes_at_once = writer.write_notes, actions.do_add_notes

    def held(batch):
        if not writing.is_set():
            writing.set()
            release.wait(10)
        return write_notes(batch)

    def failing(activity, requests):
        if len(requests) > 1:
            raise IntegrityError("the same note, written by two processes")
        return add_notes_at_once(activity, requests)

    monkeypatch.setattr(writer, "write_notes", held)
    monkeypatch.setattr(actions, "do_add_notes", failing)
    column = board.columns.first().pk
    load(board)

    async def scenario():
        screens = [await open_screen(board, user) for user in (sanna, anders, vera)]
        await screens[0].send_to(text_data=note("s", "Först", column))
        await asyncio.to_thread(writing.wait, 10)
        await screens[1].send_to(text_data=note("a", "Hans", column))
        await screens[2].send_to(text_data=note("v", "Hennes", column))
        await asyncio.sleep(0.3)
        release.set()
        acks = [
            await until(screen, lambda m, ref=ref: m.get("ack") == ref)
            for screen, ref in zip(screens, "sav", strict=True)
        ]
        for screen in screens:
            await screen.disconnect()
        await close_connections()
        return acks

    acks = run_async(scenario())
    assert [ack["ok"] for ack in acks] == [True, True, True]
    texts = sorted(Note.objects.filter(activity=board).values_list("text", flat=True))
    assert texts == ["Först", "Hans", "Hennes"]
