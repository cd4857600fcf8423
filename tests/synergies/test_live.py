"""The results page fills in as scores arrive: a saved score tells the session's WebSocket
listeners, and only people who may see the session can listen."""

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import connections

from larlabb.routing import websocket_urlpatterns
from larlabb.synergies.actions import Entry, do_save_scores
from tests.conftest import run_async
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def listen(session, user) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/synergier/{session.pk}/"
    )
    communicator.scope["user"] = user
    return communicator


async def close_connections() -> None:
    """Close the database connection of the thread that runs the consumer's queries."""
    await sync_to_async(connections.close_all)()


def save_a_score(scorer, session, goals) -> None:
    """Save a score from another thread, as a request would, and close that thread's database
    connection (PostgreSQL refuses to drop the test database while one is open)."""
    try:
        do_save_scores(actor=scorer, session=session, row=goals[0], entries=[Entry(goals[1].pk, 2)])
    finally:
        connections.close_all()


def test_the_organisers_results_page_hears_a_new_score(session, scorers, sdgs, olle_organiser):
    sanna, _ = scorers

    async def scenario():
        communicator = listen(session, olle_organiser)
        connected, _ = await communicator.connect()
        assert connected
        await sync_to_async(save_a_score)(sanna, session, sdgs)
        message = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        await close_connections()
        return message

    assert run_async(scenario()) == {"event": "scores-changed"}


def test_someone_outside_the_lab_cannot_listen(session):
    outsider = UserFactory(email="x@example.org")

    async def scenario():
        communicator = listen(session, outsider)
        await communicator.connect()
        closing = await communicator.receive_output(timeout=5)
        await communicator.wait()
        await close_connections()
        return closing

    assert run_async(scenario()) == {"type": "websocket.close", "code": 4403}
