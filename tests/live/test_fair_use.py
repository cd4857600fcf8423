"""Fair use of the room (issue "Trust", finding 4): per-person limits on notes, votes and
catch-ups, set per room, and new guests per network address; a refused operation gets a clear
message, changes nothing and leaves the others in the room untouched."""

import json

import pytest
from django.urls import reverse

from larlabb.live import actions
from larlabb.live.events import LiveError
from larlabb.live.models import Note, Participant, Room
from tests.conftest import run_async
from tests.live.test_realtime import close_connections, load, receive, screen

pytestmark = pytest.mark.django_db


def op(client, board, payload) -> tuple[int, dict]:
    reply = client.post(
        f"/live/{board.room.code}/{board.pk}/op/",
        json.dumps(payload),
        content_type="application/json",
    )
    return reply.status_code, reply.json()


def test_notes_past_the_rooms_limit_are_refused_and_the_others_still_write(
    client, board, joined, sanna, anders
):
    Room.objects.filter(pk=board.room.pk).update(notes_per_minute=5)
    column = board.columns.first().pk
    client.force_login(sanna)
    codes = [
        op(client, board, {"op": "note.add", "text": f"Lapp {n}", "column": column})[0]
        for n in range(8)
    ]
    assert codes == [200] * 5 + [400] * 3
    _status, reply = op(client, board, {"op": "note.add", "text": "En till", "column": column})
    assert reply["error"] == (
        "Du skriver snabbare än rummet tillåter. Vänta en minut och skicka igen."
    )
    assert Note.objects.filter(author__user=sanna).count() == 5

    client.force_login(anders)
    assert op(client, board, {"op": "note.add", "text": "Min", "column": column})[0] == 200


def test_votes_past_the_limit_are_refused(client, board, joined, sanna, olle_organiser):
    Room.objects.filter(pk=board.room.pk).update(votes_per_minute=4)
    note = actions.do_add_note(
        participant=joined["anders"], activity=board, text="Rösta", column=board.columns.first()
    )
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    client.force_login(sanna)
    codes = [
        op(client, board, {"op": "vote", "note": note.pk, "value": n % 2})[0] for n in range(6)
    ]
    assert codes == [200] * 4 + [400] * 2


def test_facilitators_are_not_limited(client, board, joined, olle_organiser):
    Room.objects.filter(pk=board.room.pk).update(notes_per_minute=1)
    client.force_login(olle_organiser)
    column = board.columns.first().pk
    for n in range(3):
        assert op(client, board, {"op": "note.add", "text": f"F{n}", "column": column})[0] == 200


def test_new_guests_from_one_address_are_limited_per_room(client, board, olle_organiser):
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    Room.objects.filter(pk=board.room.pk).update(guests_per_address=3)
    room = Room.objects.get(pk=board.room.pk)
    for n in range(3):
        actions.do_join_as_guest(room=room, name=f"G{n}", side="other", address="10.0.0.1")
    with pytest.raises(LiveError, match=r"(Too many guests|För många gäster)"):
        actions.do_join_as_guest(room=room, name="G4", side="other", address="10.0.0.1")
    actions.do_join_as_guest(room=room, name="Annan", side="other", address="10.0.0.2")
    assert Participant.objects.filter(user=None).count() == 4

    # through the page, fresh sessions from one address (what 30 guest sessions did)
    page = reverse("live:room", kwargs={"code": room.code})
    replies = []
    for n in range(4):  # the limit is 3 an hour from this address too
        client.cookies.clear()
        replies.append(client.post(page, {"name": f"Ny {n}", "side": "other"}))
    assert [reply.status_code for reply in replies] == [302, 302, 302, 200]
    assert "För många gäster har anslutit från det här nätverket" in replies[-1].content.decode()


def test_the_facilitator_sets_the_limits_and_participants_cannot(
    client, board, joined, sanna, olle_organiser
):
    path = reverse("live:people", kwargs={"code": board.room.code})
    values = {
        "do": "limits",
        "notes_per_minute": "40",
        "votes_per_minute": "200",
        "syncs_per_minute": "6",
        "guests_per_address": "100",
    }
    client.force_login(sanna)
    assert client.post(path, values).status_code == 403
    client.force_login(olle_organiser)
    page = client.post(path, {**values, "notes_per_minute": "0"})
    assert "Varje gräns är ett tal från 1 till 1000." in page.content.decode()
    assert Room.objects.get(pk=board.room.pk).notes_per_minute == 20
    client.post(path, values)
    room = Room.objects.get(pk=board.room.pk)
    assert (room.notes_per_minute, room.syncs_per_minute) == (40, 6)


@pytest.mark.django_db(transaction=True)
def test_catch_ups_past_the_limit_are_refused_with_a_short_reply(board, joined, sanna):
    Room.objects.filter(pk=board.room.pk).update(syncs_per_minute=3)
    for n in range(5):
        actions.do_add_note(
            participant=joined["anders"],
            activity=board,
            text=f"Lapp {n}",
            column=board.columns.first(),
        )
    load(board)

    async def scenario():
        communicator = screen(board, sanna)
        await communicator.connect()
        sizes = []
        for _ in range(6):
            await communicator.send_to(text_data=json.dumps({"sync": 0}))
            first = await receive(communicator)
            got = [first]
            if "seq" in first:
                got += [await receive(communicator) for _ in range(board.seq - 1)]
            sizes.append(got)
        await communicator.disconnect()
        await close_connections()
        return sizes

    replies = run_async(scenario())
    assert [len(r) for r in replies[:3]] == [board.seq] * 3
    error = "Den här skärmen har bett om att komma ikapp för många gånger. Vänta en minut."
    for refused in replies[3:]:
        assert refused == [{"ok": False, "error": error}]


@pytest.mark.django_db(transaction=True)
def test_reconnecting_to_be_sent_everything_again_counts_as_a_catch_up(board, joined, sanna):
    Room.objects.filter(pk=board.room.pk).update(syncs_per_minute=2)
    actions.do_add_note(
        participant=joined["anders"], activity=board, text="En", column=board.columns.first()
    )
    load(board)

    async def scenario():
        closings = []
        for _ in range(3):
            communicator = screen(board, sanna, since=0)
            await communicator.connect()
            first = await communicator.receive_output(timeout=5)
            closings.append(first.get("code"))
            await communicator.disconnect()
        await close_connections()
        return closings

    assert run_async(scenario()) == [None, None, 4429]


@pytest.mark.django_db(transaction=True)
def test_over_the_socket_notes_past_the_limit_are_refused_in_order_with_their_refs(
    board, joined, sanna
):
    Room.objects.filter(pk=board.room.pk).update(notes_per_minute=2)
    column = board.columns.first().pk
    load(board)

    async def scenario():
        communicator = screen(board, sanna)
        await communicator.connect()
        for n in range(4):
            message = {"op": "note.add", "ref": f"r{n}", "text": f"L{n}", "column": column}
            await communicator.send_to(text_data=json.dumps(message))
        replies = {}
        while len(replies) < 4:
            message = await receive(communicator)
            if "ack" in message:
                replies[message["ack"]] = message["ok"]
        await communicator.disconnect()
        await close_connections()
        return replies

    assert run_async(scenario()) == {"r0": True, "r1": True, "r2": False, "r3": False}
    assert Note.objects.count() == 2
