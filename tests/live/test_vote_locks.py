"""Votes take a lighter lock than the activity's whole one (PostgreSQL): the room's notes and
votes do not wait for each other, yet one person's votes are still counted against their dots
one at a time, and a vote cannot slip past the close of voting."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from larlabb.live import actions, rules
from larlabb.live.events import LiveError, lock
from larlabb.live.models import Activity, Vote

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's (CI runs the suite again with DATABASE_URL)")


@pytest.fixture
def voting(board, joined, olle_organiser):
    """The board open for voting with five dots a person, several on a note, and two notes."""
    Activity.objects.filter(pk=board.pk).update(dots_per_person=5, several_dots_per_note=True)
    notes = [
        actions.do_add_note(
            participant=joined["anders"], activity=board, text=t, column=board.columns.first()
        )
        for t in ("Gemensamma data", "Kompetens")
    ]
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    return notes


def in_threads(*functions) -> list:
    """Run each function in a thread of its own (each with its own connection); their results
    or the errors they raised, in order."""
    results: list = [None] * len(functions)

    def run(index, function):
        try:
            results[index] = function()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_one_persons_votes_at_the_same_time_stay_within_their_dots(voting, joined, monkeypatch):
    counted = rules.dots_problem

    def slowly(**kwargs):  # both votes have read what was used before either is stored
        time.sleep(0.3)
        return counted(**kwargs)

    monkeypatch.setattr(rules, "dots_problem", slowly)
    sanna = joined["sanna"]
    results = in_threads(
        lambda: actions.do_vote(participant=sanna, note=voting[0], value=3),
        lambda: actions.do_vote(participant=sanna, note=voting[1], value=3),
    )
    assert sum(isinstance(result, LiveError) for result in results) == 1
    assert sum(Vote.objects.filter(participant=sanna).values_list("value", flat=True)) == 3


def test_a_vote_waits_for_voting_to_close_and_is_then_refused(board, voting, joined):
    closing, closed = threading.Event(), threading.Event()

    def close_voting():
        with transaction.atomic():
            lock(board)
            Activity.objects.filter(pk=board.pk).update(voting_open=False)
            closing.set()
            time.sleep(0.5)  # the vote comes meanwhile
        closed.set()

    def vote():
        closing.wait(10)
        return actions.do_vote(participant=joined["vera"], note=voting[0], value=1)

    _nothing, refused = in_threads(close_voting, vote)
    assert isinstance(refused, LiveError)
    assert str(refused) == "Röstningen är inte öppen."
    assert not Vote.objects.filter(participant=joined["vera"]).exists()


def test_notes_and_votes_do_not_wait_for_each_other(board, voting, joined):
    """A note being added holds the activity (to number its event); a vote meanwhile goes
    through without waiting for it."""
    holding, voted = threading.Event(), threading.Event()

    def add_note_slowly():
        with transaction.atomic():
            lock(board, others_go_on=True)
            holding.set()
            return voted.wait(10)  # True when the vote went through while the note held

    def vote():
        holding.wait(10)
        actions.do_vote(participant=joined["sanna"], note=voting[1], value=2)
        voted.set()

    went_through, _nothing = in_threads(add_note_slowly, vote)
    assert went_through is True
    assert Vote.objects.get(participant=joined["sanna"]).value == 2


def test_notes_wait_for_each_other_only_to_be_numbered(board, joined):
    """A note on its way (checked, not yet numbered) does not hold up another note, which is
    numbered and committed meanwhile; the first is then numbered after it: numbers follow the
    commits."""
    checked, other_done = threading.Event(), threading.Event()
    column = board.columns.first()

    def add_note_slowly():
        with transaction.atomic():
            activity = lock(board, others_go_on=True)
            checked.set()
            went_past = other_done.wait(10)  # True when the other note went through meanwhile
            note = actions.NoteRequest(joined["sanna"], "Långsam", column, None, "sv")
            actions.do_add_notes(activity, [note])
            return went_past

    def add_note():
        checked.wait(10)
        actions.do_add_note(participant=joined["vera"], activity=board, text="Snabb", column=column)
        other_done.set()

    went_past, _nothing = in_threads(add_note_slowly, add_note)
    assert went_past is True
    numbered = list(board.events.order_by("seq").values_list("data__text", flat=True))
    assert numbered[-2:] == ["Snabb", "Långsam"]


def test_a_change_of_status_waits_for_a_note_on_its_way(board, joined, olle_organiser):
    """Closing the activity takes its whole lock: it waits for a note already checked."""
    checked, release = threading.Event(), threading.Event()
    closed_at: list[float] = []

    def add_note_slowly():
        with transaction.atomic():
            lock(board, others_go_on=True)
            checked.set()
            release.wait(10)
        return time.monotonic()

    def close():
        checked.wait(10)
        actions.do_set(actor=olle_organiser, activity=board, status="closed")
        closed_at.append(time.monotonic())

    def let_go():
        checked.wait(10)
        time.sleep(0.5)
        assert not closed_at  # still waiting for the note
        release.set()

    noted_at, _closed, waited = in_threads(add_note_slowly, close, let_go)
    assert waited is None  # the close had not gone through while the note held
    assert closed_at[0] >= noted_at
