"""The morning of a workshop, through the production stack (deploy/stack.py: Caddy with TLS,
the ASGI processes of the units, the worker, PostgreSQL and Redis on loopback).

``--people`` registered participants (150) arrive within ``--window`` seconds (120; arrival
moments seeded, uniform): each opens the invitation, logs in by the code the worker emails,
opens the start page and their lab, opens the workshop's live room and its board, and joins the
board's WebSocket, which stays open until everyone is in; then ``--notes`` of them (30) post a
note each within 10 s, and each note must reach every screen. Meanwhile two organisers export the
registrations (XLSX and CSV, in turn) every ``--export-interval`` seconds. All of it from
127.0.0.1 through Caddy, so the login limits count one client address for everyone (300 code
requests a minute: enough for 150 in two minutes).

Prints per step the count, p50/p95/p99 and errors (target: 0 errors, p95 <= 300 ms per page),
the delivery of the codes (from asking to the email, the worker's part), the notes' fan-out
(from sending to the last screen), peak connections to PostgreSQL, and the memory
(VmRSS) and CPU of each server process, Caddy and the worker. Runs with 2 and then 3 ASGI
processes, each in a process of its own (Django's settings are read once per process).

    .venv/bin/python bench/morning.py [--processes 2 3] [--people 150] [--window 120]
        [--server unit|daphne]
"""

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import re
import resource
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import websockets  # noqa: E402

from deploy.client import Browser, Timing  # noqa: E402
from deploy.stack import Process, Stack  # noqa: E402

TARGET_P95_MS = 300.0
NOTE = re.compile(r"Morgonnotis \d{3}")
LAB = "/labb/hallbar-utveckling/"
ORGANISERS = ["organisator@example.org", "catarina.lahti@example.org"]
# The steps that are pages (a person waits for each); the rest are reported beside them.
PAGES = [
    "invitation",
    "login page",
    "ask for a code",
    "type the code",
    "start page",
    "their lab",
    "live room",
    "board",
    "open the socket",
    "export xlsx",
    "export csv",
]
# For comparing ASGI servers (--server): Daphne as `make run` serves; Uvicorn is the unit's.
DAPHNE = [
    str(ROOT / ".venv" / "bin" / "daphne"),
    *("--bind", "127.0.0.1", "--port", "{port}", "--proxy-headers"),
    *("--server-name", "larlabb-web-{port}", "larlabb.asgi:application"),
]


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


# --- The people -----------------------------------------------------------------------------


@dataclass
class Room:
    code: str
    board: int
    column: int
    people: list[str]


def seed(people: int) -> Room:
    """``people`` participants registered (confirmed) for the demo lab, from organisations of
    their own (two each), each with a verified address; the room's code and its open board."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from larlabb.accounts.models import User
    from larlabb.actors.models import Organisation
    from larlabb.labs.models import Lab
    from larlabb.live.models import Activity
    from larlabb.registrations.models import Registration

    lab = Lab.objects.get(slug=LAB.strip("/").split("/")[-1])
    kinds = ["region"] * 5 + ["agency"] * 4 + ["municipality"]
    Organisation.objects.bulk_create(
        Organisation(name=f"Morgonorganisation {n:03d}", kind=kinds[n % len(kinds)])
        for n in range((people + 1) // 2)
    )
    organisations = list(Organisation.objects.filter(name__startswith="Morgonorganisation "))
    users = []
    for n in range(people):
        person = User(
            email=f"deltagare{n:03d}@morgon.example",
            name=f"Deltagare {n:03d}",
            organisation=organisations[n // 2],
        )
        person.set_unusable_password()
        users.append(person)
    User.objects.bulk_create(users)
    users = list(User.objects.filter(email__endswith="@morgon.example").order_by("email"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    Registration.objects.bulk_create(
        Registration(
            lab=lab,
            person=user,
            organisation=user.organisation,
            status=Registration.Status.CONFIRMED,
            knowledge=Registration.Knowledge.BOTH,
            travel_acknowledged=True,
            confirmed_at=timezone.now(),
        )
        for user in users
    )
    board = Activity.objects.select_related("room").get(
        room__workshop__lab=lab, kind=Activity.Kind.PERSPECTIVES, status="open"
    )
    column = board.columns.order_by("position").values_list("pk", flat=True)[0]
    return Room(board.room.code, board.pk, column, [user.email for user in users])


@dataclass
class Screen:
    """A participant's open board: when each of the morning's notes arrived on it."""

    socket: Any
    arrivals: dict[str, float] = field(default_factory=dict)

    async def read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for text in self.socket:
                now = time.perf_counter()
                for marker in NOTE.findall(str(text)):
                    self.arrivals.setdefault(marker, now)


@dataclass
class Outcome:
    timings: list[Timing] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    screens: list[Screen] = field(default_factory=list)
    readers: list[asyncio.Task[None]] = field(default_factory=list)
    in_room: int = 0
    fanout: list[float] = field(default_factory=list)


async def arrive(stack: Stack, room: Room, address: str, at: float, outcome: Outcome) -> None:
    """One participant's morning, starting ``at`` seconds after the start."""
    await asyncio.sleep(at)
    browser = Browser(stack.url, stack.ssl_context(), timings=outcome.timings)
    try:
        await browser.get(LAB, "invitation")
        answer = await browser.log_in(stack.mailbox, address)
        start = await browser.get(answer.headers["Location"], "start page", expect=302)
        await browser.get(start.headers["Location"], "their lab")  # the lab they registered for
        await browser.get(f"/live/{room.code}/", "live room")
        await browser.get(f"/live/{room.code}/{room.board}/", "board")
        screen = Screen(await browser.websocket(f"/ws/live/{room.code}/{room.board}/"))
        outcome.screens.append(screen)
        outcome.readers.append(asyncio.create_task(screen.read()))
        outcome.in_room += 1
    except Exception as error:
        outcome.errors.append(f"{address}: {type(error).__name__}: {str(error)[:300]}")
    finally:
        await browser.close()


