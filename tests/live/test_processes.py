"""Several server processes share one live room through Redis: two Daphne processes against
one PostgreSQL database and one Redis; a note posted on a socket of one appears on a socket of
the other, and a screen of the second process that reconnects gets it from the database.

Runs when the suite runs on PostgreSQL with REDIS_URL (CI's second pass)."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import websockets
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from larlabb.live.models import Note
from tests.conftest import run_async, service_missing

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
DAPHNE = Path(sys.executable).parent / "daphne"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{user}{password}@{host}/{db['NAME']}"


def _wait_for(port: int, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped: {log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not start")


@pytest.fixture
def two_servers(transactional_db, tmp_path) -> Iterator[list[int]]:
    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL with Redis (CI's second pass sets DATABASE_URL)")
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        service_missing("REDIS_URL is not set: the cross-process test needs Redis")
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        service_missing(f"Redis is not reachable at {redis_url}")
    finally:
        client.close()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "LARLABB_DATA_DIR": str(tmp_path),
        "DEBUG": "",
        "PYTHONPATH": str(ROOT / "src"),
    }
    ports = [_free_port(), _free_port()]
    logs = [tmp_path / f"daphne-{port}.log" for port in ports]
    processes = []
    for port, log in zip(ports, logs, strict=True):
        with log.open("w") as output:
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own server, our own arguments
                    [str(DAPHNE), "-b", "127.0.0.1", "-p", str(port), "larlabb.asgi:application"],
                    cwd=ROOT,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            )
    try:
        for port, process, log in zip(ports, processes, logs, strict=True):
            _wait_for(port, process, log)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def session_cookie(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "larlabb.accounts.backends.EmailBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


async def connect(port, path, user_cookie):
    return await websockets.connect(
        f"ws://127.0.0.1:{port}{path}",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": user_cookie},
        open_timeout=10,
    )


async def next_note(ws, timeout: float = 10) -> dict:
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if message.get("kind") == "note":
            return message


def test_a_note_posted_through_one_process_appears_on_a_socket_of_the_other(
    two_servers, board, joined, sanna, anders
):
    first, second = two_servers
    since = board.seq
    poster_cookie, watcher_cookie = session_cookie(sanna), session_cookie(anders)
    column = board.columns.get(title="Möjligheter").pk
    path = f"/ws/live/{board.room.code}/{board.pk}/?since={since}"  # read here, not in the loop

    async def scenario():
        poster = await connect(first, path, poster_cookie)
        watcher = await connect(second, path, watcher_cookie)
        await poster.send(
            json.dumps(
                {
                    "op": "note.add",
                    "ref": "1",
                    "text": "Från process ett",
                    "column": column,
                    "key": "0b0c8d1e-1111-4a4a-8b8b-000000000001",
                }
            )
        )
        ack = json.loads(await asyncio.wait_for(poster.recv(), 10))
        while "ack" not in ack:
            ack = json.loads(await asyncio.wait_for(poster.recv(), 10))
        seen = await next_note(watcher)
        await watcher.close()
        # a screen of the second process that connects afterwards gets it from the database
        late = await connect(second, path, watcher_cookie)
        replayed = await next_note(late)
        await late.close()
        await poster.close()
        return ack, seen, replayed

    ack, seen, replayed = run_async(scenario())
    assert ack["ok"] is True
    assert seen["data"]["text"] == "Från process ett"
    assert seen["seq"] == since + 1
    assert replayed == seen
    assert Note.objects.get().text == "Från process ett"
