"""The opinion map in the room: statements seeded by the facilitator or written by participants
(who wait for approval), answered agree, disagree or pass, one answer per person and
statement; every rule enforced on the server."""

import asyncio

import pytest

from larlabb.live import actions, events, operations, queries
from larlabb.live.events import LiveError
from larlabb.live.models import Activity, Answer, Note
from tests.live.cast import make_activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

SEEDED = ["Regionerna bör äga kompetensfrågan", "Myndigheterna lyssnar på regionerna"]


@pytest.fixture
def opinions(olle_organiser, dialogue_item):
    return make_activity(olle_organiser, dialogue_item, Activity.Kind.OPINIONS, options=SEEDED)


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, dict]]:
    """What the actions would send after their commits."""
    kept: list[tuple[str, dict]] = []
    monkeypatch.setattr(events, "send_after_commit", lambda group, msg: kept.append((group, msg)))
    return kept


def statements(activity):
    return list(Note.objects.filter(activity=activity).order_by("position", "pk"))


def viewer(participant, *, facilitator=False):
    return queries.Viewer(participant.user, participant, facilitator, True)


def answers():
    return sorted(Answer.objects.values_list("participant__name", "statement__text", "value"))


def test_the_facilitator_seeds_statements_that_the_room_sees_at_once(opinions, joined):
    state = queries.activity_state(viewer(joined["sanna"]), opinions)
    assert [n["text"] for n in state["notes"]] == SEEDED
    assert state["activity"]["vote_mode"] == ""
    assert state["opinions"]["mine"] == {}


def test_a_participant_answers_and_may_change_the_answer(opinions, joined, sent):
    first, second = statements(opinions)
    actions.do_answer(participant=joined["sanna"], statement=first, value=1)
    actions.do_answer(participant=joined["sanna"], statement=first, value=-1)
    actions.do_answer(participant=joined["sanna"], statement=second, value=0)
    assert answers() == [
        ("Sanna Skåning", SEEDED[1], 0),
        ("Sanna Skåning", SEEDED[0], -1),
    ]
    state = queries.activity_state(viewer(joined["sanna"]), opinions)
    assert state["opinions"]["mine"] == {first.pk: -1, second.pk: 0}
    assert len(sent) == 3  # the screens are told the map changed, once per change
    tallies = [message for _group, message in sent]
    assert all(m["type"] == "live.tally" and m["phones"] is False for m in tallies)


def test_the_same_answer_again_changes_nothing_and_tells_nobody(opinions, joined, sent):
    first = statements(opinions)[0]
    actions.do_answer(participant=joined["sanna"], statement=first, value=1)
    actions.do_answer(participant=joined["sanna"], statement=first, value=1)
    assert len(sent) == 1
    assert Answer.objects.count() == 1


@pytest.mark.parametrize("value", [2, -2, 5, 100])
def test_an_answer_is_agree_disagree_or_pass_only(opinions, joined, value):
    with pytest.raises(LiveError, match="agree, disagree or pass"):
        actions.do_answer(
            participant=joined["sanna"], statement=statements(opinions)[0], value=value
        )
    assert not Answer.objects.exists()


def test_the_database_refuses_any_other_value(opinions, joined):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            activity=opinions,
            statement=statements(opinions)[0],
            participant=joined["sanna"],
            value=3,
        )


def test_a_closed_or_draft_map_accepts_no_answers(opinions, joined, olle_organiser, dialogue_item):
    actions.do_set(actor=olle_organiser, activity=opinions, status="closed")
    with pytest.raises(LiveError, match="closed"):
        actions.do_answer(participant=joined["sanna"], statement=statements(opinions)[0], value=1)
    draft = make_activity(
        olle_organiser, dialogue_item, Activity.Kind.OPINIONS, open=False, options=SEEDED
    )
    with pytest.raises(LiveError, match="not started"):
        actions.do_answer(participant=joined["sanna"], statement=statements(draft)[0], value=1)
    assert not Answer.objects.exists()


