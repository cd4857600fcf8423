"""Lärlabb's production stack on loopback, started from the files an operator installs.

The commands come from the systemd units in ``deploy/systemd`` (``ExecStart`` of
``larlabb-web@.service`` with the port as instance, of ``larlabb-worker.service`` and of
``larlabb-reminders.service``), the environment from ``deploy/larlabb.env.example`` with the
loopback's values over it, and Caddy's configuration from ``deploy/caddy/Caddyfile`` with the
site's name, the upstreams and the paths replaced, Caddy's internal CA instead of Let's Encrypt
and a data folder of its own. So the test and the morning benchmark run what the units run.

Around them: a fresh PostgreSQL database on 127.0.0.1:5432 (dropped at the end), a Redis
database number of its own (emptied before and after), and an SMTP server on loopback that
stands for the operator's mail relay (the worker delivers the login codes there). The demo is
loaded (``manage.py load_demo``) after ``migrate``, as an operator would try a new server.

    .venv/bin/python deploy/stack.py [--processes 2]    # serves until Ctrl-C
"""

import argparse
import contextlib
import ctypes
import email
import email.policy
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
CADDYFILE = DEPLOY / "caddy" / "Caddyfile"
ENV_EXAMPLE = DEPLOY / "larlabb.env.example"
# Where the units and the Caddyfile expect the checkout, its virtual environment and its files.
INSTALLED = "/opt/larlabb"
RUNTIME = "/run/larlabb"
SITE_NAME = "larlabb.example.se"
UPSTREAMS = "127.0.0.1:8001 127.0.0.1:8002"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


class ServiceMissingError(RuntimeError):
    """A service the stack needs (Caddy, PostgreSQL, Redis) is not there."""


# --- The installed files, read -----------------------------------------------------------


def unit_settings(name: str) -> dict[str, list[str]]:
    """The ``[Service]`` settings of a unit file in deploy/systemd, each with its values."""
    found: dict[str, list[str]] = {}
    section = ""
    for raw in (UNITS / name).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "Service" and "=" in line:
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def unit_command(name: str, instance: str = "", key: str = "ExecStart") -> list[list[str]]:
    """The commands of ``key`` in unit ``name`` as this checkout runs them: the installed
    folder replaced by this checkout, ``%i`` by ``instance``, the run-time folder by ours."""
    commands = []
    for value in unit_settings(name).get(key, []):
        text = value.replace("%i", instance).replace(INSTALLED, str(ROOT))
        commands.append(shlex.split(text))
    return commands


def read_environment_file(path: Path) -> dict[str, str]:
    """An ``EnvironmentFile`` as systemd reads it: ``KEY=value`` lines, comments and blank
    lines skipped, one pair of surrounding quotes taken off."""
    values = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def render_caddyfile(*, port: int, http_port: int, upstreams: list[int], storage: Path) -> str:
    """deploy/caddy/Caddyfile for loopback: global options for an unprivileged Caddy with its
    internal CA and its own storage, the site on https://localhost:<port>, our upstreams, our
    static folder, the log in the storage folder. Each replacement must find its text."""
    text = CADDYFILE.read_text()
    global_options = "\n".join(
        [
            "{",
            "\tadmin off",
            "\tskip_install_trust",
            "\tlocal_certs",
            f"\thttp_port {http_port}",
            f"\thttps_port {port}",
            f"\tstorage file_system {storage}",
            "}",
        ]
    )
    replacements = [
        (re.compile(r"^\{\n.*?^\}\n", re.MULTILINE | re.DOTALL), global_options + "\n"),
        (
            re.compile(rf"^{re.escape(SITE_NAME)} \{{$", re.MULTILINE),
            f"https://localhost:{port} {{\n\ttls internal",
        ),
        (
            re.compile(rf"reverse_proxy {re.escape(UPSTREAMS)} "),
            "reverse_proxy " + " ".join(f"127.0.0.1:{p}" for p in upstreams) + " ",
        ),
        (re.compile(re.escape(f"{INSTALLED}/")), f"{ROOT}/"),
        (re.compile(r"output file /var/log/caddy/\S+"), f"output file {storage}/access.log"),
    ]
    for pattern, replacement in replacements:
        text, count = pattern.subn(replacement.replace("\\", "\\\\"), text, count=1)
        if count != 1:
            raise ValueError(f"deploy/caddy/Caddyfile no longer has {pattern.pattern!r}")
    return text


