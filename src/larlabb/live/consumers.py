"""The WebSocket of a live activity's screen. It only authenticates, checks access, joins the
activity's group (through the process's hub, :mod:`larlabb.live.hub`) and hands incoming
operations to the same code as HTTP (through :mod:`larlabb.live.writer`); events reach it from
the actions after their commit.

A screen connects with ``?since=N``, the number of the last event its state includes, and gets
every later event exactly once and in order: the ones it missed from the database, then the
live ones (an event that overtakes an earlier one on the way is preceded by the ones between,
read from the database).

Events are sent in batches: the ones that arrive within ``BATCH_SECONDS`` of each other go to
a screen as one frame, a JSON array (a lone event goes as itself), with the latest results if
new ones came. In a full room most of the server's work is sending frames, and the replies to
a screen's own operations wait behind them; measured with 150 screens (bench/live_load.py),
batching cut that work by half."""

import asyncio
import contextlib
import json
import logging
import uuid
from collections import deque
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from larlabb.core.language import choose_language
from larlabb.core.limits import Limit, aallow
from larlabb.live import events, operations, queries, writer
from larlabb.live.hub import Hub, hub
from larlabb.live.models import Room
from larlabb.service import metrics

FORBIDDEN = 4403
TOO_MANY = 4429  # the screen tries again after a while (core/socket.js)
BEHIND = 4408  # the screen fell too far behind: it reconnects and catches up from its number
MAX_MESSAGE = 16_000
BATCH_SECONDS = 0.05
# An event that overtook earlier ones on the way (another process committed them a moment
# before, and its message is still coming) is held this long for them before the screen reads
# them from the database: in a full room nearly every gap closes by itself within it.
GAP_SECONDS = 0.3
# The most events a screen may have waiting to be sent. A screen (or its network) that cannot
# keep up past this is closed with BEHIND, reconnects, and is sent what it missed from the
# database: its events are never dropped, and it no longer holds the process's memory.
MAX_BEHIND = 2_000
# The most operations of one screen waiting to be carried out; more are refused as too fast.
MAX_WAITING_OPERATIONS = 50

# Reads of missed events in progress in this process, by (activity, since, until, role): the
# screens of a process that miss the same events wait for one read instead of one each.
_reads: dict[tuple[int, int, int, str], asyncio.Future[list[str]]] = {}

log = logging.getLogger(__name__)


async def read_missed(activity_id: int, since: int, until: int, role: str) -> list[str]:
    """The texts of the activity's events ``since`` < n <= ``until`` for ``role``, read once
    in this process for every screen that asks for the same while the read is on. Only a
    bounded read is shared: every event up to ``until`` is committed, so a read that began
    before the asker joined the group still has them all. The read is a task of its own, so
    that a screen that goes away (and cancels its wait) does not cancel it for the others."""
    key = (activity_id, since, until, role)
    reading = _reads.get(key)
    if reading is None:
        reading = asyncio.ensure_future(
            database_sync_to_async(events.events_since)(activity_id, since, role, until)
        )
        _reads[key] = reading
        reading.add_done_callback(lambda _done: _reads.pop(key, None))
    return await asyncio.shield(reading)


