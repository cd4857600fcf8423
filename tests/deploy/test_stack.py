"""The production stack an operator installs (deploy/): the unit files pass systemd's check,
the environment file names every setting, and the stack itself (Caddy with TLS, two ASGI
processes, the worker, PostgreSQL, Redis, run from the units' own commands) serves a morning:
the invitation, a login by the emailed code, a registration, a note that reaches a screen on
the other process, a PDF, health and readiness.

The stack runs in CI's PostgreSQL pass (DATABASE_URL on PostgreSQL and REDIS_URL set); the
SQLite pass skips it, as the embedded default is not what runs in production."""

import http.client
import json
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy import stack as deploy_stack
from deploy.client import Browser, next_event, process_of, selected_option
from deploy.stack import ServiceMissingError, Stack
from tests.conftest import run_async, service_missing

ROOT = Path(__file__).resolve().parents[2]
LAB = "/labb/hallbar-utveckling/"


# --- The installed files --------------------------------------------------------------------


def test_the_unit_files_pass_systemds_check(tmp_path):
    """systemd-analyze verify on the units as this checkout would install them (the commands
    must exist, the settings be known)."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian's systemd package)")
    for unit in deploy_stack.UNITS.iterdir():
        text = unit.read_text().replace(deploy_stack.INSTALLED, str(ROOT))
        (tmp_path / unit.name).write_text(text)
        if unit.name.endswith("@.service"):  # an instance, as the target wants them
            for port in ("8001", "8002"):
                (tmp_path / unit.name.replace("@", f"@{port}")).write_text(text)
    units = sorted(str(path) for path in tmp_path.iterdir() if "@." not in path.name)

    done = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", "--man=no", *units],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.strip() == "", done.stderr


def test_the_units_run_the_servers_and_commands_of_this_checkout():
    [web] = deploy_stack.unit_command("larlabb-web@.service", instance="8001")
    [worker] = deploy_stack.unit_command("larlabb-worker.service")
    [reminders] = deploy_stack.unit_command("larlabb-reminders.service")

    assert web[:1] == [str(ROOT / ".venv" / "bin" / "uvicorn")]
    assert "8001" in web
    assert "server:larlabb-web-8001" in web  # names the process (process_of)
    assert web[-1] == "larlabb.asgi:application"
    assert worker[1:3] == ["manage.py", "run_worker"]
    assert reminders[1:] == ["manage.py", "send_reminders", "--schedule"]


def test_the_environment_file_names_every_setting():
    settings = (ROOT / "src" / "larlabb" / "settings.py").read_text()
    read = set(
        re.findall(r"""(?:environ\.get|env_bool|env_list|environ\[)\(?["'](\w+)""", settings)
    )
    example = deploy_stack.read_environment_file(deploy_stack.ENV_EXAMPLE)
    production = {
        "PROMETHEUS_MULTIPROC_DIR",
        "SENTRY_DSN",
        "LOG_FORMAT",
        "METRICS_ALLOWED_IPS",
        "METRICS_TOKEN",
    }

    assert read - set(example) == set()
    assert production - set(example) == set()
    assert example["DEBUG"] == "0"
    assert example["TRUSTED_PROXY_COUNT"] == "1"


def production_pass() -> bool:
    """CI's PostgreSQL pass (with Redis), where the production stack runs."""
    database = os.environ.get("DATABASE_URL", "")
    return database.startswith("postgres") and bool(os.environ.get("REDIS_URL"))


def test_the_caddyfile_for_loopback_is_valid(tmp_path):
    if shutil.which("caddy") is None:
        reason = "Caddy is not installed (make stack-packages: Debian's caddy)"
        service_missing(reason) if production_pass() else pytest.skip(reason)
    config = tmp_path / "Caddyfile"
    config.write_text(
        deploy_stack.render_caddyfile(port=8443, http_port=8080, upstreams=[9001], storage=tmp_path)
    )

    done = subprocess.run(  # noqa: S603
        ["caddy", "validate", "--config", str(config), "--adapter", "caddyfile"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)},
    )

    assert done.returncode == 0, done.stderr


# --- The stack running ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    if not production_pass():
        pytest.skip("the production stack runs in the PostgreSQL pass (DATABASE_URL, REDIS_URL)")
    running = Stack(processes=2)
    try:
        running.start()
    except ServiceMissingError as missing:
        running.stop()
        service_missing(str(missing))
    except BaseException:
        running.stop()
        raise
    try:
        yield running
    finally:
        running.stop()


def browse(stack: Stack, visit) -> None:
    async def run() -> None:
        async with Browser(stack.url, stack.ssl_context()) as browser:
            await visit(browser)

    run_async(run())  # in a thread of its own: Playwright may keep a loop in this one