def has_run_worker() -> bool:
    """Whether ``manage.py run_worker`` (db_worker with a heartbeat) is in this checkout."""
    command = ROOT / "src" / "larlabb" / "service" / "management" / "commands" / "run_worker.py"
    settings = (ROOT / "src" / "larlabb" / "settings.py").read_text()
    return command.exists() and '"larlabb.service"' in settings


def static_is_collected() -> bool:
    """Whether collectstatic's output is there and newer than every static source file."""
    manifest = ROOT / "build" / "collected" / "staticfiles.json"
    if not manifest.exists():
        return False
    written = manifest.stat().st_mtime
    sources = [ROOT / "build" / "static", *(ROOT / "src" / "larlabb").glob("*/static")]
    return all(
        path.stat().st_mtime <= written
        for folder in sources
        for path in folder.rglob("*")
        if path.is_file()
    )


# --- The mail relay -----------------------------------------------------------------------


@dataclass
class Mailbox:
    """What the worker delivered to the SMTP server on loopback, parsed."""

    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.arrived = threading.Condition(self.lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]

    def wait_for(
        self,
        address: str,
        count: int = 1,
        timeout: float = 30,
        matching: Callable[[EmailMessage], bool] = lambda message: True,
    ) -> EmailMessage:
        """The ``count``-th message to ``address`` (of those ``matching``), waiting for it at
        most ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while True:
                found = [m for m in self.messages if address in str(m["To"]) and matching(m)]
                if len(found) >= count:
                    return found[count - 1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no email number {count} to {address} in {timeout} s")
                self.arrived.wait(left)

    @staticmethod
    def text(message: EmailMessage) -> str:
        body = message.get_body(preferencelist=("plain",))
        return str(body.get_content()) if body is not None else ""

    def login_code(self, address: str, count: int = 1, timeout: float = 30) -> str:
        """The code of the ``count``-th login code email to ``address`` (other emails, such as
        reminders, may come in between)."""
        message = self.wait_for(
            address, count, timeout, lambda m: CODE.search(self.text(m)) is not None
        )
        return str(CODE.findall(self.text(message))[0])


# --- Processes ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """In a child before exec: SIGTERM when the stack's process dies, however it dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def rss_mib(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB (0 once the process is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match[1]) / 1024 if match else 0.0


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used (0 once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(stat[11]) + int(stat[12])) / CLOCK_TICKS


def errors_in_log(log: Path) -> list[str]:
    """Each error of a process's log: a traceback's last line, an ERROR line, or a JSON line
    (LOG_FORMAT=json) at level ERROR with the last line of its traceback."""
    text = log.read_text(errors="replace") if log.exists() else ""
    found, inside = [], False
    for line in text.splitlines():
        if line.startswith("{"):
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if entry.get("level") in ("ERROR", "CRITICAL"):
                    trace = str(entry.get("exc_info") or "").strip().splitlines()
                    found.append(f"{entry.get('message')}: {trace[-1] if trace else ''}")
                continue
        if line.startswith("Traceback"):
            inside = True
        elif inside and not line.startswith(" "):
            found.append(line)
            inside = False
        elif "ERROR" in line:
            found.append(line)
    return found


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    port: int = 0

    def rss(self) -> float:
        return rss_mib(self.popen.pid)

    def cpu(self) -> float:
        return cpu_seconds(self.popen.pid)

    def errors(self) -> list[str]:
        return errors_in_log(self.log)