async def export(stack: Stack, address: str, end: float, interval: float, outcome: Outcome):
    """An organiser who exports the registrations every ``interval`` seconds until ``end``."""
    browser = Browser(stack.url, stack.ssl_context(), timings=outcome.timings)
    try:
        await browser.log_in(stack.mailbox, address)
        turn = 0
        while time.perf_counter() < end:
            fmt = ("xlsx", "csv")[turn % 2]
            answer = await browser.get(f"{LAB}anmalningar.{fmt}", f"export {fmt}")
            if not answer.content:
                outcome.errors.append(f"{address}: an empty {fmt} export")
            turn += 1
            await asyncio.sleep(interval)
    except Exception as error:
        outcome.errors.append(f"{address}: {type(error).__name__}: {str(error)[:300]}")
    finally:
        await browser.close()


async def notes(room: Room, outcome: Outcome, args: argparse.Namespace) -> None:
    """Once everyone is in: ``--notes`` participants post a note each within 10 s; the fan-out
    is the time from sending until the last open screen has it (screens on every process)."""
    rng = random.Random(args.seed + 1)
    writers = rng.sample(outcome.screens, min(args.notes, len(outcome.screens)))
    sent: dict[str, float] = {}

    async def post(number: int, screen: Screen) -> None:
        await asyncio.sleep(rng.uniform(0, 10))
        marker = f"Morgonnotis {number:03d}"
        note = {"op": "note.add", "ref": f"m{number}", "text": marker, "column": room.column}
        sent[marker] = time.perf_counter()
        await screen.socket.send(json.dumps({**note, "key": str(uuid.uuid4())}))

    await asyncio.gather(*(post(n, screen) for n, screen in enumerate(writers)))
    deadline = time.perf_counter() + 15
    while time.perf_counter() < deadline and not all(
        marker in screen.arrivals for marker in sent for screen in outcome.screens
    ):
        await asyncio.sleep(0.1)
    for marker, moment in sent.items():
        arrivals = [screen.arrivals.get(marker) for screen in outcome.screens]
        if None in arrivals:
            missing = arrivals.count(None)
            outcome.errors.append(f"{marker} missing on {missing} screens after 15 s")
        else:
            outcome.fanout.append(max(a for a in arrivals if a is not None) - moment)


async def sample(stack: Stack, processes: list[Process], peaks: dict[str, float]) -> None:
    """Peak memory of each process and peak connections to the stack's database."""
    query = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
    while True:
        for process in processes:
            peaks[process.name] = max(peaks.get(process.name, 0.0), process.rss())
        [(connections,)] = await asyncio.to_thread(stack.sql, query)
        peaks["database connections"] = max(peaks.get("database connections", 0), connections - 1)
        await asyncio.sleep(0.5)


