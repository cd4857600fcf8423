"""A person's browser against the stack (deploy/stack.py) for tests/deploy and
bench/morning.py: HTTPS checked against Caddy's internal root certificate, cookies, Django's
CSRF token, the login by an emailed code, and the live room's WebSocket with the same session.
Each request's time is written down under the name of its step."""

import asyncio
import json
import re
import ssl
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets

from deploy.stack import Mailbox

DOOR = "/konto/login/code/"
CONFIRM = "/konto/login/code/confirm/"


class UnexpectedResponseError(AssertionError):
    """A page answered something else than what a person expects of it."""


@dataclass
class Timing:
    step: str
    seconds: float
    status: int


@dataclass
class Browser:
    url: str
    context: ssl.SSLContext
    timings: list[Timing] = field(default_factory=list)
    http: httpx.AsyncClient = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.AsyncClient(
            base_url=self.url,
            verify=self.context,
            timeout=httpx.Timeout(60.0),
            follow_redirects=False,
            headers={"Accept-Language": "sv", "User-Agent": "larlabb-stack-client"},
        )

    async def close(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> "Browser":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def request(
        self, method: str, path: str, step: str, expect: int | tuple[int, ...], **kwargs: Any
    ) -> httpx.Response:
        began = time.perf_counter()
        response = await self.http.request(method, path, **kwargs)
        self.timings.append(Timing(step, time.perf_counter() - began, response.status_code))
        expected = (expect,) if isinstance(expect, int) else expect
        if response.status_code not in expected:
            raise UnexpectedResponseError(
                f"{method} {path} ({step}): {response.status_code}, not {expect}: "
                f"{response.text[:500]}"
            )
        return response

    async def get(
        self, path: str, step: str = "", expect: int | tuple[int, ...] = 200
    ) -> httpx.Response:
        return await self.request("GET", path, step or path, expect)

    async def post(
        self, path: str, data: dict[str, Any], step: str = "", expect: int | tuple[int, ...] = 302
    ) -> httpx.Response:
        """A form posted as the browser does: Django's CSRF token from its cookie, the site as
        Origin and Referer."""
        headers = {
            "X-CSRFToken": self.http.cookies.get("csrftoken") or "",
            "Origin": self.url,
            "Referer": f"{self.url}{path}",
        }
        return await self.request("POST", path, step or path, expect, data=data, headers=headers)

    async def log_in(
        self, mailbox: Mailbox, address: str, next_url: str = "", count: int = 1
    ) -> httpx.Response:
        """The door: ask a code for ``address``, read it in the ``count``-th email the worker
        delivered to it, type it. Returns the answer to the code (a redirect)."""
        await self.get(DOOR + (f"?next={next_url}" if next_url else ""), "login page")
        await self.post(DOOR, {"email": address, "next": next_url}, "ask for a code")
        began = time.perf_counter()
        code = await asyncio.to_thread(mailbox.login_code, address, count, 60)
        self.timings.append(Timing("code by email", time.perf_counter() - began, 0))
        return await self.post(CONFIRM, {"code": code, "next": next_url}, "type the code")

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.http.cookies.jar)

    async def websocket(self, path: str, step: str = "open the socket") -> Any:
        """The live room's socket through Caddy with this browser's session."""
        began = time.perf_counter()
        socket = await websockets.connect(
            self.url.replace("https://", "wss://") + path,
            ssl=self.context,
            origin=self.url,  # type: ignore[arg-type]
            additional_headers={"Cookie": self.cookie_header()},
            open_timeout=60,
            max_size=None,
        )
        self.timings.append(Timing(step, time.perf_counter() - began, 101))
        return socket


def process_of(socket: Any) -> str:
    """The ASGI process behind a socket: its Server header (``--server-name`` in the unit),
    which Caddy passes on in the answer to a WebSocket's upgrade."""
    names = socket.response.headers.get_all("Server")
    return next((name for name in names if name.startswith("larlabb-web-")), "")


def selected_option(html: str, name: str) -> str:
    """The value of the chosen option of the select ``name`` on a page."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL)
    if select is None:
        raise UnexpectedResponseError(f"no select {name} on the page")
    option = re.search(r'<option value="(\d+)"[^>]*selected', select[0])
    if option is None:
        raise UnexpectedResponseError(f"nothing chosen in {name}")
    return option[1]


async def next_event(socket: Any, kind: str, timeout: float = 10) -> dict[str, Any]:
    """The next event of ``kind`` that arrives on the socket (events may come in batches)."""
    deadline = time.monotonic() + timeout
    while True:
        text = await asyncio.wait_for(socket.recv(), max(deadline - time.monotonic(), 0.01))
        messages = json.loads(text)
        for message in messages if isinstance(messages, list) else [messages]:
            if isinstance(message, dict) and message.get("kind") == kind:
                return message
