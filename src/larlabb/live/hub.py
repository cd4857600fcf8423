"""The screens of one server process and the channel layer between the processes.

A group's messages reach the process once, on one channel of the channel layer that the hub
puts in the group, and go from there to each screen of the process that hears the group by a
plain call. Channels' way is a channel per screen, each with a task that waits on it: for a
room of 300 screens every message was put into 150 queues per process, and woke 150 tasks,
each of which made a new task to wait for the next one (measured with bench/live_load.py, a
sixth of a busy process's time before anything was sent).

The frames a screen has waiting go out together, every ``delay`` seconds, from one task for all
the process's screens rather than a timer and a task per screen.

There is one hub per event loop (a server process has one; tests make one per test)."""

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from channels.layers import BaseChannelLayer, get_channel_layer

log = logging.getLogger(__name__)


class Listener(Protocol):
    """A screen of the process as the hub sees it (a consumer of ``live.consumers``)."""

    def hear(self, message: dict[str, Any]) -> None:
        """A message of a group the screen joined. Must not block: it queues or starts a task."""

    def lost(self) -> None:
        """The group's messages stopped reaching the process (the channel layer failed): the
        screen may have missed some, and must catch up (closing it makes it reconnect)."""

    async def flush(self) -> None:
        """Send what is waiting."""


class Hub:
    def __init__(self, layer: BaseChannelLayer) -> None:
        self.layer = layer
        self.members: dict[str, set[Listener]] = {}
        self.readers: dict[str, asyncio.Task] = {}
        self.joined: dict[str, asyncio.Future] = {}  # done once the group's channel is in it
        self.due: dict[Listener, None] = {}  # screens with frames waiting, in the order they came
        self.tick: asyncio.TimerHandle | None = None
        self.soon_keys: set[Any] = set()
        self.tasks: set[asyncio.Task] = set()

    async def join(self, group: str, screen: Listener) -> None:
        """From now on ``screen`` hears ``group``'s messages: when this returns, every message
        sent to the group after it reaches the screen."""
        self.members.setdefault(group, set()).add(screen)
        if group not in self.readers:
            self.joined[group] = asyncio.get_running_loop().create_future()
            self.readers[group] = asyncio.create_task(self._read(group))
        await asyncio.shield(self.joined[group])

    async def leave(self, group: str, screen: Listener) -> None:
        members = self.members.get(group)
        if members is None or screen not in members:
            return
        members.discard(screen)
        self.due.pop(screen, None)
        if not members:  # the last of the process's screens left: the process leaves too
            del self.members[group]
            self.joined.pop(group, None)
            reader = self.readers.pop(group, None)
            if reader is not None:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reader

    async def _read(self, group: str) -> None:
        joined = self.joined[group]
        channel = ""
        try:
            channel = await self.layer.new_channel()
            await self.layer.group_add(group, channel)
            joined.set_result(None)
            while True:
                message = await self.layer.receive(channel)
                for screen in list(self.members.get(group, ())):
                    try:
                        screen.hear(message)
                    except Exception:
                        log.exception("a screen could not take a %s message", message.get("type"))
        except asyncio.CancelledError:
            if channel:  # leaving the group is part of leaving, even when cancelled
                await asyncio.shield(self.layer.group_discard(group, channel))
            raise
        except Exception as error:
            log.exception("the channel layer failed for %s", group)
            if not joined.done():
                joined.set_exception(error)
            if self.readers.get(group) is asyncio.current_task():
                self.readers.pop(group, None)
                self.joined.pop(group, None)
                for screen in list(self.members.pop(group, ())):
                    screen.lost()

    def flush_soon(self, screen: Listener, delay: float) -> None:
        """Send the screen's waiting frames within ``delay`` seconds, with the others'."""
        self.due[screen] = None
        if self.tick is None:
            self.tick = asyncio.get_running_loop().call_later(delay, self._start_flush)

    def _start_flush(self) -> None:
        self.tick = None
        due, self.due = self.due, {}
        self.start(self._flush(list(due)))

    async def _flush(self, screens: list[Listener]) -> None:
        for screen in screens:
            try:
                await screen.flush()
            except Exception:  # the screen went meanwhile
                log.debug("flushing a screen failed", exc_info=True)

    def soon(self, key: Any, delay: float, work: Callable[[], Awaitable[None]]) -> None:
        """Run ``work`` once, ``delay`` seconds from now, for every call with the same ``key``
        until it starts (a call after it started runs it once more, later)."""
        if key in self.soon_keys:
            return
        self.soon_keys.add(key)

        async def run() -> None:
            await asyncio.sleep(delay)
            self.soon_keys.discard(key)
            await work()

        self.start(run())

    def start(self, work: Awaitable[None]) -> None:
        """Run ``work`` in a task of its own, kept until it ends (errors are logged)."""
        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("live hub task failed", exc_info=task.exception())


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub]" = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """The hub of the running event loop (and the current channel layer)."""
    loop = asyncio.get_running_loop()
    layer = get_channel_layer()
    found = _hubs.get(loop)
    if found is None or found.layer is not layer:
        if layer is None:
            raise RuntimeError("the live room needs a channel layer (CHANNEL_LAYERS)")
        found = _hubs[loop] = Hub(layer)
    return found
