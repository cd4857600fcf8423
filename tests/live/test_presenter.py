"""The presenter screen and the room's day (issue 17), on the server: the big screen is a viewer
of its own that shows the room and never a person and cannot act; the secret presenter link
opens it without logging in until the facilitator makes a new one or stops it; only
facilitators run the timer, the big screen's pages and the activity shown; a ranking's
results carry the places each option was given."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from larlabb.live import actions, queries, rules
from larlabb.live.events import LiveError
from larlabb.live.models import Activity, Room
from tests.conftest import run_async
from tests.factories import RegistrationFactory
from tests.live.cast import make_activity
from tests.live.test_realtime import close_connections, in_thread, load, screen, until

pytestmark = pytest.mark.django_db


def test_a_ranking_spread_is_the_best_and_worst_place_given():
    rankings = {1: [10, 20, 30], 2: [20, 10, 30], 3: [10, 30]}
    assert rules.rank_spread(rankings) == {10: [1, 2], 20: [1, 2], 30: [2, 3]}
    assert rules.rank_spread({}) == {}


def test_the_timer_is_told_in_seconds_left_and_goes_five_minutes_after_its_end(room):
    now = timezone.now()
    assert queries.timer_data(room, now) is None
    room.timer_ends, room.timer_seconds = now + timedelta(seconds=90), 120
    assert queries.timer_data(room, now) == {"left": 90.0, "total": 120}
    assert queries.timer_data(room, now + timedelta(seconds=100)) == {"left": 0.0, "total": 120}
    assert queries.timer_data(room, now + timedelta(seconds=90 + 301)) is None


def test_only_facilitators_run_the_timer_within_four_hours(room, olle_organiser, sanna, in_english):
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_start_timer(actor=sanna, room=room, seconds=60)
    for seconds in (0, -5, 4 * 3600 + 1):
        with pytest.raises(LiveError, match="between one second and four hours"):
            actions.do_start_timer(actor=olle_organiser, room=room, seconds=seconds)
    room.refresh_from_db()
    assert room.timer_ends is None
    actions.do_start_timer(actor=olle_organiser, room=room, seconds=300)
    room.refresh_from_db()
    assert room.timer_seconds == 300
    with pytest.raises(LiveError):
        actions.do_stop_timer(actor=sanna, room=room)
    actions.do_stop_timer(actor=olle_organiser, room=room)
    room.refresh_from_db()
    assert (room.timer_ends, room.timer_seconds) == (None, None)


def test_only_facilitators_turn_the_big_screens_pages_and_make_its_link(
    room, olle_organiser, sanna
):
    for act in (
        lambda actor: actions.do_page_presenter(actor=actor, room=room, command="next"),
        lambda actor: actions.do_new_presenter_link(actor=actor, room=room),
        lambda actor: actions.do_revoke_presenter_link(actor=actor, room=room),
    ):
        with pytest.raises(LiveError):
            act(sanna)
    with pytest.raises(LiveError):
        actions.do_page_presenter(actor=olle_organiser, room=room, command="explode")
    assert Room.objects.get(pk=room.pk).presenter_key == ""


def test_the_big_screens_state_has_nobodys_own_state(client, lab, board, joined, olle_organiser):
    RegistrationFactory(
        lab=lab, person=olle_organiser, organisation=olle_organiser.organisation, status="confirmed"
    )
    me = actions.do_join(user=olle_organiser, room=board.room)
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    note = actions.do_add_note(
        participant=me, activity=board, text="Min egen", column=board.columns.first()
    )
    actions.do_vote(participant=me, note=note, value=1)
    client.force_login(olle_organiser)
    url = f"/live/{board.room.code}/{board.pk}/state/"
    own = client.get(url).json()
    assert own["me"]["id"] == me.pk
    assert own["mine"]["votes"]
    wall = client.get(url, {"projector": 1}).json()
    assert wall["me"] is None
    assert wall["mine"] == {"notes": [], "votes": {}}
    assert wall["totals"] is None  # the room sees the results once they are revealed
    page = client.get(f"/live/{board.room.code}/{board.pk}/projektor/")
    assert page.context["state"]["me"] is None
    assert "<button" not in page.content.decode().split('id="live-tpl-')[0]
    assert 'rel="icon"' in page.content.decode()  # not a request for /favicon.ico, a 404


def test_the_presenter_link_opens_the_big_screen_without_logging_in_until_it_is_stopped(
    client, board, olle_organiser
):
    room = board.room
    assert client.get(f"/live/{room.code}/skarm/x/").status_code == 404  # no link yet
    key = actions.do_new_presenter_link(actor=olle_organiser, room=room)
    link = f"/live/{room.code}/skarm/{key}/"
    waiting = client.get(link)
    assert waiting.status_code == 200
    assert "live/presenter_waiting.html" in [t.name for t in waiting.templates]
    actions.do_present(actor=olle_organiser, room=room, activity=board)
    shown = client.get(link)
    assert shown.status_code == 200
    assert shown.context["activity"] == board
    state = f"/live/{room.code}/{board.pk}/state/"
    assert client.get(state, {"projector": 1, "key": key}).json()["activity"]["id"] == board.pk
    wrong = key[:-1] + ("y" if key.endswith("x") else "x")  # one character off
    assert client.get(state, {"projector": 1, "key": wrong}).status_code in (302, 403)
    assert client.get(f"/live/{room.code}/skarm/{wrong}/").status_code == 404
    # a new link stops the old one; stopping it stops it
    new = actions.do_new_presenter_link(actor=olle_organiser, room=room)
    assert client.get(link).status_code == 404
    actions.do_revoke_presenter_link(actor=olle_organiser, room=room)
    assert client.get(f"/live/{room.code}/skarm/{new}/").status_code == 404


def test_the_presenter_link_manages_only_for_facilitators(client, board, sanna, olle_organiser):
    url = f"/live/{board.room.code}/{board.pk}/skarmlank/"
    client.force_login(sanna)
    assert client.post(url, {"action": "new"}).status_code == 403
    assert Room.objects.get(pk=board.room.pk).presenter_key == ""
    client.force_login(olle_organiser)
    assert client.post(url, {"action": "new"}).status_code == 302
    assert Room.objects.get(pk=board.room.pk).presenter_key
    client.post(url, {"action": "revoke"})
    assert Room.objects.get(pk=board.room.pk).presenter_key == ""


def test_the_activity_shown_next_must_be_in_the_room(client, board, olle_organiser, dialogue_item):
    poll = make_activity(olle_organiser, dialogue_item, Activity.Kind.POLL, options=["Ja", "Nej"])
    client.force_login(olle_organiser)
    op = f"/live/{board.room.code}/{board.pk}/op/"
    reply = client.post(op, {"op": "present", "activity": poll.pk}, content_type="application/json")
    assert reply.json()["ok"] is True
    assert Room.objects.get(pk=board.room.pk).current_id == poll.pk
    reply = client.post(op, {"op": "present", "activity": 999_999}, content_type="application/json")
    assert reply.json()["ok"] is False
    assert Room.objects.get(pk=board.room.pk).current_id == poll.pk


@pytest.mark.django_db(transaction=True)
def test_the_presenters_socket_shows_the_room_and_cannot_act(board, joined, olle_organiser):
    key = actions.do_new_presenter_link(actor=olle_organiser, room=board.room)
    load(board)

    async def scenario():
        wall = screen(board, AnonymousUser(), projector=True)
        wall.scope["query_string"] = f"since={board.seq}&projector=1&key={key}".encode()
        connected, _ = await wall.connect()
        await wall.send_to(text_data=json.dumps({"op": "set", "ref": "s", "status": "closed"}))
        refused = await until(wall, lambda m: m.get("ack") == "s")
        await in_thread(actions.do_start_timer, actor=olle_organiser, room=board.room, seconds=60)
        timer = await until(wall, lambda m: "room" in m)
        await wall.disconnect()
        stranger = screen(board, AnonymousUser(), projector=True)
        stranger.scope["query_string"] = f"since={board.seq}&projector=1&key=wrong".encode()
        await stranger.connect()
        closing = await stranger.receive_output(timeout=5)
        await close_connections()
        return connected, refused, timer, closing

    connected, refused, timer, closing = run_async(scenario())
    assert connected
    assert refused["ok"] is False
    assert timer["room"]["timer"]["total"] == 60
    assert closing == {"type": "websocket.close", "code": 4403}
    board.refresh_from_db()
    assert board.status == "open"


def test_showing_an_activity_not_yet_started_opens_it_and_a_closed_one_stays_closed(
    room, olle_organiser, dialogue_item
):
    draft = make_activity(olle_organiser, dialogue_item, Activity.Kind.BOARD, open=False)
    closed = make_activity(olle_organiser, dialogue_item, Activity.Kind.BOARD)
    actions.do_set(actor=olle_organiser, activity=closed, status="closed")
    actions.do_present(actor=olle_organiser, room=room, activity=Activity(pk=draft.pk, room=room))
    draft.refresh_from_db()
    assert draft.status == "open"
    actions.do_present(actor=olle_organiser, room=room, activity=Activity(pk=closed.pk, room=room))
    closed.refresh_from_db()
    assert closed.status == "closed"
    assert Room.objects.get(pk=room.pk).current_id == closed.pk


def test_the_link_shows_no_activity_not_yet_started_and_a_strange_key_is_only_wrong(
    client, board, olle_organiser, dialogue_item
):
    draft = make_activity(
        olle_organiser, dialogue_item, Activity.Kind.POLL, open=False, options=["Ja", "Nej"]
    )
    key = actions.do_new_presenter_link(actor=olle_organiser, room=board.room)
    state = f"/live/{board.room.code}/{{}}/state/"
    assert client.get(state.format(board.pk), {"projector": 1, "key": key}).status_code == 200
    assert client.get(state.format(draft.pk), {"projector": 1, "key": key}).status_code == 403
    assert client.get(f"/live/{board.room.code}/skarm/å/").status_code == 404
    assert client.get(state.format(board.pk), {"projector": 1, "key": "å"}).status_code in (
        302,
        403,
    )
    # a facilitator's own big screen may show a draft (to prepare it)
    client.force_login(olle_organiser)
    assert client.get(state.format(draft.pk), {"projector": 1}).status_code == 200


def test_a_ranking_tally_carries_the_places_given(board, joined, olle_organiser, dialogue_item):
    ranking = make_activity(
        olle_organiser, dialogue_item, Activity.Kind.RANKING, options=["A", "B"]
    )
    a, b = list(ranking.notes.order_by("pk"))
    actions.do_set(actor=olle_organiser, activity=ranking, voting_open=True)
    actions.do_rank(participant=joined["sanna"], activity=ranking, order=[a.pk, b.pk])
    actions.do_rank(participant=joined["anders"], activity=ranking, order=[b.pk, a.pk])
    tally = queries.tally_data(ranking)
    assert tally == {
        "totals": {a.pk: 1, b.pk: 1},
        "voters": 2,
        "spread": {a.pk: [1, 2], b.pk: [1, 2]},
    }


@pytest.mark.django_db(transaction=True)
def test_a_new_link_or_a_stop_closes_the_screens_open_on_the_old_one(board, joined, olle_organiser):
    key = actions.do_new_presenter_link(actor=olle_organiser, room=board.room)
    load(board)

    async def scenario():
        closings = []
        for act in (actions.do_new_presenter_link, actions.do_revoke_presenter_link):
            current = await in_thread(lambda: Room.objects.get(pk=board.room.pk).presenter_key)
            wall = screen(board, AnonymousUser(), projector=True)
            wall.scope["query_string"] = f"since={board.seq}&projector=1&key={current}".encode()
            assert (await wall.connect())[0]
            await in_thread(act, actor=olle_organiser, room=board.room)
            output = await wall.receive_output(timeout=5)
            while output["type"] != "websocket.close":  # what the screen heard before
                output = await wall.receive_output(timeout=5)
            closings.append(output)
        await close_connections()
        return closings

    assert key
    assert run_async(scenario()) == [{"type": "websocket.close", "code": 4403}] * 2


@pytest.mark.django_db(transaction=True)
def test_the_facilitators_own_big_screen_cannot_act_either(board, joined, olle_organiser):
    load(board)

    async def scenario():
        wall = screen(board, olle_organiser, projector=True)
        await wall.connect()
        await wall.send_to(text_data=json.dumps({"op": "set", "ref": "s", "status": "closed"}))
        reply = await until(wall, lambda m: m.get("ack") == "s")
        await wall.disconnect()
        await close_connections()
        return reply

    reply = run_async(scenario())
    assert reply == {"ack": "s", "ok": False, "error": "Storskärmen visar bara rummet."}
    board.refresh_from_db()
    assert board.status == "open"
