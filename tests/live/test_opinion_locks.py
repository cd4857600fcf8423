"""Answers to an opinion map take the votes' lighter lock (PostgreSQL): an answer cannot slip
past the close of the activity (the second test fails without the lock), and one person's
answers to a statement at the same moment give one answer, neither refused nor failing."""

import threading
import time

import pytest
from django.db import connection, transaction

from larlabb.live import actions
from larlabb.live.actions import opinions as opinion_actions
from larlabb.live.events import LiveError, lock
from larlabb.live.models import Activity, Answer
from tests.live.cast import make_activity
from tests.live.test_vote_locks import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's (CI runs the suite again with DATABASE_URL)")


@pytest.fixture
def statement(olle_organiser, dialogue_item):
    opinions = make_activity(
        olle_organiser, dialogue_item, Activity.Kind.OPINIONS, options=["Vi behöver data"]
    )
    return opinions.notes.get()


def test_one_persons_answers_at_the_same_time_give_one_answer(statement, joined, monkeypatch):
    checked = opinion_actions._check_statement

    def slowly(activity, note):  # both have read that there is no answer before either stores
        time.sleep(0.3)
        checked(activity, note)

    monkeypatch.setattr(opinion_actions, "_check_statement", slowly)
    sanna = joined["sanna"]
    results = in_threads(
        lambda: actions.do_answer(participant=sanna, statement=statement, value=1),
        lambda: actions.do_answer(participant=sanna, statement=statement, value=-1),
    )
    assert sorted(results) == [-1, 1]  # neither refused nor failed
    assert Answer.objects.filter(participant=sanna).count() == 1


def test_an_answer_waits_for_the_close_and_is_then_refused(statement, joined):
    closing = threading.Event()

    def close():
        with transaction.atomic():
            lock(statement.activity_id)
            Activity.objects.filter(pk=statement.activity_id).update(status="closed")
            closing.set()
            time.sleep(0.5)  # the answer comes meanwhile

    def answer():
        closing.wait(10)
        return actions.do_answer(participant=joined["vera"], statement=statement, value=1)

    _nothing, refused = in_threads(close, answer)
    assert isinstance(refused, LiveError)
    assert str(refused) == "Aktiviteten är stängd."
    assert not Answer.objects.exists()