async def morning(stack: Stack, room: Room, args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    outcome = Outcome()
    watched = [*stack.servers(), *([stack.caddy] if stack.caddy else [])]
    peaks: dict[str, float] = {}
    before = {p.name: (p.rss(), p.cpu()) for p in watched}
    machine, own = _machine_cpu(), _own_cpu()
    sampler = asyncio.create_task(sample(stack, watched, peaks))
    began = time.perf_counter()
    end = began + args.window
    try:
        await asyncio.gather(
            *(arrive(stack, room, a, rng.uniform(0, args.window), outcome) for a in room.people),
            *(export(stack, o, end, args.export_interval, outcome) for o in ORGANISERS),
        )
        seconds = time.perf_counter() - began
        await notes(room, outcome, args)
        closed = [s.socket for s in outcome.screens if s.socket.close_code is not None]
        for socket in closed:
            outcome.errors.append(f"socket closed by the server: {socket.close_code}")
    finally:
        sampler.cancel()
        await asyncio.gather(sampler, return_exceptions=True)
        await asyncio.gather(*(s.socket.close() for s in outcome.screens), return_exceptions=True)
        await asyncio.gather(*outcome.readers, return_exceptions=True)
    busy, total = (a - b for a, b in zip(_machine_cpu(), machine, strict=True))
    usage = {
        p.name: (before[p.name][0], peaks.get(p.name, 0.0), p.rss(), (p.cpu() - before[p.name][1]))
        for p in watched
    }
    return {
        "connections": peaks.get("database connections", 0),
        "outcome": outcome,
        "seconds": seconds,
        "usage": usage,
        "machine": busy / max(total, 1e-9),
        "own": _own_cpu() - own,
    }


# --- The report -----------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (NaN for no values)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(share * len(ordered)))) - 1]


def report(stack: Stack, result: dict[str, Any], args: argparse.Namespace) -> bool:
    outcome: Outcome = result["outcome"]
    steps: dict[str, list[float]] = defaultdict(list)
    for timing in outcome.timings:
        steps[timing.step].append(timing.seconds)
    seconds = result["seconds"]
    server = Path(str(stack.web[0].popen.args[0])).name  # type: ignore[index]
    print(
        f"\n=== {stack.processes} {server} processes behind Caddy, PostgreSQL, Redis: "
        f"{len(args.people_list)} people within {args.window:.0f} s ==="
    )
    print(
        f"ran {seconds:.1f} s; {outcome.in_room}/{len(args.people_list)} in the live room; "
        f"{len(outcome.errors)} errors; load average before {args.load_before:.2f}"
    )
    print(f"{'step':<18}{'count':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    worst = 0.0
    for step in [*PAGES, "code by email"]:
        values = steps.get(step, [])
        p95 = percentile(values, 0.95) * 1000
        if step in PAGES and values:
            worst = max(worst, p95)
        print(
            f"{step:<18}{len(values):>7}{percentile(values, 0.5) * 1000:>10.0f}{p95:>10.0f}"
            f"{percentile(values, 0.99) * 1000:>10.0f}{max(values, default=math.nan) * 1000:>10.0f}"
        )
    fanout = outcome.fanout
    print(
        f"{'note to all':<18}{len(fanout):>7}{percentile(fanout, 0.5) * 1000:>10.0f}"
        f"{percentile(fanout, 0.95) * 1000:>10.0f}{percentile(fanout, 0.99) * 1000:>10.0f}"
        f"{max(fanout, default=math.nan) * 1000:>10.0f}   (from sending to the last of "
        f"{outcome.in_room} screens)"
    )
    for error in sorted(set(outcome.errors))[:10]:
        print(f"  error: {error} (x{outcome.errors.count(error)})")
    for name, (start, peak, end, cpu) in result["usage"].items():
        print(
            f"{name:<12} memory (VmRSS) {start:5.0f} MiB at the start, peak {peak:5.0f} MiB, "
            f"end {end:5.0f} MiB; CPU {cpu:6.1f} s = {cpu / seconds:4.0%} of a core"
        )
    for process in stack.servers():
        problems = process.errors()
        for line in sorted(set(problems))[:5]:
            print(f"  log {process.name}: {line[:300]} (x{problems.count(line)})")
    print(
        f"database connections (peak, the sampler's own not counted): {result['connections']:.0f}"
        f" (PostgreSQL allows {stack.sql('SHOW max_connections')[0][0]}); "
        f"DATABASE_POOL_MAX={stack.env.get('DATABASE_POOL_MAX', '0')}"
    )
    print(
        f"benchmark's own CPU {result['own'] / seconds:.0%} of a core; the machine's "
        f"{os.cpu_count()} cores {result['machine']:.0%} busy (servers, PostgreSQL, Redis, "
        f"the clients and anything else)"
    )
    met = worst <= TARGET_P95_MS and not outcome.errors
    print(
        f"result: {len(outcome.errors)} errors, worst page p95 {worst:.0f} ms; target (0 errors, "
        f"p95 <= {TARGET_P95_MS:.0f} ms per page) {'met' if met else 'MISSED'}"
    )
    return met


def _machine_cpu() -> tuple[float, float]:
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = ticks[3] + ticks[4]
    return sum(ticks) - idle, sum(ticks)


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def warm_up(stack: Stack) -> None:
    """Each ASGI process serves the invitation and the login page once, straight (a process
    that has just started loads its templates on its first pages: seconds on this machine)."""
    import http.client

    for process in stack.web:
        for path in (LAB, "/konto/login/code/"):
            connection = http.client.HTTPConnection("127.0.0.1", process.port, timeout=60)
            try:
                headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
                connection.request("GET", path, headers=headers)
                status = connection.getresponse().status
            finally:
                connection.close()
            if status != 200:
                raise RuntimeError(f"warming {process.name} up: {path} answered {status}")


# --- Runs -----------------------------------------------------------------------------------


def run(processes: int, args: argparse.Namespace) -> int:
    command = DAPHNE if args.server == "daphne" else None  # None: the unit's own command
    settings = {"DATABASE_POOL_MAX": str(args.pool)} if args.pool is not None else {}
    with Stack(
        processes=processes, web_command=command, redis=args.redis, settings=settings
    ) as stack:
        os.environ.clear()
        os.environ.update(stack.env, DJANGO_SETTINGS_MODULE="larlabb.settings")
        import django

        django.setup()
        from django.db import connections

        room = seed(args.people)
        connections.close_all()
        args.people_list = room.people
        args.load_before = os.getloadavg()[0]
        warm_up(stack)
        print(f"stack up in {stack.timings['started']:.0f} s; the morning starts")
        result = asyncio.run(morning(stack, room, args))
        met = report(stack, result, args)
    return 0 if met else (2 if args.strict else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--processes", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--window", type=float, default=120.0, help="seconds of arrivals")
    parser.add_argument("--export-interval", type=float, default=5.0)
    parser.add_argument("--notes", type=int, default=30, help="notes posted once all are in")
    parser.add_argument(
        "--server",
        choices=("unit", "daphne"),
        default="unit",
        help="the web unit's command (Uvicorn), or Daphne for a comparison",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8")
    parser.add_argument(
        "--pool", type=int, help="DATABASE_POOL_MAX (default: the environment file's)"
    )
    parser.add_argument("--seed", type=int, default=830)
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop)
    if len(args.processes) == 1:
        try:
            sys.exit(run(args.processes[0], args))
        except KeyboardInterrupt:
            print("interrupted; the stack is stopped and its data removed")
            sys.exit(130)
    codes = []
    for count in args.processes:  # each in a process of its own
        options = {
            "--people": args.people,
            "--window": args.window,
            "--export-interval": args.export_interval,
            "--notes": args.notes,
            "--server": args.server,
            "--redis": args.redis,
            "--seed": args.seed,
            **({"--pool": args.pool} if args.pool is not None else {}),
            "--processes": count,
        }
        command = [sys.executable, __file__, *(f"{k}={v}" for k, v in options.items())]
        child = subprocess.Popen(command + ["--strict"] * args.strict)  # noqa: S603
        try:
            codes.append(child.wait())
        except KeyboardInterrupt:
            child.send_signal(signal.SIGTERM)
            child.wait(timeout=120)
            sys.exit(130)
    sys.exit(max(codes))


if __name__ == "__main__":
    main()