def test_health_and_readiness_answer_through_caddy_over_tls_and_metrics_only_on_loopback(stack):
    async def visit(browser: Browser) -> None:
        health = await browser.get("/healthz")
        assert health.json()["status"] == "ok"
        ready = await browser.get("/readyz")  # the worker has written its heartbeat
        assert ready.json()["status"] == "ok", ready.text
        await browser.get("/metrics", expect=404)  # read on loopback, not through the site

    browse(stack, visit)
    prometheus = http.client.HTTPConnection("127.0.0.1", stack.web[0].port, timeout=10)
    try:
        prometheus.request("GET", "/metrics")
        assert prometheus.getresponse().status == 200  # from loopback: METRICS_ALLOWED_IPS
    finally:
        prometheus.close()


def test_the_invitation_and_its_static_files_are_served(stack):
    async def visit(browser: Browser) -> None:
        page = await browser.get(LAB)
        assert "Hållbar utveckling" in page.text
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text)
        assert stylesheet, page.text[:1000]
        static = await browser.get(stylesheet[1])
        assert "immutable" in static.headers["Cache-Control"]  # from Caddy, hashed name
        assert "X-Larlabb-Process" not in static.headers  # no Python process involved

    browse(stack, visit)


def test_the_invitation_pdf_is_served(stack):
    async def visit(browser: Browser) -> None:
        pdf = await browser.get(f"{LAB}inbjudan.pdf")
        assert pdf.headers["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")

    browse(stack, visit)


def test_a_new_person_logs_in_by_code_and_registers(stack):
    address = f"ny.{uuid.uuid4().hex[:8]}@regionuppsala.se"
    register = f"{LAB}anmalan/"

    async def visit(browser: Browser) -> None:
        await browser.get(LAB)
        answer = await browser.log_in(stack.mailbox, address, next_url=register)
        welcome = answer.headers["Location"]
        assert welcome.startswith("/konto/valkommen/")
        page = await browser.get(welcome)
        organisation = selected_option(page.text, "organisation")  # from the address
        await browser.post(
            "/konto/valkommen/", {"name": "Nina Ny", "organisation": organisation, "next": register}
        )
        await browser.get(register)
        answer = await browser.post(
            register,
            {
                "organisation": organisation,
                "title": "RUS-samordnare",
                "knowledge": "both",
                "travel_acknowledged": "on",
            },
        )
        assert answer.headers["Location"] == register
        page = await browser.get(register)
        assert "Nina Ny" in page.text or "anmäld" in page.text.lower()

    browse(stack, visit)
    [(status,)] = stack.sql(
        "SELECT r.status FROM registrations_registration r JOIN accounts_user u"
        " ON u.id = r.person_id WHERE u.email = %s",
        address,
    )
    assert status == "confirmed"
    stack.mailbox.wait_for(address, count=2)  # the confirmation, sent by the worker


def test_a_note_reaches_a_screen_on_the_other_process(stack):
    [(code, activity, column)] = stack.sql(
        "SELECT r.code, a.id, c.id FROM live_room r JOIN live_activity a ON a.room_id = r.id"
        " JOIN live_column c ON c.activity_id = a.id"
        " WHERE a.kind = 'perspectives' AND a.status = 'open' ORDER BY c.position LIMIT 1"
    )
    socket_path = f"/ws/live/{code}/{activity}/"

    async def run() -> None:
        async with (
            Browser(stack.url, stack.ssl_context()) as sanna,
            Browser(stack.url, stack.ssl_context()) as nils,
        ):
            for browser, address in (
                (sanna, "skane@example.org"),
                (nils, "norrbotten@example.org"),
            ):
                await browser.log_in(stack.mailbox, address)
                await browser.get(f"/live/{code}/")
                await browser.get(f"/live/{code}/{activity}/")
            writer = await sanna.websocket(socket_path)
            readers = []
            reader = await nils.websocket(socket_path)
            while process_of(reader) == process_of(writer) and len(readers) < 5:
                readers.append(reader)  # the same process: a screen more, and try again
                reader = await nils.websocket(socket_path)
            try:
                assert process_of(writer)
                assert process_of(reader) != process_of(writer)
                text = f"En anteckning över två processer {uuid.uuid4().hex[:6]}"
                note = {"op": "note.add", "ref": "n1", "text": text, "column": column}
                await writer.send(json.dumps({**note, "key": str(uuid.uuid4())}))
                event = await next_event(reader, "note")
                assert text in str(event)
            finally:
                for socket in (writer, reader, *readers):
                    await socket.close()

    run_async(run())  # in a thread of its own: Playwright may keep a loop in this one
