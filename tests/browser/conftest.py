"""Playwright with Debian's Chromium (never a downloaded browser)."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.conftest import service_missing

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        service_missing("Debian's chromium is not installed (make test installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def _context(browser: Browser, live_server, **options) -> BrowserContext:
    # bypass_csp lets the test inject axe-core; the pages themselves keep their CSP header.
    return browser.new_context(base_url=live_server.url, bypass_csp=True, **options)


@pytest.fixture
def context(browser, live_server) -> Iterator[BrowserContext]:
    context = _context(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Page:
    return context.new_page()


@pytest.fixture
def phone(browser, live_server) -> Iterator[Page]:
    """A 390 px wide phone screen."""
    context = _context(browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def log_in(page: Page, user, live_server) -> None:
    """Give the browser a logged-in session of ``user``."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


# --- An ASGI server for the pages that use WebSockets ------------------------------------

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class AsgiServer:
    url: str


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{host}/{db['NAME']}"


@pytest.fixture(scope="session")
def asgi_server(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[AsgiServer]:
    """Daphne, as in production (HTTP and WebSockets), in a process of its own on the test
    database and, when REDIS_URL is set, Redis; with DEBUG so that it serves the static files
    from the source folders. pytest-django's live server speaks only HTTP."""
    with django_db_blocker.unblock():
        database_url = _database_url()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = tmp_path_factory.mktemp("asgi")
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "LARLABB_DATA_DIR": str(folder),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT / "src"),
    }
    log = folder / "daphne.log"
    daphne = Path(sys.executable).parent / "daphne"
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own server, our own arguments
            [str(daphne), "-b", "127.0.0.1", "-p", str(port), "larlabb.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"Daphne stopped: {log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Daphne did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield AsgiServer(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives a real browser: marked so, whatever the file says, so
    that CI's first pass (``-m "not browser"``) leaves all of them to the second."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def phones(browser, asgi_server):
    """A new phone-sized browser context (its own cookies) for each person, on the ASGI server."""
    contexts: list[BrowserContext] = []

    def open_phone(user) -> Page:
        context = browser.new_context(
            base_url=asgi_server.url,
            bypass_csp=True,
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
        )
        contexts.append(context)
        page = context.new_page()
        log_in(page, user, asgi_server)
        return page

    yield open_phone
    for context in contexts:
        context.close()
