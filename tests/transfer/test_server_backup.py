"""The whole server's backup, as the README's "Backups" describes it: ``pg_dump -Fc`` of the
database and a tar of the media and private folders, restored into a fresh database and a fresh
data folder, and a Lärlabb started on them finds everything and lets the organiser log in.
PostgreSQL only (SQLite's backup is a copy of its file)."""

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from larlabb.labs.models import Lab
from larlabb.live.models import Note
from larlabb.outcomes.models import Submission
from larlabb.registrations.models import Registration
from tests.conftest import service_missing

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]

# What a Lärlabb started on the restored database and folders says about them.
CHECK = """
import json
from django.contrib.auth import authenticate
from django.test import Client
from larlabb.labs.models import Lab
from larlabb.live.models import Note
from larlabb.outcomes.models import Submission
from larlabb.registrations.models import Registration
from django.core.files.storage import default_storage
from django.db import connection

client = Client()
logged_in = client.login(email="organisator@example.org", password="larlabb-demo")
page = client.get("/labb/hallbar-utveckling/hantera/", secure=True)
submission = Submission.objects.exclude(file="").get()
with submission.file.open("rb") as stream:
    submitted = stream.read().decode()
print(json.dumps({
    "database": connection.settings_dict["NAME"],
    "labs": Lab.objects.count(),
    "registrations": Registration.objects.count(),
    "notes": Note.objects.count(),
    "login": logged_in,
    "wrong_password": authenticate(email="organisator@example.org", password="fel") is not None,
    "manage_page": page.status_code,
    "submitted": submitted,
    "media": default_storage.open("logo.txt").read().decode(),
}))
"""


def url(name: str) -> str:
    settings = connection.settings_dict
    user = quote(settings.get("USER") or "postgres")
    password = f":{quote(settings['PASSWORD'])}" if settings.get("PASSWORD") else ""
    host = f"{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}"
    return f"postgresql://{user}{password}@{host}/{name}"


def run(*command: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(  # noqa: S603 - our own tools, our own arguments
        command, check=False, capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, f"{command[0]}: {done.stderr}"
    return done.stdout


@pytest.fixture
def tools() -> dict[str, str]:
    if connection.vendor != "postgresql":
        pytest.skip("the server's backup is tested on PostgreSQL (DATABASE_URL)")
    found = {name: shutil.which(name) for name in ("pg_dump", "pg_restore", "tar")}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        service_missing(f"{', '.join(missing)} not installed (Debian: postgresql-client)")
    return {name: str(path) for name, path in found.items()}


@pytest.fixture
def fresh_database(tools):
    """An empty database beside the test database, dropped afterwards."""
    name = f"larlabb_restore_{secrets.token_hex(4)}"
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_server_restores_from_its_backup(
    tools, fresh_database, full_demo, settings, tmp_path, private
):
    data_dir = private.parent  # the data folder, with private/ and media/ in it
    settings.MEDIA_ROOT = data_dir / "media"
    default_storage.save("logo.txt", ContentFile(b"Reglab"))
    submission = Submission.objects.exclude(file="").get()
    with submission.file.open("rb") as stream:
        submitted = stream.read().decode()
    counts = {
        "labs": Lab.objects.count(),
        "registrations": Registration.objects.count(),
        "notes": Note.objects.count(),
    }
    assert counts["registrations"] > 0
    assert counts["notes"] > 0
    dump, files = tmp_path / "larlabb.dump", tmp_path / "larlabb-files.tar.gz"

    # the backup, as documented
    run(
        tools["pg_dump"],
        "-Fc",
        "--no-owner",
        "-f",
        str(dump),
        url(connection.settings_dict["NAME"]),
    )
    run(tools["tar"], "-C", str(data_dir), "-czf", str(files), "media", "private")

    # the restore, into a fresh database and a fresh data folder
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    run(tools["pg_restore"], "--no-owner", "--exit-on-error", "-d", url(fresh_database), str(dump))
    run(tools["tar"], "-C", str(restored_dir), "-xzf", str(files))

    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": url(fresh_database),
        "LARLABB_DATA_DIR": str(tmp_path / "restored-var"),
        "MEDIA_ROOT": str(restored_dir / "media"),
        "PRIVATE_ROOT": str(restored_dir / "private"),
        "ALLOWED_HOSTS": "testserver",
        "SECRET_KEY": "a-restored-server",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    assert "No planned migration operations." in run(*manage, "migrate", "--plan", env=env)
    found = json.loads(run(*manage, "shell", "-c", CHECK, env=env).strip().splitlines()[-1])

    assert found == {
        "database": fresh_database,
        **counts,
        "login": True,
        "wrong_password": False,
        "manage_page": 200,
        "submitted": submitted,
        "media": "Reglab",
    }
