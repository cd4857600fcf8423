"""A person's last vote under concurrent requests: two votes sent at once for two challenges,
with one vote left, give one vote. Real threads with their own connections to PostgreSQL;
the count of used votes is slowed so that both requests are inside their transactions at once.
Without the lock on the person's row both votes would pass."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from larlabb.missions import actions, queries
from larlabb.missions.models import ChallengeVote
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the race test runs on PostgreSQL (CI runs the suite again with DATABASE_URL)")


def test_two_votes_at_once_with_one_vote_left_give_one_vote(lab, region_skane, monkeypatch):
    voter = UserFactory(organisation=region_skane, email="voter@example.org")
    RegistrationFactory(lab=lab, person=voter, organisation=region_skane)
    challenges = [
        actions.do_propose_challenge(
            actor=voter,
            lab=lab,
            details=actions.ChallengeDetails(
                title=f"Utmaning {n}", description="…", scope="national"
            ),
        )
        for n in range(4)
    ]
    for challenge in challenges[:2]:
        actions.do_vote(actor=voter, challenge=challenge, vote=True)
    original = queries.votes_used

    def slowed(user, lab):
        used = original(user, lab)
        time.sleep(0.3)
        return used

    monkeypatch.setattr(queries, "votes_used", slowed)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def vote(challenge) -> None:
        client = Client()
        client.force_login(voter)
        barrier.wait()
        try:
            url = reverse("missions:challenge-vote", kwargs={"pk": challenge.pk})
            statuses.append(client.post(url, {"vote": "1"}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(c,)) for c in challenges[2:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302, 302]
    assert ChallengeVote.objects.filter(person=voter).count() == actions.VOTES_PER_PERSON
