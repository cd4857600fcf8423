"""Membership ends access (issue "Trust", finding 3): a cancelled registration, a person or a
guest a facilitator removes, loses the room at once: open screens close, HTTP operations, the
state and the export are refused. The people page lists who is in the room, removes a person or
every guest, gives the room a new code or closes it; join codes expire when the room closes."""

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from larlabb.audit.models import Entry
from larlabb.live import actions, queries
from larlabb.live.events import LiveError
from larlabb.live.models import Note, Participant, Room
from larlabb.registrations.actions import do_cancel
from larlabb.registrations.models import Registration
from tests.conftest import run_async
from tests.factories import WorkshopFactory
from tests.live.test_realtime import close_connections, in_thread, load, receive, screen

pytestmark = pytest.mark.django_db


def post_note(client, board, text="Hej") -> int:
    reply = client.post(
        f"/live/{board.room.code}/{board.pk}/op/",
        json.dumps({"op": "note.add", "text": text, "column": board.columns.first().pk}),
        content_type="application/json",
    )
    return reply.status_code


def test_a_cancelled_participant_can_no_longer_post_read_or_export(
    client, board, joined, sanna, olle_organiser
):
    client.force_login(sanna)
    assert post_note(client, board) == 200
    registration = Registration.objects.get(person=sanna)
    do_cancel(actor=olle_organiser, registration=registration)

    assert post_note(client, board, "Efter avbokningen") == 403
    state = client.get(f"/live/{board.room.code}/{board.pk}/state/")
    export = client.get(f"/live/{board.room.code}/{board.pk}/export.csv")
    assert (state.status_code, export.status_code) == (403, 403)
    assert not Note.objects.filter(text="Efter avbokningen").exists()
    page = client.get(board.get_absolute_url())
    assert page.status_code == 302  # back to the room's start page, which says they are not in


def test_a_removed_person_cannot_come_back_and_what_they_wrote_stays(
    client, board, joined, sanna, olle_organiser
):
    client.force_login(sanna)
    post_note(client, board, "Min lapp")
    room = board.room
    actions.do_remove_participant(actor=olle_organiser, room=room, participant=joined["sanna"])

    assert post_note(client, board, "Igen") == 403
    page = client.get(room.get_absolute_url())
    assert "En processledare har tagit bort dig från rummet." in page.content.decode()
    with pytest.raises(LiveError):
        actions.do_join(user=sanna, room=room)
    assert Note.objects.filter(text="Min lapp").exists()
    entry = Entry.objects.get(action=Entry.Action.ROOM_REMOVED)
    assert (entry.actor, entry.object_label) == (olle_organiser, "Sanna Skåning")


def test_only_facilitators_remove_people(board, joined, sanna):
    with pytest.raises(LiveError):
        actions.do_remove_participant(actor=sanna, room=board.room, participant=joined["anders"])
    assert Participant.objects.filter(removed_at__isnull=False).count() == 0


def guest_client(client, room, name="Gästen"):
    client.post(room.get_absolute_url(), {"name": name, "side": "other"})
    return client


def test_removing_all_guests_shuts_them_out_and_lets_no_new_ones_in(
    client, board, joined, olle_organiser
):
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    room = board.room
    guest_client(client, room)
    assert post_note(client, board, "Gästlapp") == 200

    removed = actions.do_remove_guests(actor=olle_organiser, room=room)

    assert removed == 1
    assert post_note(client, board, "Gäst igen") == 403
    board.refresh_from_db()
    assert not board.allow_guests
    with pytest.raises(LiveError):
        actions.do_join_as_guest(room=room, name="Ny", side="other")


def test_the_people_page_lists_removes_and_renews_the_code(
    client, board, joined, sanna, olle_organiser
):
    room = board.room
    path = reverse("live:people", kwargs={"code": room.code})
    client.force_login(sanna)
    assert client.get(path).status_code == 403
    assert client.post(path, {"do": "new-code"}).status_code == 403

    client.force_login(olle_organiser)
    page = client.get(path).content.decode()
    for name in ("Sanna Skåning", "Anders Myndig", "Vera Västra"):
        assert f'Ta bort<span class="visually-hidden"> {name} från rummet' in page
    client.post(path, {"do": "remove", "participant": joined["anders"].pk})
    assert Participant.objects.get(pk=joined["anders"].pk).removed_at is not None

    old = room.code
    response = client.post(path, {"do": "new-code"})
    room.refresh_from_db()
    assert room.code != old
    assert response.url == reverse("live:people", kwargs={"code": room.code})
    assert client.get(f"/live/{old}/").status_code == 404
    assert client.post(path.replace(room.code, old), {"do": "remove"}).status_code == 404
    assert Entry.objects.filter(action=Entry.Action.ROOM_CODE_CHANGED).count() == 1


