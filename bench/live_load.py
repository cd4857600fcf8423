"""Load test of the live room over real WebSockets, in the production set-up (``--processes``
ASGI processes sharing PostgreSQL and Redis, the clients split between them) and in the
embedded default (one process, SQLite in a temporary folder, the in-memory channel layer).

One open board (20 dots per person, several on a note) in a room of ``--clients`` registered
participants from about half as many organisations. Each participant has a screen on the
board's WebSocket and, for ``--seconds``, posts a note now and then (exponential intervals
with a mean of ``--note-interval`` seconds, seeded) and moves their dots (mean
``--vote-interval``). Prints for each set-up: the submit latency (send to ack) of notes and
votes, the fan-out (from a note's submission until the last screen has its event), notes
posted vs stored vs received by each screen (must be equal), whether every screen got every
event number exactly once and in order, and the memory (VmRSS) and CPU of the server
processes. Targets on the 2-core machine: submit p95 <= 100 ms, fan-out p95 <= 500 ms, nothing
lost. Exits 1 when something is lost (2 with ``--strict`` when only a target is missed).

The production set-up creates its own PostgreSQL database (dropped at the end) and uses its
own Redis database number (flushed before and after); traffic stays on 127.0.0.1.

    .venv/bin/python bench/live_load.py [--seconds 60] [--clients 150]
        [--setup production|embedded|both] [--note-interval 5] [--vote-interval 10]
        [--server uvicorn|daphne] [--processes 2]
        [--ramp [--ramp-start 150] [--ramp-step 150] [--ramp-max 1200]]

The servers are the production unit's Uvicorn command (deploy/systemd/larlabb-web@.service) by
default. A screen the server closes reconnects with the number of its last event, as the
pages do, and sends again what was not answered. ``--ramp`` raises the room by ``--ramp-step``
clients until a target is missed or something is lost, and prints the largest room that met
both targets with nothing lost.
"""

import argparse
import asyncio
import contextlib
import ctypes
import json
import math
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import uvloop  # noqa: E402
import websockets  # noqa: E402

from deploy.stack import cpu_seconds, errors_in_log, rss_mib, unit_command  # noqa: E402

TARGET_SUBMIT_P95_MS = 100.0
TARGET_FANOUT_P95_MS = 500.0
DAPHNE = Path(sys.executable).parent / "daphne"
ACK_TIMEOUT = 30.0  # seconds a screen waits for the reply to an operation
MAX_RECONNECTS = 20  # a screen closed more often than this counts as lost
DOTS = 20
# An event as events.message_text writes it: {"seq": n, "kind": "...", "data": {"id": n, ...
# (a note's data begins with its id, as queries.note_data and events.for_role write it)
EVENT_HEAD = re.compile(r'\{"seq": (\d+), "kind": "([a-z-]+)"(?:, "data": \{"id": (\d+))?')
WORDS = (
    *("samverkan", "regional", "utveckling", "kompetensförsörjning", "infrastruktur", "klimat"),
    *("omställning", "landsbygd", "innovation", "dialog", "myndighet", "region", "kunskap"),
    *("finansiering", "uppföljning", "lärande", "digitalisering", "bostäder", "näringsliv"),
)


def _stop(signum: int, frame: Any) -> None:
    """SIGTERM: leave through the same clean-up as Ctrl-C."""
    raise KeyboardInterrupt


# --- Servers --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """In the server process before exec: a SIGTERM when the benchmark dies, however it dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path
    rss_start: float = 0.0
    rss_peak: float = 0.0
    rss_end: float = 0.0
    cpu_start: float = 0.0
    cpu_end: float = 0.0

    def rss(self) -> float:
        return rss_mib(self.process.pid)

    def cpu(self) -> float:
        return cpu_seconds(self.process.pid)

    def sample(self) -> None:
        self.rss_peak = max(self.rss_peak, self.rss())

    def problems(self) -> list[str]:
        """The errors in the server's log: each traceback (or ERROR line) as its last line."""
        return errors_in_log(self.log)


