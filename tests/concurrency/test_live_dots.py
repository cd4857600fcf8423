"""A person's last dot under concurrent requests: two votes sent at once for two notes, with one
dot left, give one vote. Real threads with their own connections to PostgreSQL; the check of the
dots is slowed so that both requests are inside their transactions at once. Without the lock on
the activity's row both votes would pass."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from larlabb.live import actions, rules
from larlabb.live.models import Activity, Vote
from tests.live.cast import make_activity

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the race test runs on PostgreSQL (CI runs the suite again with DATABASE_URL)")


def test_two_votes_at_once_with_one_dot_left_give_one_vote(
    olle_organiser, dialogue_item, joined, sanna, monkeypatch
):
    board = make_activity(
        olle_organiser,
        dialogue_item,
        Activity.Kind.DOT_VOTING,
        options=["A", "B", "C"],
        dots_per_person=2,
    )
    a, b, c = board.notes.order_by("position")
    actions.do_vote(participant=joined["sanna"], note=a, value=1)
    original = rules.dots_problem

    def slowed(**kwargs):
        problem = original(**kwargs)
        time.sleep(0.3)
        return problem

    monkeypatch.setattr(rules, "dots_problem", slowed)
    barrier = threading.Barrier(2)
    replies: list[dict] = []

    def vote(note) -> None:
        client = Client()
        client.force_login(sanna)
        barrier.wait()
        try:
            url = reverse("live:operation", kwargs={"code": board.room.code, "pk": board.pk})
            payload = {"op": "vote", "note": note.pk, "value": 1}
            replies.append(client.post(url, payload, content_type="application/json").json())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(note,)) for note in (b, c)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(reply["ok"] for reply in replies) == [False, True]
    assert Vote.objects.filter(participant=joined["sanna"]).count() == 2