def test_a_join_code_expires_when_the_room_closes_and_after_the_day(client, board, olle_organiser):
    room = board.room
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    assert client.get("/live/", {"code": room.code}).status_code == 302

    actions.do_close_room(actor=olle_organiser, room=room)
    room.refresh_from_db()
    reply = client.get("/live/", {"code": room.code})
    assert "Koden fungerar inte längre" in reply.content.decode()
    with pytest.raises(LiveError):
        actions.do_join_as_guest(room=room, name="Sen", side="other")

    fresh = Room.objects.get(pk=room.pk)
    fresh.closed_at = None
    workshop = fresh.workshop
    after_the_day = timezone.localtime(workshop.ends_at) + datetime.timedelta(days=1)
    assert fresh.code_open(timezone.localtime(workshop.ends_at))
    assert not fresh.code_open(after_the_day.replace(hour=0, minute=0, second=1))


@pytest.mark.django_db(transaction=True)
def test_a_cancelled_registration_closes_the_persons_open_screen_at_once(
    board, joined, sanna, anders, olle_organiser
):
    load(board)
    registration = Registration.objects.get(person=sanna)

    async def scenario():
        hers, his = screen(board, sanna), screen(board, anders)
        assert (await hers.connect())[0]
        assert (await his.connect())[0]
        await in_thread(do_cancel, actor=olle_organiser, registration=registration)
        told = await receive(hers)
        closing = await hers.receive_output(timeout=5)
        # the others stay: a note still reaches Anders
        await a_note_by(joined["vera"], board, "Fortfarande här")
        seen = await receive(his)
        await his.disconnect()
        await close_connections()
        return told, closing, seen

    told, closing, seen = run_async(scenario())
    assert told == {"room": {"removed": True}}
    assert closing == {"type": "websocket.close", "code": 4403}
    assert seen["data"]["text"] == "Fortfarande här"


async def a_note_by(participant, board, text: str) -> None:
    """``participant`` posts a note elsewhere (in another thread, as a request would)."""
    await in_thread(
        actions.do_add_note,
        participant=participant,
        activity=board,
        text=text,
        column=board.columns.first(),
    )


def screen_after(board, user, change, *args, **kwargs) -> tuple[dict, dict]:
    """What an open screen of ``user`` hears when ``change(*args, **kwargs)`` happens elsewhere
    (in another thread, as a request would): its message and how it is closed."""
    load(board)

    async def scenario():
        theirs = screen(board, user)
        assert (await theirs.connect())[0]
        await in_thread(change, *args, **kwargs)
        told = await receive(theirs)
        closing = await theirs.receive_output(timeout=5)
        await close_connections()
        return told, closing

    return run_async(scenario())


@pytest.mark.django_db(transaction=True)
def test_a_removed_guest_or_person_loses_the_open_screen(board, joined, sanna, olle_organiser):
    told, closing = screen_after(
        board,
        sanna,
        actions.do_remove_participant,
        actor=olle_organiser,
        room=board.room,
        participant=joined["sanna"],
    )
    assert told == {"room": {"removed": True}}
    assert closing["code"] == 4403


@pytest.mark.django_db(transaction=True)
def test_a_leader_taken_off_the_lab_loses_the_facilitator_screen_at_once(board, joined, lab):
    from tests.factories import UserFactory

    leader = UserFactory(email="ledare@example.org", name="Lea Ledare", role="facilitator")
    lab.leaders.add(leader)
    told, closing = screen_after(board, leader, lab.leaders.remove, leader)
    assert told == {"room": {"removed": True}}
    assert closing["code"] == 4403


