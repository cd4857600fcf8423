"""Fixtures shared by the whole suite: a real SMTP mailbox, the task worker, the demo cast,
and Playwright with Debian's Chromium plus an axe-core check for every page."""

import asyncio
import email
import email.policy
import io
import os
import socket
import threading
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, TypeVar

import pytest
from aiosmtpd.controller import Controller
from asgiref.sync import SyncToAsync
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections

from larlabb.accounts.models import User
from larlabb.actors.models import EmailDomain, Organisation
from larlabb.labs.models import Lab
from larlabb.live import writer
from tests.factories import LabFactory, NetworkFactory, OrganisationFactory, UserFactory

# The live room's cast (a workshop, its room, registered participants) for the live and browser
# tests.
pytest_plugins = ["tests.live.cast"]

IN_CI = os.environ.get("CI", "").lower() == "true"
T = TypeVar("T")


def service_missing(reason: str) -> None:
    """Skip a test whose service is absent, except in CI where the service must be there."""
    if IN_CI:
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory
) -> None:
    """An SQLite test database in a file rather than in memory, so that a server process
    started by a test (the live room's ASGI server) can open it too."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(autouse=True)
def _plain_static_files(settings) -> None:
    """Unhashed static URLs, which the test server finds in the source folders (production
    serves the hashed, compressed files that collectstatic writes)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _close_the_sync_threads_connections() -> Iterator[None]:
    """Consumers run their database work in asgiref's one thread for sync code, which outlives
    every test: close its connections after each test (PostgreSQL refuses to drop the test
    database while one is open, and a connection dropped unclosed warns)."""
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache (allauth keeps its rate limits there)."""
    cache.clear()
    yield
    cache.clear()


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end on a fresh event loop in its own thread (Playwright keeps a
    loop running in the test thread), and close that thread's database connections (PostgreSQL
    refuses to drop the test database while one is open)."""

    def run() -> T:
        try:
            return asyncio.run(coroutine)
        finally:
            connections.close_all()
            writer.close_connections()  # the live operations' threads close theirs

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


# --- Email: a real SMTP server ------------------------------------------------------------


@dataclass
class Mailbox:
    """Messages received by the test SMTP server, parsed."""

    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("html",)).get_content()

    @staticmethod
    def attachments(message: EmailMessage) -> list[tuple[str, bytes]]:
        return [
            (part.get_filename(), part.get_payload(decode=True))
            for part in message.iter_attachments()
        ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox(settings) -> Iterator[Mailbox]:
    """A real SMTP server on loopback; Django sends to it."""
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def run_tasks():
    """Run the persistent task queue's worker until no task is left."""

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    return run


# --- The demo cast ------------------------------------------------------------------------


@pytest.fixture
def reglab() -> Organisation:
    return OrganisationFactory(name="Reglab", kind=Organisation.Kind.OTHER)


@pytest.fixture
def tillvaxtverket() -> Organisation:
    return OrganisationFactory(
        name="Tillväxtverket", abbreviation="Tillväxtverket", kind=Organisation.Kind.AGENCY
    )


@pytest.fixture
def region_skane() -> Organisation:
    skane = OrganisationFactory(
        name="Region Skåne", kind=Organisation.Kind.REGION, county_code="12"
    )
    EmailDomain.objects.create(organisation=skane, domain="skane.example")
    return skane


@pytest.fixture
def rus_network(reglab, region_skane):
    network = NetworkFactory(name="RUS-nätverket", owner=reglab)
    network.members.add(region_skane)
    return network


@pytest.fixture
def olle_organiser(reglab) -> User:
    return UserFactory(
        email="olle@example.org",
        name="Olle Organisatör",
        role=User.Role.ORGANISER,
        organisation=reglab,
    )


@pytest.fixture
def sanna_participant(region_skane) -> User:
    return UserFactory(
        email="sanna@example.org",
        name="Sanna Skåning",
        organisation=region_skane,
        title="RUS-samordnare",
    )


@pytest.fixture
def other_organiser(tillvaxtverket) -> User:
    return UserFactory(
        email="otto@example.org",
        name="Otto Annan",
        role=User.Role.ORGANISER,
        organisation=tillvaxtverket,
    )


@pytest.fixture
def stina_staff(reglab) -> User:
    """Lärlabb's staff: a superuser in the admin, organiser of every lab."""
    return UserFactory(
        email="stina@example.org",
        name="Stina Stab",
        role=User.Role.STAFF,
        organisation=reglab,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def lab(olle_organiser, reglab, rus_network):
    lab = LabFactory(title="Lärlabb: Testlabbet", slug="testlabbet", organisers=[olle_organiser])
    lab.hosts.add(reglab)
    lab.invited_networks.add(rus_network)
    return lab


@pytest.fixture
def demo(db) -> Lab:
    """The seed's demo lab with the reference data that ships in the package."""
    call_command("load_demo", stdout=io.StringIO())
    return Lab.objects.get(slug="hallbar-utveckling")
