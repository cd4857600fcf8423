"""Where a process carries out its screens' operations: in a few threads of their own, and the
notes posted to one board at the same moment together.

Measured with bench/live_load.py (300 screens, two processes, this two-core machine), an
operation cost the database thread about 11 ms of CPU, most of it Django building queries,
and waited as long again for PostgreSQL and the other threads: one thread per process could
carry out about 30 a second where the room asked for 45. So:

- operations run in ``THREADS`` threads per process (their database connections are their
  own), so that one's wait for PostgreSQL is another's turn;
- the notes that screens of one process post to one board while an earlier batch of them is
  being written wait for it and are then written together (:func:`actions.do_add_notes`):
  one transaction, one lock, one statement for their events, one query for their
  membership. In a quiet room a batch is one note, and nothing waits."""

import asyncio
import contextlib
import functools
import logging
import os
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from channels.db import database_sync_to_async
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext as _

from larlabb.core.realtime import Outgoing, deferred_sends
from larlabb.live import actions, events, operations, queries
from larlabb.live.events import LiveError
from larlabb.live.hub import Hub, hub
from larlabb.live.models import Activity, Column, Room

log = logging.getLogger(__name__)

THREADS = int(os.environ.get("LIVE_OPERATION_THREADS", "3"))
# Votes' results are summed at most this often per activity and process (the latest replaces
# the earlier ones): in a full room every vote summed them for every screen.
TALLY_SECONDS = 0.25
_threads = ThreadPoolExecutor(THREADS, thread_name_prefix="live-operations")

Reply = dict[str, Any]


def close_connections() -> None:
    """Close the operations' threads' database connections, each in its own thread (before a
    test database is dropped: PostgreSQL refuses while one is open)."""
    everyone = threading.Barrier(THREADS)  # so that each thread takes one

    def close() -> None:
        connections.close_all()
        with contextlib.suppress(threading.BrokenBarrierError):
            everyone.wait(timeout=5)

    for closing in [_threads.submit(close) for _thread in range(THREADS)]:
        closing.result()


def in_thread(function: Any) -> Any:
    """``function`` made awaitable, to run in the operations' threads (closing old database
    connections before and after, as Channels does)."""
    return database_sync_to_async(function, thread_sensitive=False, executor=_threads)


@dataclass
class Screen:
    """What an operation needs of the screen that sent it."""

    viewer: queries.Viewer
    room: Room
    activity_id: int
    language: str
    participant_id: int | None  # a participant's screen (not a facilitator's or the projector's)


def perform(screen: Screen, message: dict[str, Any]) -> tuple[Reply, Outgoing]:
    """Carry out one operation (in an operations' thread). Returns the reply and the messages
    for the channel layer, which the caller sends from the event loop."""
    ref = message.get("ref")
    if not _still_in(screen, [screen.viewer.participant]):
        return {"ack": ref, "ok": False, "removed": True}, []
    with translation.override(screen.language), deferred_sends() as outgoing:
        try:
            # the actions lock and read the activity's row themselves
            activity = Activity(pk=screen.activity_id, room_id=screen.room.pk)
            result = operations.perform(
                screen.viewer, activity, str(message.get("op", "")), message, counted=True
            )
        except LiveError as error:
            return {"ack": ref, "ok": False, "error": error.message}, outgoing
        except (Activity.DoesNotExist, Room.DoesNotExist):
            return {"ack": ref, "ok": False, "error": _("The activity is gone.")}, outgoing
    return {"ack": ref, "ok": True, **result}, outgoing


def _still_in(screen: Screen, participants: list) -> bool:
    if not screen.participant_id or participants[0] is None:
        return True
    return participants[0].pk in queries.still_in_room_of(participants, screen.room)


def batches(message: dict[str, Any], screen: Screen) -> bool:
    """Whether an operation is a plain note in a column by a participant, which is written
    with the others of its moment."""
    return (
        message.get("op") == "note.add"
        and screen.participant_id is not None
        and screen.viewer.participant is not None
        and not screen.viewer.is_facilitator
        and set(message) <= {"op", "ref", "text", "column", "key"}
    )


@dataclass
class _Waiting:
    screen: Screen
    message: dict[str, Any]
    answer: asyncio.Future = field(repr=False)