class LiveConsumer(AsyncWebsocketConsumer):
    """The groups' messages reach the screen from the process's hub (:mod:`larlabb.live.hub`),
    by a plain call of :meth:`hear`, not through a channel of its own. The screen's own
    messages go straight to their handlers: Channels would first close old database
    connections in the process's one thread for database work, and so queue every message of
    every screen behind the room's writes (the operations close them in that thread anyway).

    A screen opened through the room's presenter link (``link_key``) is closed as soon as the
    facilitator makes a new link or stops it."""

    room_id: int
    link_key = ""
    participant_id: int | None = None  # the person or guest whose screen this is
    facilitator_id: int | None = None  # the user who runs the room from this screen
    removed = False  # their membership ended: the screen hears and does nothing more
    counted = False  # among the open sockets of the metrics
    closing: asyncio.Task | None = None  # closing a screen that fell too far behind
    channel_layer_alias = None  # the hub hears the groups for every screen of the process
    hub: Hub
    groups_joined: list[str]

    async def join(self, *groups: str) -> None:
        self.hub, self.groups_joined = hub(), list(groups)
        for group in groups:
            await self.hub.join(group, self)

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.hub.leave(group, self)

    def hear(self, message: dict[str, Any]) -> None:
        """A message of the screen's groups (from the hub: it must not wait)."""
        kind = message["type"]
        if kind == "live.event":
            self.live_event(message)
        elif kind == "live.tally":
            self.live_tally(message)
        elif kind in ("live.room", "live.removed"):
            self.hub.start(self._news(message))

    async def _news(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):  # the screen may have gone meanwhile
            if message["type"] == "live.room":
                await self.live_room(message)
            else:
                await self.live_removed(message)

    def lost(self) -> None:
        """The process stopped hearing the screen's groups: close it, so that it reconnects
        (and catches up)."""
        self.removed = True
        self.closing = asyncio.create_task(self._close_quietly(BEHIND))

    async def _close_quietly(self, code: int) -> None:
        with contextlib.suppress(Exception):  # it may have gone already
            await self.close(code=code)

    async def flush(self) -> None:
        """Send what waits (nothing, but for an activity's screen)."""

    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        await super().accept(subprotocol, headers)
        if not self.counted:
            self.counted = True
            metrics.live_socket_opened()

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        if self.counted:
            self.counted = False
            metrics.live_socket_closed()
        await super().websocket_disconnect(message)

    async def dispatch(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "websocket.receive":  # the operations close old connections themselves
            await self.websocket_receive(message)
        elif kind == "websocket.disconnect":
            await self.websocket_disconnect(message)
        else:
            await super().dispatch(message)

    def live_event(self, event: dict[str, Any]) -> None:
        """A numbered event (only screens of an activity hear them)."""

    def live_tally(self, event: dict[str, Any]) -> None:
        """Results (only screens of an activity hear them)."""

    async def live_room(self, event: dict[str, Any]) -> None:
        news = event["news"]
        if "presenter" in news and self.link_key and not await self._link_opens():
            await self.close(code=FORBIDDEN)
            return
        await self.send(text_data=json.dumps({"room": news}, ensure_ascii=False))

    guest = False  # a guest's screen (not a registered person's)

    async def live_removed(self, message: dict[str, Any]) -> None:
        """Membership ended (removed by a facilitator, registration cancelled, the room's code
        closed for guests), or the activity no longer allows guests (``guests``, to its
        group): the screen is told, and closed before it can do anything more."""
        users, participants = message.get("users", ()), message.get("participants", ())
        facilitator = self.facilitator_id is not None and self.facilitator_id in users
        if message.get("guests"):
            shut_out = self.guest and self.participant_id is not None
            news = {"shut": True}  # the page loads again, and the room's page says why
        else:
            shut_out = facilitator or (
                self.participant_id is not None and self.participant_id in participants
            )
            news = {"removed": True}
        if shut_out:
            self.participant_id = None
            self.removed = True
            await self.send(text_data=json.dumps({"room": news}))
            await self.close(code=FORBIDDEN)

    @database_sync_to_async
    def _link_opens(self) -> bool:
        room = Room.objects.filter(pk=self.room_id).first()
        return room is not None and queries.presenter_link_opens(room, self.link_key)


class ActivityConsumer(LiveConsumer):
    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        self.screen_key = uuid.uuid4().hex  # counts this screen's catch-ups when no one's
        self.language = choose_language(self.scope.get("cookies", {}), self.scope.get("user"))
        query = parse_qs(self.scope.get("query_string", b"").decode())
        presenter = query.get("projector") == ["1"]
        key = query.get("key", [""])[0]
        found = await self._open(kwargs["code"], int(kwargs["pk"]), presenter, key)
        if not found:
            await self.accept()  # so that the screen hears why, and stops trying
            await self.close(code=FORBIDDEN)
            return
        try:
            since = int(query.get("since", [""])[0])
        except ValueError:
            since = self.activity_seq
        self.last_sent = max(since, 0)
        if self.last_sent < self.activity_seq and not await self._may_sync():
            # a replay on connecting counts as a catch-up: reconnecting cannot flood the room
            await self.accept()
            await self.close(code=TOO_MANY)
            return
        self.outbox: list[str] = []
        self.tally = ""  # the latest results not yet sent
        self.held: dict[int, str] = {}  # events that came before earlier ones, by number
        self.filler: asyncio.Task | None = None
        self.operations: deque[dict[str, Any]] = deque()  # the screen's, not yet carried out
        self.operator: asyncio.Task | None = None
        self.sending = asyncio.Lock()
        await self.join(events.activity_group(self.activity_id), events.room_group(self.room_id))
        await self.accept()
        await self._send_since(self.last_sent)
        # the room as it is now, read after joining its group: a timer started or stopped, or
        # another activity shown, while the page was loading is not missed ("quiet": the
        # screen shows it without saying it)
        await self.send(text_data=json.dumps({"room": await self._room_now()}))

    @database_sync_to_async
    def _room_now(self) -> dict[str, Any]:
        room = Room.objects.only("current_id", "timer_ends", "timer_seconds").get(pk=self.room_id)
        now: dict[str, Any] = {"timer": queries.timer_data(room), "quiet": True}
        if self.viewer.by_link:  # the link's screen shows what is shown now
            now["current"] = room.current_id
        return now

    @database_sync_to_async
    def _open(self, code: str, pk: int, presenter: bool, key: str) -> bool:
        """Find the room and the activity, and whether this screen may see it: a person's, or
        the presenter screen's (the room's key, or a facilitator's), which shows the room."""
        try:
            room = queries.get_room(code)
            self.viewer = queries.viewer_for(self.scope["user"], self.scope.get("session"), room)
            if self.viewer.is_facilitator:  # also for the projector they open
                self.facilitator_id = self.viewer.person.pk
            if presenter and self.viewer.is_facilitator:
                self.viewer = queries.presenter_viewer(self.scope["user"])
            elif presenter and queries.presenter_link_opens(room, key):
                self.viewer = queries.presenter_viewer(self.scope["user"], by_link=True)
                self.link_key = key
            activity = queries.access_activity(self.viewer, room, pk)
        except (Http404, PermissionDenied):
            return False
        self.activity_id, self.room_id, self.activity_seq = activity.pk, room.pk, activity.seq
        self.room = room
        self.current_id = room.current_id
        self.role = self.viewer.role
        if self.viewer.participant is not None and not self.viewer.is_facilitator:
            self.participant_id = self.viewer.participant.pk
            self.guest = self.viewer.participant.is_guest
        return True

    async def disconnect(self, code: int) -> None:
        if (filler := getattr(self, "filler", None)) is not None:
            filler.cancel()
        # the operation under way finishes (its events must reach the room); the others wait
        # for the screen to send them again when it reconnects
        getattr(self, "operations", deque()).clear()
        await super().disconnect(code)

    async def _flush(self) -> None:
        """Send the queued events and the latest results: one as itself, several as one JSON
        array. Call it holding ``self.sending``, which keeps events in order when a batch and
        a refill overlap."""
        texts, self.outbox = self.outbox, []
        metrics.live_events_sent(len(texts))
        if self.tally:
            texts.append(self.tally)
            self.tally = ""
        if len(texts) == 1:
            await self.send(text_data=texts[0])
        elif texts:
            await self.send(text_data="[" + ",".join(texts) + "]")

    async def flush(self) -> None:
        """The hub's call to send the next frame (after a catch-up under way, if one is)."""
        if self.sending.locked():
            self.hub.flush_soon(self, BATCH_SECONDS)
            return
        async with self.sending:
            await self._flush()

    async def _send_since(self, since: int) -> None:
        """Send every event after ``since`` from the database (on connecting, and when the
        screen asks to catch up), read after the screen joined the group."""
        async with self.sending:
            await self._flush()  # what is queued comes before what is read now
            texts = await database_sync_to_async(events.events_since)(
                self.activity_id, since, self.role
            )
            for text in texts:
                await self.send(text_data=text)
            metrics.live_events_sent(len(texts), how="replay")
            if texts:
                self.last_sent = max(self.last_sent, events.seq_of(texts[-1]))
                # what came meanwhile and was just sent is not sent twice
                self.outbox = [t for t in self.outbox if events.seq_of(t) > self.last_sent]
        self._release_held()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.removed or not text_data or len(text_data) > MAX_MESSAGE:
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        if "sync" in message:
            if not await self._may_sync():
                with translation.override(self.language):
                    refused = _("Too many catch-ups from this screen. Wait a minute.")
                await self.send(text_data=json.dumps({"ok": False, "error": refused}))
                return
            since = message["sync"] if isinstance(message["sync"], int) else self.last_sent
            await self._send_since(min(since, self.last_sent))
            return
        if len(self.operations) >= MAX_WAITING_OPERATIONS:
            await self._refuse(message, operations.too_fast(str(message.get("op", ""))))
            return
        self.operations.append(message)
        if self.operator is None:
            self.operator = asyncio.create_task(self._operate())

    async def _operate(self) -> None:
        """Carry out the screen's operations one after the other, in the order they came, in
        a task of their own: the screen's events do not wait behind its own operations (in a
        full room an operation waits its turn for the operations' threads; measured with 300
        screens, events waited seconds behind it)."""
        try:
            while self.operations and not self.removed:
                message = self.operations.popleft()
                try:
                    await self._operate_one(message)
                except Exception:
                    # the screen is told, and its other operations go on
                    log.exception("live operation %r failed", message.get("op"))
                    with contextlib.suppress(Exception):
                        await self._refuse(message, _("Something went wrong; please try again."))
        finally:
            self.operator = None

    async def _operate_one(self, message: dict[str, Any]) -> None:
        op = str(message.get("op", ""))
        counted = operations.fair_use(self.viewer, op)
        if counted is not None and not await aallow(*counted):
            # refused here, in the event loop: a flood never reaches the operations' threads
            await self._refuse(message, operations.too_fast(op))
            return
        screen = writer.Screen(
            self.viewer, self.room, self.activity_id, self.language, self.participant_id
        )
        if writer.batches(message, screen):
            reply = await writer.notes().add(screen, message)
        else:
            reply, outgoing = await writer.in_thread(writer.perform)(screen, message)
            await writer.send_outgoing(self.hub, outgoing)
        if reply.pop("removed", False):  # membership ended and the news of it was lost
            await self.live_removed({"participants": [self.participant_id], "users": []})
            return
        with contextlib.suppress(Exception):  # the screen may have gone meanwhile
            await self.send(text_data=json.dumps(reply, ensure_ascii=False))

    async def _refuse(self, message: dict[str, Any], error: Any) -> None:
        """Answer ``message`` with a refusal (``error`` translated in the screen's language)."""
        with translation.override(self.language):
            answer = {"ack": message.get("ref"), "ok": False, "error": str(error)}
        await self.send(text_data=json.dumps(answer, ensure_ascii=False))

    async def _may_sync(self) -> bool:
        """Fair use: a screen asks to catch up a few times a minute at most (the room's
        ``syncs_per_minute``); those who run the room are not limited."""
        if self.viewer.is_facilitator:
            return True
        who = str(self.participant_id) if self.participant_id else self.screen_key
        return await aallow("live.syncs", who, Limit(self.viewer.limits.get("syncs", 0), 60))

    def live_event(self, event: dict[str, Any]) -> None:
        seq = event["seq"]
        if self.removed or seq <= self.last_sent:
            return
        text = (event["facilitator"] if self.role == events.FACILITATOR else "") or event["room"]
        if seq > self.last_sent + 1:  # it overtook earlier ones: wait a moment for them
            self.held[seq] = text
            if self.filler is None:
                self.filler = asyncio.create_task(self._fill_gaps())
            return
        self._queue(seq, text)

    def _queue(self, seq: int, text: str) -> None:
        """Queue event ``seq`` (the next one) and the held ones that follow it, for the next
        frame; a screen that has fallen too far behind is closed instead (it catches up)."""
        self.outbox.append(text)
        self.last_sent = seq
        while (following := self.held.pop(self.last_sent + 1, None)) is not None:
            self.outbox.append(following)
            self.last_sent += 1
        if len(self.outbox) > MAX_BEHIND:
            self._fall_behind()
        else:
            self.hub.flush_soon(self, BATCH_SECONDS)

    def _fall_behind(self) -> None:
        """Close a screen that cannot keep up: it reconnects with the number of the last event
        it has and is sent the rest from the database, once and in order."""
        self.outbox, self.held, self.tally = [], {}, ""
        metrics.live_screen_behind()
        self.lost()

    def _release_held(self) -> None:
        """Forget the held events the screen has had meanwhile, and queue the held one that
        comes next (with those that follow it)."""
        self.held = {n: text for n, text in self.held.items() if n > self.last_sent}
        if (following := self.held.pop(self.last_sent + 1, None)) is not None:
            self._queue(self.last_sent + 1, following)

    async def _fill_gaps(self) -> None:
        """Events came before earlier ones: give the earlier ones ``GAP_SECONDS`` to arrive,
        then read those still missing from the database (one read for every screen of this
        process that misses the same), and queue the held ones after them."""
        try:
            while self.held and not self.removed:
                await asyncio.sleep(GAP_SECONDS)
                self._release_held()
                if not self.held or self.removed:
                    break
                since, until = self.last_sent, min(self.held) - 1
                texts = await read_missed(self.activity_id, since, until, self.role)
                async with self.sending:  # not while a catch-up sends the same
                    for text in texts:
                        seq = events.seq_of(text)
                        if seq > self.last_sent and not self.removed:
                            self._queue(seq, text)
                    self._release_held()
        except asyncio.CancelledError:
            raise
        except Exception:  # the database is away: the screen reconnects and catches up
            log.exception("reading missed live events failed")
            self._fall_behind()
        finally:
            self.filler = None

    def live_tally(self, event: dict[str, Any]) -> None:
        """Results, which are not numbered: the latest replaces the earlier ones, and goes
        with the next frame."""
        shown_here = event.get("phones", True) or self.viewer.is_presenter
        if self.removed:
            return
        if self.role == events.FACILITATOR or (event["public"] and shown_here):
            self.tally = event["text"]
            self.hub.flush_soon(self, BATCH_SECONDS)


class RoomConsumer(LiveConsumer):
    """The room's start page on a phone hears which activity the facilitator shows now."""

    async def connect(self) -> None:
        query = parse_qs(self.scope.get("query_string", b"").decode())
        key = query.get("key", [""])[0]
        room_id = await self._room(self.scope["url_route"]["kwargs"]["code"], key)
        if room_id is None:
            await self.accept()
            await self.close(code=FORBIDDEN)
            return
        await self.join(events.room_group(room_id))
        await self.accept()

    @database_sync_to_async
    def _room(self, code: str, key: str) -> int | None:
        try:
            room = queries.get_room(code)
        except Http404:
            return None
        self.room_id = room.pk
        if queries.presenter_link_opens(room, key):
            self.link_key = key
            return room.pk
        viewer = queries.viewer_for(self.scope["user"], self.scope.get("session"), room)
        if viewer.participant is not None and not viewer.is_facilitator:
            self.participant_id = viewer.participant.pk
        if viewer.is_facilitator:
            self.facilitator_id = viewer.person.pk
        return room.pk if viewer.participant is not None or viewer.is_facilitator else None