def server_command(server: str, port: int, application: str) -> list[str]:
    """The command of one ASGI process: the production unit's (Uvicorn), or Daphne's."""
    if server == "daphne":
        return [str(DAPHNE), "-b", "127.0.0.1", "-p", str(port), application]
    [command] = unit_command("larlabb-web@.service", instance=str(port))
    command[-1] = application
    # the unit's Uvicorn trusts the proxy's headers and logs nothing; here there is no proxy
    return [Path(sys.executable).parent.joinpath("uvicorn").as_posix(), *command[1:]]


def start_servers(
    count: int, env: dict[str, str], workdir: Path, application: str, server_name: str
) -> list[Server]:
    servers = []
    for _ in range(count):
        port = free_port()
        log = workdir / f"{server_name}-{port}.log"
        with log.open("w") as output:
            process = subprocess.Popen(  # noqa: S603  (our own server, fixed arguments)
                server_command(server_name, port, application),
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches the benchmark, which stops them
                preexec_fn=_die_with_parent,
            )
        servers.append(Server(port, process, log))
    deadline = time.monotonic() + 60
    for server in servers:
        while True:
            if server.process.poll() is not None:
                log = server.log.read_text()
                raise RuntimeError(f"{server_name} on {server.port} stopped:\n{log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{server_name} on {server.port} did not start within 60 s")
            try:
                with socket.create_connection(("127.0.0.1", server.port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
    return servers


def stop_servers(servers: list[Server]) -> None:
    for server in servers:
        if server.process.poll() is None:
            server.process.terminate()
    for server in servers:
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


# --- The room -------------------------------------------------------------------------------


@dataclass
class Room:
    code: str
    activity: int
    columns: list[int]
    since: int
    cookies: list[str]


def seed_room(clients: int) -> Room:
    """A lab, a workshop with a dialogue, its room, an open board with voting, and ``clients``
    registered participants (regions, agencies, a few others; two per organisation) who have
    joined the room, each with a logged-in session."""
    import datetime

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from larlabb.accounts.models import User
    from larlabb.actors.models import Organisation
    from larlabb.labs.models import Lab, ProgramItem, Workshop
    from larlabb.live import actions
    from larlabb.live.models import Activity
    from larlabb.registrations.models import Registration

    organiser = User.objects.create_user(
        "organisator@bench.example", name="Olle Organisatör", role=User.Role.ORGANISER
    )
    lab = Lab.objects.create(title="Lärlabb: belastningsprov", slug="belastningsprov")
    lab.organisers.add(organiser)
    starts = timezone.now() + datetime.timedelta(days=1)
    workshop = Workshop.objects.create(
        lab=lab, number=1, starts_at=starts, ends_at=starts + datetime.timedelta(hours=7)
    )
    item = ProgramItem.objects.create(
        workshop=workshop,
        starts=datetime.time(9, 30),
        ends=datetime.time(10, 30),
        title="Regional utveckling – hur får vi perspektiven att mötas?",
        kind=ProgramItem.Kind.DIALOGUE,
    )
    kinds = ["region"] * 5 + ["agency"] * 4 + ["municipality"]
    Organisation.objects.bulk_create(
        Organisation(name=f"Provorganisation {n:03d}", kind=kinds[n % len(kinds)])
        for n in range((clients + 1) // 2)
    )
    organisations = list(Organisation.objects.filter(name__startswith="Provorganisation "))
    people = []
    for n in range(clients):
        person = User(
            email=f"deltagare{n:03d}@bench.example",
            name=f"Deltagare {n:03d}",
            organisation=organisations[n // 2],
        )
        person.set_unusable_password()
        people.append(person)
    User.objects.bulk_create(people)
    people = list(User.objects.filter(email__endswith="@bench.example", role="participant"))
    Registration.objects.bulk_create(
        Registration(
            lab=lab,
            person=person,
            organisation=person.organisation,
            status=Registration.Status.CONFIRMED,
        )
        for person in people
    )
    room = actions.get_or_create_room(workshop)
    cookies = []
    for person in people:
        actions.do_join(user=person, room=room)
        session = SessionStore()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = "larlabb.accounts.backends.EmailBackend"
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.save()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    activity = actions.do_create_activity(
        actor=organiser,
        program_item=item,
        kind=Activity.Kind.BOARD,
        title="Möjligheter och hinder",
        columns=["Möjligheter", "Hinder"],
        dots_per_person=DOTS,
        several_dots_per_note=True,
    )
    actions.do_set(actor=organiser, activity=activity, status="open", voting_open=True)
    activity.refresh_from_db()
    columns = list(activity.columns.values_list("pk", flat=True))
    return Room(room.code, activity.pk, columns, activity.seq, cookies)


def stored_counts(activity_id: int) -> tuple[int, int, int]:
    """(notes stored, votes stored, the activity's last event number), read in a thread of its
    own (the ORM refuses to run inside the event loop)."""
    from django.db import connections

    from larlabb.live.models import Activity, Note, Vote

    try:
        notes = Note.objects.filter(activity_id=activity_id).count()
        votes = Vote.objects.filter(activity_id=activity_id).count()
        seq = Activity.objects.values_list("seq", flat=True).get(pk=activity_id)
        return notes, votes, seq
    finally:
        connections.close_all()


# --- The screens ----------------------------------------------------------------------------


@dataclass
class Screen:
    """One participant's phone on the board's WebSocket."""

    index: int
    port: int
    cookie: str
    ws: Any = None
    seqs: list[int] = field(default_factory=list)
    received: dict[int, float] = field(default_factory=dict)  # note id: first arrival
    note_ids: list[int] = field(default_factory=list)
    note_events: int = 0
    pending: dict[str, asyncio.Future] = field(default_factory=dict)
    unanswered: dict[str, dict] = field(default_factory=dict)  # sent again after a reconnect
    reconnects: list[int] = field(default_factory=list)  # the close codes that ended a connection
    posts: list[tuple[float, float, int]] = field(default_factory=list)  # sent, acked, note
    vote_seconds: list[float] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    timeouts: int = 0
    dots: dict[int, int] = field(default_factory=dict)
    closed: str = ""
    stopping: bool = False
    flooder: bool = False  # --flood: one person (a script) sending as fast as it can

    async def connect(self, room: Room, since: int | None = None) -> None:
        since = room.since if since is None else since
        url = f"ws://127.0.0.1:{self.port}/ws/live/{room.code}/{room.activity}/?since={since}"
        self.ws = await websockets.connect(
            url,
            origin=f"http://127.0.0.1:{self.port}",
            additional_headers={"Cookie": self.cookie},
            open_timeout=60,
            ping_interval=None,  # Daphne pings; a busy benchmark must not hang up on its own
            max_size=None,
        )

    async def read(self, room: Room) -> None:
        """Read until the end; a connection the server closes is opened again with the number
        of the last event this screen has, as core/socket.js does (after 0.5 s, doubling up to
        5 s), and the operations not yet answered are sent again (their keys make that safe)."""
        delay = 0.5
        while True:
            try:
                async for text in self.ws:
                    self.arrived(text, time.perf_counter())
            except websockets.ConnectionClosed:
                pass
            if self.stopping:
                return
            code = self.ws.close_code
            if code == 4403 or len(self.reconnects) >= MAX_RECONNECTS:
                self.closed = f"closed by the server ({code} {self.ws.close_reason})"
                return
            self.reconnects.append(code or 0)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
            try:
                await self.connect(room, since=max(self.seqs, default=room.since))
                for message in list(self.unanswered.values()):
                    await self.ws.send(json.dumps(message, ensure_ascii=False))
            except (OSError, websockets.WebSocketException, TimeoutError):
                continue  # counted as one more reconnect when its read ends at once

    def arrived(self, text: str | bytes, now: float) -> None:
        """Note what a frame holds: a reply, or events (one, or several close together in a
        list), read by their heads without decoding the whole frame (a note's text cannot
        hold a head: its quotes are escaped). The clients share this machine's two cores with
        the servers, so they read as little as they can."""
        if isinstance(text, bytes):
            return
        if text.startswith('{"ack"'):
            reply = json.loads(text)
            future = self.pending.pop(str(reply.get("ack")), None)
            if future is not None and not future.done():
                future.set_result((now, reply))
            return
        for match in EVENT_HEAD.finditer(text):
            self.seqs.append(int(match[1]))
            if match[2] == "note":
                note = int(match[3])
                self.note_events += 1
                if note not in self.received:
                    self.received[note] = now
                    self.note_ids.append(note)

    async def request(self, message: dict[str, Any]) -> tuple[float, float, dict] | None:
        """Send an operation and wait for its reply: (sent, replied, reply), None on time-out."""
        future = asyncio.get_running_loop().create_future()
        self.pending[message["ref"]] = future
        self.unanswered[message["ref"]] = message
        sent = time.perf_counter()
        with contextlib.suppress(websockets.ConnectionClosed):  # sent again on reconnecting
            await self.ws.send(json.dumps(message, ensure_ascii=False))
        try:
            replied, reply = await asyncio.wait_for(future, ACK_TIMEOUT)
        except TimeoutError:
            self.pending.pop(message["ref"], None)
            self.timeouts += 1
            return None
        finally:
            self.unanswered.pop(message["ref"], None)
        if not reply.get("ok"):
            self.refused.append(f"{message['op']}: {reply.get('error')}")
        return sent, replied, reply

    async def post(self, rng: random.Random, room: Room, number: int) -> None:
        text = f"Idé {self.index}.{number}: " + " ".join(rng.choices(WORDS, k=rng.randint(3, 12)))
        result = await self.request(
            {
                "op": "note.add",
                "ref": f"n{number}",
                "text": text,
                "column": rng.choice(room.columns),
                "key": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            }
        )
        if result is not None and result[2].get("ok"):
            self.posts.append((result[0], result[1], int(result[2]["note"])))

    async def vote(self, rng: random.Random, number: int) -> None:
        """Put 0 to 3 dots on a note this screen has seen, within the 20 dots."""
        if not self.note_ids:
            return
        note = rng.choice(self.note_ids)
        current = self.dots.get(note, 0)
        budget = DOTS - (sum(self.dots.values()) - current)
        values = [v for v in range(min(3, budget) + 1) if v != current]
        if not values:
            return
        message = {"op": "vote", "ref": f"v{number}", "note": note, "value": rng.choice(values)}
        result = await self.request(message)
        if result is not None and result[2].get("ok"):
            self.vote_seconds.append(result[1] - result[0])
            self.dots = {int(k): int(v) for k, v in result[2].get("votes", {}).items()}

    async def flood(self, room: Room, end: float) -> None:
        """What the finding measured, every second until ``end``: 200 notes at once (without
        waiting for replies) and 20 requests to send every event again."""
        rng, number = random.Random(1), 0
        while time.perf_counter() < end and not self.closed:
            began = time.perf_counter()
            burst = []
            for _ in range(200):
                number += 1
                burst.append(self.post(rng, room, number))
            try:
                await asyncio.gather(*burst)
                for _ in range(20):
                    await self.ws.send('{"sync": 0}')
            except websockets.ConnectionClosed:
                return
            await asyncio.sleep(max(0.0, 1 - (time.perf_counter() - began)))

    async def act(self, room: Room, args: argparse.Namespace, end: float) -> None:
        """Notes and votes at seeded random moments until ``end``; one at a time, as a person
        does, catching up at once when a reply came late."""
        rng = random.Random(args.seed * 100_000 + self.index)
        now = time.perf_counter()
        next_note = now + rng.uniform(0, args.note_interval)
        next_vote = now + args.note_interval + rng.expovariate(1 / args.vote_interval)
        number = 0
        while (moment := min(next_note, next_vote)) < end and not self.closed:
            await asyncio.sleep(max(0.0, moment - time.perf_counter()))
            if time.perf_counter() >= end:  # late replies do not stretch the run
                return
            number += 1
            try:
                if next_note <= next_vote:
                    next_note += rng.expovariate(1 / args.note_interval)
                    await self.post(rng, room, number)
                else:
                    next_vote += rng.expovariate(1 / args.vote_interval)
                    await self.vote(rng, number)
            except websockets.ConnectionClosed:
                return


async def sample_memory(servers: list[Server]) -> None:
    while True:
        for server in servers:
            server.sample()
        await asyncio.sleep(0.5)


async def run_load(room: Room, servers: list[Server], args: argparse.Namespace) -> dict:
    screens = [
        Screen(i, servers[i % len(servers)].port, cookie) for i, cookie in enumerate(room.cookies)
    ]
    if args.flood:  # the last participant is the script
        screens[-1].flooder = True
    sampler = asyncio.create_task(sample_memory(servers))
    readers: list[asyncio.Task] = []
    try:
        began = time.perf_counter()
        gate = asyncio.Semaphore(10)

        async def connect(screen: Screen) -> None:
            async with gate:
                await screen.connect(room)
                readers.append(asyncio.create_task(screen.read(room)))

        await asyncio.gather(*(connect(screen) for screen in screens))
        connected = time.perf_counter() - began
        for server in servers:
            server.rss_start, server.cpu_start = server.rss(), server.cpu()
        own_cpu, machine = _own_cpu(), _machine_cpu()
        start = time.perf_counter()
        end = start + args.seconds
        await asyncio.gather(
            *(
                screen.flood(room, end) if screen.flooder else screen.act(room, args, end)
                for screen in screens
            )
        )
        acted = time.perf_counter() - start
        drained, stored = await _drain(screens, room, args.grace)
        for server in servers:
            server.cpu_end, server.rss_end = server.cpu(), server.rss()
            server.sample()
        own_cpu = _own_cpu() - own_cpu
        busy, total = (
            after - before for after, before in zip(_machine_cpu(), machine, strict=True)
        )
        return {
            "screens": screens,
            "connect_seconds": connected,
            "act_seconds": acted,
            "drain_seconds": drained,
            "stored": stored,
            "own_cpu": own_cpu,
            "machine_busy": busy / max(total, 1e-9),
        }
    finally:
        sampler.cancel()
        for screen in screens:
            screen.stopping = True
        await asyncio.gather(
            *(screen.ws.close() for screen in screens if screen.ws is not None),
            return_exceptions=True,
        )
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, sampler, return_exceptions=True)


async def _drain(screens: list[Screen], room: Room, grace: float) -> tuple[float, tuple]:
    """Wait until every screen has the activity's last event (at most ``grace`` seconds);
    returns the wait and what is stored."""
    began = time.perf_counter()
    while True:
        stored = await asyncio.to_thread(stored_counts, room.activity)
        last = stored[2]
        done = all(s.seqs and s.seqs[-1] >= last for s in screens if not s.closed)
        if done or time.perf_counter() - began > grace:
            return time.perf_counter() - began, stored
        await asyncio.sleep(0.25)


def _machine_cpu() -> tuple[float, float]:
    """(busy, all) CPU time of the whole machine so far, in clock ticks, from /proc/stat."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return sum(ticks) - idle, sum(ticks)


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- The report -----------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (NaN for no values)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(share * len(ordered)))) - 1]


def ms(values: list[float], *shares: float) -> str:
    return "  ".join(f"p{round(s * 100)} {percentile(values, s) * 1000:7.1f} ms" for s in shares)


def sequence_problems(screen: Screen, since: int, last: int) -> str:
    """'' when the screen got events since+1 .. last exactly once and in order."""
    expected = list(range(since + 1, last + 1))
    if screen.seqs == expected:
        return ""
    seen = set(screen.seqs)
    duplicates = len(screen.seqs) - len(seen)
    missing = len(set(expected) - seen)
    disorder = sum(1 for a, b in zip(screen.seqs, screen.seqs[1:], strict=False) if b <= a)
    return f"{missing} missing, {duplicates} duplicated, {disorder} out of order"


def report(name: str, description: str, room: Room, servers: list[Server], result: dict, args):
    """Print the figures of one set-up; returns (something lost, a target missed)."""
    everyone: list[Screen] = result["screens"]
    screens = [screen for screen in everyone if not screen.flooder]  # the honest ones
    flooders = [screen for screen in everyone if screen.flooder]
    notes_stored, votes_stored, last_seq = result["stored"]
    posts = [post for screen in screens for post in screen.posts]
    flooded = [post for screen in flooders for post in screen.posts]
    submit = [acked - sent for sent, acked, _note in posts]
    votes = [seconds for screen in screens for seconds in screen.vote_seconds]
    fanout, unseen = [], 0
    for sent, _acked, note in posts:
        arrivals = [screen.received.get(note) for screen in screens]
        if None in arrivals:
            unseen += 1  # never reached every client: counts as infinitely slow
            fanout.append(math.inf)
        else:
            fanout.append(max(arrivals) - sent)
    distinct = [len(screen.received) for screen in screens]
    refused = [reason for screen in screens for reason in screen.refused]
    timeouts = sum(screen.timeouts for screen in screens)
    closed = [screen for screen in screens if screen.closed]
    broken = [
        (screen.index, problem)
        for screen in screens
        if (problem := sequence_problems(screen, room.since, last_seq))
    ]
    seconds = result["act_seconds"]
    lost = bool(
        len(posts) + len(flooded) != notes_stored
        or any(count != notes_stored for count in distinct)
        or unseen
        or broken
        or closed
        or timeouts
    )
    submit_ok = percentile(submit, 0.95) * 1000 <= TARGET_SUBMIT_P95_MS
    fanout_ok = percentile(fanout, 0.95) * 1000 <= TARGET_FANOUT_P95_MS
    verdict = {True: "met", False: "MISSED"}

    print(f"\n=== {name}: {description} ===")
    print(
        f"{len(screens)} clients for {args.seconds:.0f} s (ran {seconds:.1f} s), note every "
        f"{args.note_interval:g} s and vote every {args.vote_interval:g} s per client (mean); "
        f"connected in {result['connect_seconds']:.1f} s; load average before "
        f"{args.load_before:.2f}"
    )
    print(
        f"operations: {len(posts)} notes acked ({len(posts) / seconds:.1f}/s), {len(votes)} "
        f"votes acked ({len(votes) / seconds:.1f}/s), {len(refused)} refused, {timeouts} "
        f"without reply after {ACK_TIMEOUT:.0f} s"
    )
    for reason in sorted(set(refused))[:5]:
        print(f"  refused: {reason} (x{refused.count(reason)})")
    for flooder in flooders:
        tried = sum(1 for _ in flooder.refused) + len(flooder.posts)
        print(
            f"flooding client: {tried} notes sent (200 a second, plus 20 catch-up requests a "
            f"second), {len(flooder.posts)} accepted, {len(flooder.refused)} refused "
            f"({flooder.refused[0] if flooder.refused else '-'}); the figures below are the "
            f"{len(screens)} other clients'"
        )
    print(
        f"submit latency (note.add, send to ack): {ms(submit, 0.5, 0.95, 0.99)}"
        f"   target p95 <= {TARGET_SUBMIT_P95_MS:.0f} ms: {verdict[submit_ok]}"
    )
    print(f"vote latency (send to ack):             {ms(votes, 0.5, 0.95, 0.99)}")
    print(
        f"fan-out (submit to the last client):    {ms(fanout, 0.5, 0.95, 0.99)}"
        f"   target p95 <= {TARGET_FANOUT_P95_MS:.0f} ms: {verdict[fanout_ok]}"
    )
    print(
        f"notes: posted {len(posts)}, stored {notes_stored}, received by each client "
        f"min {min(distinct, default=0)} max {max(distinct, default=0)} (distinct); "
        f"{unseen} posted notes missing on some client {args.grace:g} s after the load (lost); "
        f"votes stored {votes_stored}"
    )
    behind = sum(1 for screen in screens if not screen.seqs or screen.seqs[-1] < last_seq)
    waited = (
        f"all clients had the last one {result['drain_seconds']:.1f} s after the load"
        if not behind
        else f"{behind} clients still behind {args.grace:g} s after the load"
    )
    print(
        f"events: numbers {room.since + 1}..{last_seq}, in order and once each on "
        f"{len(screens) - len(broken)}/{len(screens)} clients; {waited}"
        + (f"; {len(closed)} connections closed early ({closed[0].closed})" if closed else "")
    )
    for index, problem in broken[:5]:
        print(f"  client {index}: {problem}")
    codes = [code for screen in screens for code in screen.reconnects]
    if codes:
        by_code = ", ".join(f"{codes.count(c)} x {c}" for c in sorted(set(codes)))
        print(
            f"reconnects: {len(codes)} ({by_code}) on "
            f"{sum(1 for screen in screens if screen.reconnects)} clients (4408: too far behind,"
            f" closed by the server; the client caught up from its last number)"
        )
    span = max(seconds + result["drain_seconds"], 1e-9)
    for server in servers:
        cpu = (server.cpu_end - server.cpu_start) / span
        print(
            f"server :{server.port} memory (VmRSS) {server.rss_start:.0f} MiB after connecting,"
            f" peak {server.rss_peak:.0f} MiB, end {server.rss_end:.0f} MiB; CPU {cpu:.0%} "
            f"of a core; {len(server.problems())} errors in its log"
        )
    print(
        f"benchmark's own CPU: {result['own_cpu'] / span:.0%} of a core; the "
        f"machine's {os.cpu_count()} cores were {result['machine_busy']:.0%} busy (servers, "
        f"database, clients and anything else running)"
    )
    status = "nothing lost" if not lost else "SOMETHING LOST"
    print(f"result: {status}; targets {verdict[submit_ok and fanout_ok]}")
    if args.summary:
        figures = {
            "clients": len(screens),
            "submit_p95_ms": percentile(submit, 0.95) * 1000,
            "fanout_p95_ms": percentile(fanout, 0.95) * 1000,
            "lost": lost,
            "met": submit_ok and fanout_ok,
            "reconnects": len(codes),
            "cpu": [(s.cpu_end - s.cpu_start) / span for s in servers],
            "rss_peak_mib": [s.rss_peak for s in servers],
        }
        Path(args.summary).write_text(json.dumps(figures))
    return lost, not (submit_ok and fanout_ok)


# --- One set-up -----------------------------------------------------------------------------


def prepare(name: str, args: argparse.Namespace, workdir: Path) -> tuple[dict, str, int]:
    """The environment of the servers (and of this process) for the set-up; creates the
    PostgreSQL database and empties the Redis database of the production set-up."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="larlabb.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
        LARLABB_DATA_DIR=str(workdir),
        MEDIA_ROOT=str(workdir / "media"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        LOG_LEVEL="WARNING",
    )
    if name == "embedded":
        return env, "", 1
    import psycopg
    import redis

    database = f"larlabb_live_load_{os.getpid()}"
    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    client = redis.Redis.from_url(args.redis)
    try:
        client.flushdb()
    finally:
        client.close()
    env.update(DATABASE_URL=f"{args.postgres}/{database}", REDIS_URL=args.redis)
    return env, database, 2


def clean_up(args: argparse.Namespace, database: str, workdir: Path) -> None:
    from django.db import connections

    connections.close_all()
    if database:
        import psycopg
        import redis

        with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        client = redis.Redis.from_url(args.redis)
        try:
            client.flushdb()
        finally:
            client.close()
    shutil.rmtree(workdir, ignore_errors=True)


def run_setup(name: str, args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix=f"larlabb-live-load-{name}-"))
    database = ""
    servers: list[Server] = []
    try:
        env, database, processes = prepare(name, args, workdir)
        processes = args.processes if name == "production" else processes
        os.environ.clear()
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        room = seed_room(args.clients + (1 if args.flood else 0))
        vendor = connection.vendor
        connection.close()
        servers = start_servers(processes, env, workdir, args.asgi, args.server)
        server = {"uvicorn": "Uvicorn", "daphne": "Daphne"}[args.server]
        if name == "production":
            description = f"{processes} {server} processes, {vendor}, Redis channel layer"
        else:
            description = f"1 {server} process, {vendor} in a temporary folder, in-memory layer"
        args.load_before = os.getloadavg()[0]
        budget = args.seconds + args.grace + ACK_TIMEOUT + 180
        # the clients' event loop is uvloop's, as the servers' (Uvicorn's): they share the cores
        result = uvloop.run(asyncio.wait_for(run_load(room, servers, args), budget))
        lost, missed = report(name, description, room, servers, result, args)
        for server in servers:
            problems = server.problems()
            for line in sorted(set(problems))[:5]:
                print(f"  log :{server.port}: {line} (x{problems.count(line)})")
        return 1 if lost else (2 if missed and args.strict else 0)
    finally:
        stop_servers(servers)
        clean_up(args, database, workdir)


def ramp(args: argparse.Namespace) -> int:
    """Rooms of ``--ramp-step`` more clients each, in the production set-up, until one misses
    a target or loses something; prints each room's figures and the largest that met both."""
    rows, largest = [], 0
    arguments = [a for a in sys.argv[1:] if a != "--ramp"]
    for clients in range(args.ramp_start or args.ramp_step, args.ramp_max + 1, args.ramp_step):
        with tempfile.NamedTemporaryFile(suffix=".json") as summary:
            command = [
                *(sys.executable, __file__, *arguments),
                *("--setup", "production", "--clients", str(clients), "--summary", summary.name),
            ]
            child = subprocess.Popen(command)  # noqa: S603  (this script, again)
            try:
                child.wait()
            except KeyboardInterrupt:
                child.send_signal(signal.SIGTERM)
                child.wait(timeout=120)
                return 130
            text = Path(summary.name).read_text()
        if not text:
            print(f"ramp: the room of {clients} did not finish (exit {child.returncode})")
            break
        figures = json.loads(text)
        rows.append(figures)
        if figures["lost"] or not figures["met"]:
            break
        largest = clients
    print(f"\n=== ramp: {args.processes} {args.server} processes, {args.seconds:g} s per room ===")
    print("clients  submit p95   fan-out p95  lost  reconnects  CPU per process")
    for row in rows:
        cpu = " ".join(f"{c:.0%}" for c in row["cpu"])
        print(
            f"{row['clients']:7d}  {row['submit_p95_ms']:8.0f} ms  {row['fanout_p95_ms']:8.0f} ms"
            f"  {'yes' if row['lost'] else 'no':4s}  {row['reconnects']:10d}  {cpu}"
        )
    print(
        f"largest room that met both targets (submit p95 <= {TARGET_SUBMIT_P95_MS:.0f} ms, "
        f"fan-out p95 <= {TARGET_FANOUT_P95_MS:.0f} ms) with nothing lost: {largest} clients"
    )
    return 0 if largest else 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=150)
    parser.add_argument("--setup", choices=("production", "embedded", "both"), default="both")
    parser.add_argument("--note-interval", type=float, default=5.0, help="mean, per client")
    parser.add_argument("--vote-interval", type=float, default=10.0, help="mean, per client")
    parser.add_argument("--grace", type=float, default=10.0, help="wait for stragglers")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument(
        "--asgi", default="larlabb.asgi:application", help="the application the servers serve"
    )
    parser.add_argument(
        "--server",
        choices=("uvicorn", "daphne"),
        default="uvicorn",
        help="the ASGI server: the production unit's Uvicorn (deploy/systemd), or Daphne",
    )
    parser.add_argument("--processes", type=int, default=2, help="of the production set-up")
    parser.add_argument(
        "--ramp",
        action="store_true",
        help="production set-up with 150, 300, 450, ... clients (--ramp-step, up to "
        "--ramp-max) until a target is missed or something lost; prints the largest room "
        "that met both targets with nothing lost",
    )
    parser.add_argument("--ramp-step", type=int, default=150)
    parser.add_argument("--ramp-start", type=int, default=0, help="the first room (--ramp-step)")
    parser.add_argument("--ramp-max", type=int, default=1200)
    parser.add_argument("--summary", default="", help=argparse.SUPPRESS)  # for --ramp
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    parser.add_argument(
        "--flood",
        action="store_true",
        help="one more client floods the room (200 notes and 20 catch-ups a second)",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop)
    if args.ramp:
        sys.exit(ramp(args))
    if args.setup != "both":
        try:
            sys.exit(run_setup(args.setup, args))
        except KeyboardInterrupt:
            print(f"{args.setup}: interrupted; servers stopped, temporary data removed")
            sys.exit(130)
    # Each set-up in a process of its own: Django's settings are read once per process.
    codes = {}
    for name in ("production", "embedded"):
        command = [sys.executable, __file__, *sys.argv[1:], "--setup", name]
        child = subprocess.Popen(command)  # noqa: S603  (this script, again)
        try:
            codes[name] = child.wait()
        except KeyboardInterrupt:
            child.send_signal(signal.SIGTERM)  # it stops its servers and removes its data
            child.wait(timeout=120)
            sys.exit(130)
    print("\n" + ", ".join(f"{name}: exit {code}" for name, code in codes.items()))
    sys.exit(max(codes.values()))


if __name__ == "__main__":
    main()
