"""Sending realtime messages to the screens of a channel-layer group, after the commit.

Only actions send, and only what their transaction committed: :func:`send_after_commit` holds
the message until the commit (and drops it on a rollback). The live room and the synergy maps'
results pages both send through here.
"""

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

Outgoing = list[tuple[str, dict[str, Any]]]

# Set by deferred_sends(): where send() leaves its messages for the caller to send.
_deferred: ContextVar[Outgoing | None] = ContextVar("realtime_deferred_sends", default=None)


def send_after_commit(group: str, message: dict[str, Any]) -> None:
    """Send ``message`` to ``group`` once the current transaction commits (at once outside
    one); a rolled-back change sends nothing."""
    transaction.on_commit(lambda: send(group, message))


@contextmanager
def deferred_sends() -> Iterator[Outgoing]:
    """Collect, as (group, message), what the changes made inside would send, for a caller on
    the event loop to send itself. A socket's operations run in the server's one thread for
    database work; sending from there would make that thread, and every operation queued
    behind it, wait until the busy event loop got round to the send."""
    outgoing: Outgoing = []
    token = _deferred.set(outgoing)
    try:
        yield outgoing
    finally:
        _deferred.reset(token)


def deferring() -> bool:
    """Whether sends are left to a caller of :func:`deferred_sends` (a screen's operation)."""
    return _deferred.get() is not None


def send(group: str, message: dict[str, Any]) -> None:
    """Send ``message`` to ``group`` now (or leave it to the caller of :func:`deferred_sends`).
    Actions run in sync threads (a request's, or one that a consumer lent them), where this
    goes through the server's event loop; a caller in a thread that runs an event loop of its
    own gets the send done from a helper thread."""
    outgoing = _deferred.get()
    if outgoing is not None:
        outgoing.append((group, message))
        return
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(layer.group_send)(group, message)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(async_to_sync(layer.group_send), group, message).result()
