"""The in-memory channel layer of the embedded default, made fit for a full room.

Channels' own InMemoryChannelLayer looks through every channel for expired messages on every
receive, and sends to a group through one task and one deep copy per member; for a room of 150
screens that costs more than the messages themselves. This one cleans at most once a second and
puts a group's message straight into each member's queue (a shallow copy: Lärlabb's messages
hold only strings and numbers). Each screen's queue also holds more messages before the layer
drops more for it (the room's events come in bursts; a screen that far behind reconnects and
fetches what it missed)."""

import asyncio
import time
from importlib import import_module
from typing import Any

from channels.auth import AuthMiddleware
from channels.layers import InMemoryChannelLayer
from channels.middleware import BaseMiddleware
from channels.sessions import CookieMiddleware
from django.conf import settings


class RoomInMemoryChannelLayer(InMemoryChannelLayer):
    CLEAN_EVERY = 1.0

    def __init__(self, capacity: int = 1000, **kwargs) -> None:
        super().__init__(capacity=capacity, **kwargs)
        self._cleaned_at = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._cleaned_at >= self.CLEAN_EVERY:
            self._cleaned_at = now
            super()._clean_expired()

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        self.require_valid_group_name(group)
        self._clean_expired()
        expires = time.time() + self.expiry
        for channel in list(self.groups.get(group, {})):
            queue = self.channels.setdefault(
                channel, asyncio.Queue(maxsize=self.get_capacity(channel))
            )
            try:
                queue.put_nowait((expires, dict(message)))
            except asyncio.QueueFull:
                continue


class ReadSessionMiddleware(BaseMiddleware):
    """The browser session of a WebSocket, for reading: the screens never change it.

    Channels' SessionMiddleware wraps every frame the server sends, to save a changed session
    before an HTTP response; on a WebSocket that is a look at the session per frame, which in a
    full room (bench/live_load.py, 300 screens) was a twentieth of the server's work."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if "cookies" not in scope:
            raise ValueError("ReadSessionMiddleware runs inside CookieMiddleware")
        key = scope["cookies"].get(settings.SESSION_COOKIE_NAME)
        store = import_module(settings.SESSION_ENGINE).SessionStore
        return await self.inner({**scope, "session": store(key)}, receive, send)


def websocket_stack(inner: Any) -> Any:
    """Cookies, the session (read only) and the user, for the WebSocket routes (as Channels'
    AuthMiddlewareStack, without saving sessions)."""
    return CookieMiddleware(ReadSessionMiddleware(AuthMiddleware(inner)))