def test_a_guest_answers_only_where_guests_are_allowed(opinions, room, olle_organiser):
    actions.do_set(actor=olle_organiser, activity=opinions, allow_guests=True)
    guest = actions.do_join_as_guest(room=room, name="Greta", side="other")
    actions.do_set(actor=olle_organiser, activity=opinions, allow_guests=False)
    with pytest.raises(LiveError, match="registered participants"):
        actions.do_answer(participant=guest, statement=statements(opinions)[0], value=1)
    assert not Answer.objects.exists()


def test_someone_of_another_room_cannot_answer(opinions, joined, other_organiser, lab):
    from tests.factories import ProgramItemFactory, WorkshopFactory

    elsewhere = actions.get_or_create_room(WorkshopFactory(lab=lab, number=2))
    stranger = actions.do_join(user=joined["sanna"].user, room=elsewhere)
    with pytest.raises(LiveError, match="not in this room"):
        actions.do_answer(participant=stranger, statement=statements(opinions)[0], value=1)
    assert ProgramItemFactory  # the factory module is the cast's
    assert not Answer.objects.exists()


def test_a_participants_statement_waits_for_the_facilitators_approval(
    opinions, joined, olle_organiser
):
    own = actions.do_add_note(participant=joined["anders"], activity=opinions, text="Ny fråga")
    assert own.hidden
    others = queries.activity_state(viewer(joined["vera"]), opinions)
    assert {"id": own.pk, "hidden": True} in others["notes"]
    assert "Ny fråga" not in str(others)
    author = queries.activity_state(viewer(joined["anders"]), opinions)
    assert author["opinions"]["waiting"] == [{"id": own.pk, "text": "Ny fråga"}]
    event = opinions.events.order_by("-seq").first()
    assert "Ny fråga" not in events.message_text(event.seq, event.kind, event.data, events.ROOM)
    assert "Ny fråga" in events.message_text(event.seq, event.kind, event.data, events.FACILITATOR)
    with pytest.raises(LiveError, match="cannot be answered"):
        actions.do_answer(participant=joined["vera"], statement=own, value=1)
    actions.do_hide_note(actor=olle_organiser, note=own, hidden=False)  # approved
    actions.do_answer(participant=joined["vera"], statement=own, value=1)
    seen = queries.activity_state(viewer(joined["vera"]), opinions)
    assert "Ny fråga" in [n.get("text") for n in seen["notes"]]


def test_only_a_facilitator_approves_a_statement(opinions, joined):
    own = actions.do_add_note(participant=joined["anders"], activity=opinions, text="Ny fråga")
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_hide_note(actor=joined["anders"].user, note=own, hidden=False)
    own.refresh_from_db()
    assert own.hidden


def test_a_facilitators_statement_needs_no_approval(opinions, room, olle_organiser):
    facilitator = actions.do_join(user=olle_organiser, room=room)
    added = actions.do_add_note(participant=facilitator, activity=opinions, text="Tredje")
    assert not added.hidden


def test_the_author_changes_a_statement_only_while_it_waits(opinions, joined, olle_organiser):
    own = actions.do_add_note(participant=joined["anders"], activity=opinions, text="Utkast")
    actions.do_edit_note(participant=joined["anders"], note=own, text="Bättre")
    actions.do_hide_note(actor=olle_organiser, note=own, hidden=False)
    with pytest.raises(LiveError, match="can no longer change"):
        actions.do_edit_note(participant=joined["anders"], note=own, text="Ändrad i smyg")
    with pytest.raises(LiveError, match="can no longer change"):
        actions.do_delete_note(participant=joined["anders"], note=own)
    own.refresh_from_db()
    assert own.text == "Bättre"


def test_a_locked_map_takes_no_new_statements_but_answers(opinions, joined, olle_organiser):
    actions.do_set(actor=olle_organiser, activity=opinions, locked=True)
    with pytest.raises(LiveError, match="locked"):
        actions.do_add_note(participant=joined["anders"], activity=opinions, text="Sent")
    actions.do_answer(participant=joined["anders"], statement=statements(opinions)[0], value=1)
    assert Answer.objects.count() == 1