def wait_for_port(process: Process, port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} stopped:\n{process.log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{process.name} did not listen on {port} within {timeout:.0f} s")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)


# --- The stack ----------------------------------------------------------------------------


@dataclass
class Stack:
    """Caddy, ``processes`` ASGI processes, the worker, PostgreSQL and Redis on loopback.

    ``web_command`` replaces the web unit's ExecStart (``{port}`` in it is the port), for
    comparing ASGI servers; by default the unit's own command runs."""

    processes: int = 2
    postgres: str = "postgres://postgres@127.0.0.1:5432"
    redis: str = "redis://127.0.0.1:6379/7"
    web_command: list[str] | None = None
    load_demo: bool = True
    log_level: str = "WARNING"
    settings: dict[str, str] = field(default_factory=dict)  # over the loopback's environment
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="larlabb-stack-")))
    database: str = ""
    port: int = 0
    env: dict[str, str] = field(default_factory=dict)
    web: list[Process] = field(default_factory=list)
    worker: Process | None = None
    caddy: Process | None = None
    mailbox: Mailbox = field(default_factory=Mailbox)
    smtp: Any = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"https://localhost:{self.port}"

    @property
    def root_certificate(self) -> Path:
        """Caddy's internal root certificate, which the clients trust."""
        return self.workdir / "caddy" / "pki" / "authorities" / "local" / "root.crt"

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.root_certificate))

    def servers(self) -> list[Process]:
        return [*self.web, *([self.worker] if self.worker else [])]

    # --- start and stop

    def __enter__(self) -> "Stack":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def check_services(self) -> None:
        """Raise ServiceMissingError naming what is missing."""
        import psycopg
        import redis

        if shutil.which("caddy") is None:
            raise ServiceMissingError("Caddy is not installed (make stack-packages)")
        try:
            with psycopg.connect(f"{self.postgres}/postgres", connect_timeout=3):
                pass
        except psycopg.OperationalError as error:
            raise ServiceMissingError(f"PostgreSQL is not reachable at {self.postgres}") from error
        client = redis.Redis.from_url(self.redis, socket_connect_timeout=3)
        try:
            client.ping()
        except redis.RedisError as error:
            raise ServiceMissingError(f"Redis is not reachable at {self.redis}") from error
        finally:
            client.close()

    def start(self) -> None:
        """The operator's steps (collectstatic, migrate), then the units' processes; the demo
        loads while the processes start."""
        began = time.monotonic()
        self.check_services()
        self._prepare_services()
        self.env = self._environment()
        if not static_is_collected():
            self._manage("collectstatic", "--no-input", "-v0")
        self._manage("migrate", "--no-input", "-v0")
        self.timings["migrated"] = time.monotonic() - began
        for port in (free_port() for _ in range(self.processes)):
            self.web.append(self._start_web(port))
        [worker_command] = unit_command("larlabb-worker.service")
        if not has_run_worker():  # until run_worker is in (issue 20)
            worker_command[worker_command.index("run_worker")] = "db_worker"
        self.worker = self._spawn("worker", worker_command)
        if self.load_demo:
            self._manage("load_demo")
        self.timings["demo loaded"] = time.monotonic() - began
        reminders = [
            self._spawn(f"reminders-{n}", command)
            for n, command in enumerate(unit_command("larlabb-reminders.service"))
        ]
        for process in self.web:
            wait_for_port(process, process.port)
        self.timings["listening"] = time.monotonic() - began
        self._start_caddy([process.port for process in self.web])
        for process in reminders:
            if process.popen.wait(timeout=60):
                raise RuntimeError(f"{process.name} failed:\n{process.log.read_text()}")
        self.timings["started"] = time.monotonic() - began

    def stop(self) -> None:
        for process in [*(p for p in [self.caddy] if p), *self.servers()]:
            if process.popen.poll() is None:
                process.popen.terminate()
        for process in [*(p for p in [self.caddy] if p), *self.servers()]:
            try:
                process.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.popen.kill()
                process.popen.wait(timeout=10)
        if self.smtp is not None:
            self.smtp.stop()
            self.smtp = None
        self._drop_services()
        shutil.rmtree(self.workdir, ignore_errors=True)

    # --- parts

    def _prepare_services(self) -> None:
        import psycopg
        import redis
        from aiosmtpd.controller import Controller

        self.database = f"larlabb_stack_{os.getpid()}_{secrets.token_hex(3)}"
        with psycopg.connect(f"{self.postgres}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        client = redis.Redis.from_url(self.redis)
        try:
            client.flushdb()
        finally:
            client.close()
        self.smtp = Controller(self.mailbox, hostname="127.0.0.1", port=free_port())
        self.smtp.start()

    def _drop_services(self) -> None:
        if not self.database:
            return
        import psycopg
        import redis

        with psycopg.connect(f"{self.postgres}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self.database = ""
        client = redis.Redis.from_url(self.redis)
        try:
            client.flushdb()
        finally:
            client.close()

    def _environment(self) -> dict[str, str]:
        """The example environment file with the loopback's values over it, in a clean
        environment (none of the caller's Django settings leak in)."""
        self.port = free_port()
        data = self.workdir / "data"
        metrics = self.workdir / RUNTIME.strip("/") / "metrics"  # larlabb-runtime.service
        metrics.mkdir(parents=True)
        keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR")
        env = {key: os.environ[key] for key in keep if key in os.environ}
        env.update(read_environment_file(ENV_EXAMPLE))
        env.update(
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="localhost",
            CSRF_TRUSTED_ORIGINS=self.url,
            SITE_URL=self.url,
            DATABASE_URL=f"{self.postgres}/{self.database}",
            REDIS_URL=self.redis,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp.port),
            EMAIL_USE_TLS="0",
            EMAIL_USE_SSL="0",
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            LARLABB_DATA_DIR=str(data),
            MEDIA_ROOT=str(data / "media"),
            PRIVATE_ROOT=str(data / "private"),
            PROMETHEUS_MULTIPROC_DIR=str(metrics),
            SENTRY_DSN="",
            LOG_LEVEL=self.log_level,
            METRICS_ALLOWED_IPS="127.0.0.1/32",
            PYTHONUNBUFFERED="1",
        )
        env.pop("DEBUG", None)
        env.update(self.settings)
        return env

    def _spawn(self, name: str, command: list[str], port: int = 0) -> Process:
        log = self.workdir / f"{name}.log"
        with log.open("wb") as output:
            popen = subprocess.Popen(  # noqa: S603  (the units' own commands)
                command,
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches this process, which stops them
                preexec_fn=_die_with_parent,
            )
        return Process(name, popen, log, port)

    def _run(self, command: list[str]) -> str:
        done = subprocess.run(  # noqa: S603  (manage.py of this checkout)
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise RuntimeError(f"{shlex.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _manage(self, *arguments: str) -> str:
        return self._run([str(ROOT / ".venv" / "bin" / "python"), "manage.py", *arguments])

    def _start_web(self, port: int) -> Process:
        if self.web_command is not None:
            command = [part.replace("{port}", str(port)) for part in self.web_command]
        else:
            [command] = unit_command("larlabb-web@.service", instance=str(port))
        return self._spawn(f"web-{port}", command, port)

    def _start_caddy(self, upstreams: list[int]) -> None:
        storage = self.workdir / "caddy"
        storage.mkdir()
        config = storage / "Caddyfile"
        config.write_text(
            render_caddyfile(
                port=self.port, http_port=free_port(), upstreams=upstreams, storage=storage
            )
        )
        env = self.env
        self.env = {**env, "XDG_CONFIG_HOME": str(storage), "XDG_DATA_HOME": str(storage)}
        try:
            command = ["caddy", "run", "--config", str(config), "--adapter", "caddyfile"]
            self.caddy = self._spawn("caddy", command, self.port)
        finally:
            self.env = env
        wait_for_port(self.caddy, self.port, timeout=30)
        deadline = time.monotonic() + 30
        while not self.root_certificate.exists():
            if time.monotonic() > deadline:
                log = self.caddy.log.read_text()
                raise RuntimeError(f"Caddy wrote no root certificate:\n{log}")
            time.sleep(0.1)
        self._wait_until_served()

    def _wait_until_served(self, timeout: float = 30) -> None:
        """Until /healthz answers 200 through Caddy, over TLS checked against Caddy's CA."""
        import http.client

        deadline = time.monotonic() + timeout
        while True:
            try:
                connection = http.client.HTTPSConnection(
                    "localhost", self.port, context=self.ssl_context(), timeout=5
                )
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except (OSError, ssl.SSLError):
                pass
            finally:
                connection.close()
            if time.monotonic() > deadline:
                raise RuntimeError(f"/healthz not 200 through Caddy within {timeout:.0f} s")
            time.sleep(0.2)

    def sql(self, query: str, *parameters: object) -> list[tuple[Any, ...]]:
        """Rows of a query on the stack's database (read what a person would find on a page,
        such as the room's join code shown on the projector)."""
        import psycopg

        with psycopg.connect(f"{self.postgres}/{self.database}") as connection:
            return connection.execute(query, parameters).fetchall()


@contextlib.contextmanager
def running(processes: int = 2, **options: Any) -> Iterator[Stack]:
    with Stack(processes=processes, **options) as stack:
        yield stack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with running(args.processes, postgres=args.postgres, redis=args.redis) as stack:
        print(f"Lärlabb: {stack.url}/ (trust {stack.root_certificate})")
        print("ASGI processes on " + ", ".join(str(p.port) for p in stack.web))
        print(f"emails are delivered to 127.0.0.1:{stack.smtp.port}; Ctrl-C stops everything")
        with contextlib.suppress(KeyboardInterrupt):
            while all(p.popen.poll() is None for p in stack.servers()):
                time.sleep(1)


if __name__ == "__main__":
    main()