class Notes:
    """The notes of one process's screens, by board, waiting for the batch before them."""

    def __init__(self) -> None:
        self.waiting: dict[int, list[_Waiting]] = {}
        self.writing: set[int] = set()

    async def add(self, screen: Screen, message: dict[str, Any]) -> Reply:
        answer = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(screen.activity_id, []).append(_Waiting(screen, message, answer))
        if screen.activity_id not in self.writing:
            self.writing.add(screen.activity_id)
            hub().start(self._write(screen.activity_id))
        return await answer

    async def _write(self, activity_id: int) -> None:
        try:
            while batch := self.waiting.pop(activity_id, None):
                try:
                    await self._write_batch(batch)
                except Exception as error:  # each waiting screen is told, and logs it
                    for waiting in batch:
                        if not waiting.answer.done():
                            waiting.answer.set_exception(error)
        finally:
            self.writing.discard(activity_id)

    async def _write_batch(self, batch: list[_Waiting]) -> None:
        try:
            answers, outgoing = await in_thread(write_notes)(batch)
        except Exception:
            if len(batch) == 1:
                raise
            # the batch was rolled back (such as two processes writing the same note sent
            # again): each note on its own, so that only the failing one fails
            log.exception("a batch of notes failed; writing them one by one")
            await self._one_by_one(batch)
            return
        await _answer(batch, answers, outgoing)

    async def _one_by_one(self, batch: list[_Waiting]) -> None:
        for waiting in batch:
            try:
                reply, outgoing = await in_thread(perform)(waiting.screen, waiting.message)
                await _answer([waiting], [reply], outgoing)
            except Exception as error:
                waiting.answer.set_exception(error)


async def _answer(batch: list[_Waiting], answers: list[Reply], outgoing: Outgoing) -> None:
    """Send what the committed notes send, then answer each screen (unless it went)."""
    try:
        await send_outgoing(hub(), outgoing)
    finally:
        for waiting, answer in zip(batch, answers, strict=True):
            if not waiting.answer.done():
                waiting.answer.set_result(answer)


def write_notes(batch: list[_Waiting]) -> tuple[list[Reply], Outgoing]:
    """Write a batch of notes to one board (in an operations' thread): the replies, and what
    the committed notes send."""
    screen = batch[0].screen
    people = [waiting.screen.viewer.participant for waiting in batch]
    staying = queries.still_in_room_of(people, screen.room)
    answers: list[Reply] = [{} for _waiting in batch]
    requests, placed = [], []
    activity = Activity(pk=screen.activity_id, room_id=screen.room.pk)
    columns = {column.pk: column for column in Column.objects.filter(activity=activity)}
    for i, waiting in enumerate(batch):
        message, ref = waiting.message, waiting.message.get("ref")
        participant = waiting.screen.viewer.participant
        if participant is None or participant.pk not in staying:
            answers[i] = {"ack": ref, "ok": False, "removed": True}
            continue
        with translation.override(waiting.screen.language):
            try:
                column = operations.column_of(activity, message, columns)
                key = operations.key_of(message)
                text = operations.text_of(message, "text")
            except LiveError as error:
                answers[i] = {"ack": ref, "ok": False, "error": error.message}
                continue
        requests.append(
            actions.NoteRequest(participant, text, column, key, waiting.screen.language)
        )
        placed.append(i)
    outgoing: Outgoing = []
    if requests:
        with deferred_sends() as outgoing:
            try:
                results = actions.do_add_notes(activity, requests)
            except Activity.DoesNotExist:
                results = [_gone(request.language) for request in requests]
        for i, result in zip(placed, results, strict=True):
            ref = batch[i].message.get("ref")
            if isinstance(result, LiveError):
                answers[i] = {"ack": ref, "ok": False, "error": result.message}
            else:
                answers[i] = {"ack": ref, "ok": True, "note": result.pk}
    return answers, outgoing


def _gone(language: str) -> LiveError:
    with translation.override(language):
        return LiveError(_("The activity is gone."))


_notes: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Notes]" = weakref.WeakKeyDictionary()


def notes() -> Notes:
    """The notes waiting in the running event loop (one per process; one per test)."""
    loop = asyncio.get_running_loop()
    if (found := _notes.get(loop)) is None:
        found = _notes[loop] = Notes()
    return found


async def send_outgoing(hub: Hub, outgoing: Outgoing) -> None:
    """Send what an operation's committed changes send: its events to every screen now, and
    its new results once per activity within ``TALLY_SECONDS`` (summed then, after every vote
    committed meanwhile)."""
    for group, message in outgoing:
        if message["type"] == events.TALLY_DUE:
            activity_id = message["activity"]
            hub.soon(
                ("tally", activity_id),
                TALLY_SECONDS,
                functools.partial(send_tally, hub, activity_id),
            )
        else:
            await hub.layer.group_send(group, message)


async def send_tally(hub: Hub, activity_id: int) -> None:
    outgoing = await in_thread(_tally)(activity_id)
    await send_outgoing(hub, outgoing)


def _tally(activity_id: int) -> Outgoing:
    with deferred_sends() as outgoing:
        activity = Activity.objects.filter(pk=activity_id).first()
        if activity is not None:
            actions.send_tally_now(activity)
    return outgoing