def test_the_operation_answers_only_statements_of_its_own_activity(
    opinions, joined, olle_organiser, dialogue_item
):
    other = make_activity(olle_organiser, dialogue_item, Activity.Kind.OPINIONS, options=SEEDED)
    person = viewer(joined["sanna"])
    with pytest.raises(LiveError, match="gone"):
        operations.perform(
            person, opinions, "answer", {"statement": statements(other)[0].pk, "value": 1}
        )
    with pytest.raises(LiveError, match="incomplete"):
        operations.perform(person, opinions, "answer", {"statement": "x", "value": 1})
    reply = operations.perform(
        person, opinions, "answer", {"statement": statements(opinions)[0].pk, "value": "-1"}
    )
    assert reply == {"answer": {"statement": statements(opinions)[0].pk, "value": -1}}


def test_answers_are_not_votes_elsewhere(olle_organiser, dialogue_item, joined):
    poll = make_activity(olle_organiser, dialogue_item, Activity.Kind.POLL, options=SEEDED)
    with pytest.raises(LiveError, match="no statements"):
        actions.do_answer(participant=joined["sanna"], statement=statements(poll)[0], value=1)


def test_the_room_sees_the_map_only_once_it_is_revealed(opinions, joined, olle_organiser):
    actions.do_answer(participant=joined["sanna"], statement=statements(opinions)[0], value=1)
    assert not queries.activity_state(viewer(joined["vera"]), opinions)["opinions"]["shown"]
    facilitator = queries.Viewer(olle_organiser, None, True, True)
    assert queries.activity_state(facilitator, opinions)["opinions"]["shown"]
    actions.do_set(actor=olle_organiser, activity=opinions, revealed=True)
    assert queries.activity_state(viewer(joined["vera"]), opinions)["opinions"]["shown"]


@pytest.mark.parametrize(
    ("role", "presenter", "public", "told"),
    [
        (events.FACILITATOR, False, False, True),
        (events.ROOM, True, True, True),  # the big screen, once the map is shown
        (events.ROOM, True, False, False),
        (events.ROOM, False, True, False),  # a phone fetches the map when it loads the page
    ],
)
def test_a_changed_map_is_told_to_facilitators_and_the_big_screen(role, presenter, public, told):
    from django.contrib.auth.models import AnonymousUser

    from larlabb.live import consumers
    from larlabb.live.consumers import ActivityConsumer
    from larlabb.live.hub import hub
    from tests.conftest import run_async

    consumer = ActivityConsumer()
    consumer.role = role
    is_facilitator = role == events.FACILITATOR
    consumer.viewer = queries.Viewer(
        AnonymousUser(), None, is_facilitator, True, is_presenter=presenter
    )
    got: list[str] = []

    async def send(text_data: str) -> None:
        got.append(text_data)

    consumer.send = send  # type: ignore[method-assign]
    message = {"type": "live.tally", "public": public, "phones": False, "text": "{}"}

    async def hear_and_flush() -> None:
        consumer.hub, consumer.outbox, consumer.sending = hub(), [], asyncio.Lock()
        consumer.live_tally(message)
        await asyncio.sleep(consumers.BATCH_SECONDS * 4)  # the hub sends the next frames

    run_async(hear_and_flush())
    assert got == (["{}"] if told else [])


def test_a_statement_hidden_again_leaves_the_map(opinions, joined, olle_organiser):
    from larlabb.live.opinion_map import opinion_map

    first, second = statements(opinions)
    actions.do_answer(participant=joined["sanna"], statement=first, value=1)
    actions.do_answer(participant=joined["sanna"], statement=second, value=1)
    assert opinion_map(opinions).statements == 2
    actions.do_hide_note(actor=olle_organiser, note=second, hidden=True)
    opinions.refresh_from_db()
    found = opinion_map(opinions)
    assert (found.statements, found.answers) == (1, 1)