@pytest.mark.django_db(transaction=True)
def test_an_open_screen_whose_removal_was_never_heard_is_refused_at_its_next_operation(
    board, joined, sanna
):
    """The channel layer may drop the message that closes a removed person's screen (a full
    channel); the next operation finds out and closes it all the same."""
    load(board)
    column = board.columns.first().pk

    async def scenario():
        hers = screen(board, sanna)
        assert (await hers.connect())[0]
        await in_thread(
            Participant.objects.filter(pk=joined["sanna"].pk).update, removed_at=timezone.now()
        )
        message = {"op": "note.add", "ref": "r", "text": "Ändå?", "column": column}
        await hers.send_to(text_data=json.dumps(message))
        told = await receive(hers)
        closing = await hers.receive_output(timeout=5)
        await close_connections()
        return told, closing

    told, closing = run_async(scenario())
    assert told == {"room": {"removed": True}}
    assert closing["code"] == 4403
    assert not Note.objects.filter(text="Ändå?").exists()


def test_who_is_still_in_the_room_in_one_query(
    board, joined, sanna, anders, vera, lab, olle_organiser, django_assert_num_queries
):
    """The question every live operation asks (written out in SQL): a registration for the
    whole lab or for this workshop counts, one for another workshop only, a cancelled one or a
    removal does not; a guest is in while the room's code is open."""
    room = board.room
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    guest = actions.do_join_as_guest(room=Room.objects.get(pk=room.pk), name="Gästen", side="other")
    other_workshop = WorkshopFactory(lab=lab, number=2)
    Registration.objects.get(person=anders).workshops.set([other_workshop])
    Registration.objects.get(person=vera).workshops.set([other_workshop, room.workshop])
    people = [*joined.values(), guest, None]
    room = queries.get_room(room.code)

    with django_assert_num_queries(1):
        assert queries.still_in_room_of(people, room) == {
            joined["sanna"].pk,
            joined["vera"].pk,
            guest.pk,
        }
    do_cancel(actor=olle_organiser, registration=Registration.objects.get(person=vera))
    actions.do_remove_participant(actor=olle_organiser, room=room, participant=joined["sanna"])
    actions.do_close_room(actor=olle_organiser, room=room)
    assert queries.still_in_room_of(people, Room.objects.get(pk=room.pk)) == set()
    assert queries.still_in_room_of([None], room) == set()


@pytest.mark.django_db(transaction=True)
def test_guests_screens_close_when_the_activity_stops_allowing_guests(
    board, joined, sanna, olle_organiser
):
    """A guest's open board stops hearing the room's notes the moment the facilitator turns
    guests off; the registered participants' screens go on."""
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    guest = actions.do_join_as_guest(room=board.room, name="Gästen", side="other")
    load(board)

    async def scenario():
        guests = screen(board, AnonymousUser())
        guests.scope["session"] = {queries.GUEST_SESSION_KEY: {str(board.room.pk): guest.guest_key}}
        hers = screen(board, sanna)
        assert (await guests.connect())[0]
        assert (await hers.connect())[0]
        await in_thread(actions.do_set, actor=olle_organiser, activity=board, allow_guests=False)
        told = await receive(guests)
        while "room" not in told:  # the state event of the switch comes first
            told = await receive(guests)
        closing = await guests.receive_output(timeout=5)
        await a_note_by(joined["vera"], board, "Bara för anmälda")
        seen = await receive(hers)
        while seen.get("kind") != "note":
            seen = await receive(hers)
        await hers.disconnect()
        await close_connections()
        return told, closing, seen

    told, closing, seen = run_async(scenario())
    assert told == {"room": {"shut": True}}
    assert closing["code"] == 4403
    assert seen["data"]["text"] == "Bara för anmälda"


def test_a_guests_phone_sent_to_an_activity_not_for_guests_goes_back_to_the_room(
    client, board, joined, olle_organiser
):
    """The phone follows the facilitator; an activity for registered participants only sends
    a guest back to the room's page, which says why and goes on following."""
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    guest_client(client, board.room)
    assert client.get(board.get_absolute_url()).status_code == 200
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=False)

    page = client.get(board.get_absolute_url(), follow=True)

    assert page.redirect_chain == [(board.room.get_absolute_url(), 302)]
    assert "Den här aktiviteten är för anmälda deltagare." in page.content.decode()
    state = client.get(f"/live/{board.room.code}/{board.pk}/state/")
    assert state.status_code == 403  # the page's script loads the page again, which says why
