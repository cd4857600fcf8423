import os
import shutil
import subprocess
import sys
from pathlib import Path

from channels.layers import get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from redis.asyncio import Redis

from tests.conftest import run_async, service_missing

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        env={
            "DEBUG": "0",
            "SECRET_KEY": "x7#kP2!vQ9@mL4$wR8^zT1&nB6*cF3(hJ5)yD0-aG+eU=iO_sW~qX?bN%vM",
            "ALLOWED_HOSTS": "larlabb.example.se",
            "LARLABB_DATA_DIR": str(tmp_path),
            "SECURE_SSL_REDIRECT": "",
            "SECURE_COOKIES": "",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage("check", env={"DEBUG": "0", "LARLABB_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_generates_a_secret_into_the_data_folder(tmp_path):
    result = manage("check", env={"DEBUG": "1", "LARLABB_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert len((tmp_path / "secret_key").read_text()) >= 50


def settings_under(env: dict[str, str], tmp_path, expression: str) -> str:
    """What ``expression`` is in the settings loaded with ``env`` (and nothing else of the
    test run's environment), in a fresh process."""
    result = manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        f"from django.conf import settings; print({expression})",
        env={"DEBUG": "1", "LARLABB_DATA_DIR": str(tmp_path), **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_database_url_the_database_is_sqlite_in_the_data_folder(tmp_path):
    clean = {"DATABASE_URL": "", "REDIS_URL": ""}
    database = settings_under(clean, tmp_path, 'settings.DATABASES["default"]')

    assert "'ENGINE': 'django.db.backends.sqlite3'" in database
    assert f"'NAME': '{tmp_path / 'larlabb.sqlite3'}'" in database
    assert "'transaction_mode': 'IMMEDIATE'" in database
    assert "'CONN_MAX_AGE': 60" in database


def test_database_url_chooses_postgresql_with_a_connection_kept_per_process(tmp_path):
    url = "postgres://lab:secret@db.example.se:5433/larlabb"
    database = settings_under({"DATABASE_URL": url}, tmp_path, 'settings.DATABASES["default"]')

    assert "'ENGINE': 'django.db.backends.postgresql'" in database
    assert "'HOST': 'db.example.se'" in database
    assert "'PORT': 5433" in database
    assert "'NAME': 'larlabb'" in database
    assert "'CONN_MAX_AGE': 60" in database
    assert "pool" not in database


def test_an_operator_may_ask_for_a_pool_of_postgresql_connections(tmp_path):
    env = {"DATABASE_URL": "postgres://db.example.se/larlabb", "DATABASE_POOL_MAX": "8"}
    database = settings_under(env, tmp_path, 'settings.DATABASES["default"]')

    assert "'CONN_MAX_AGE': 0" in database
    assert "'pool': {'min_size': 1, 'max_size': 8, 'timeout': 10}" in database


def test_without_redis_url_the_channel_layer_and_cache_are_in_memory(tmp_path):
    layers = settings_under(
        {"REDIS_URL": ""},
        tmp_path,
        'settings.CHANNEL_LAYERS["default"]["BACKEND"], settings.CACHES["default"]["BACKEND"]',
    )

    assert layers == (
        "larlabb.core.channels.RoomInMemoryChannelLayer "
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_redis_url_chooses_redis_for_the_channel_layer_and_the_cache(tmp_path):
    url = "redis://cache.example.se:6380/2"
    layers = settings_under(
        {"REDIS_URL": url},
        tmp_path,
        'settings.CHANNEL_LAYERS["default"], settings.CACHES["default"]',
    )

    assert "'BACKEND': 'channels_redis.pubsub.RedisPubSubChannelLayer'" in layers
    assert "'CONFIG': {'hosts': ['redis://cache.example.se:6380/2']}" in layers
    assert "'BACKEND': 'django.core.cache.backends.redis.RedisCache'" in layers


async def carry_a_message() -> None:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("room", channel)
    await layer.group_send("room", {"type": "note.posted", "text": "Hej"})
    message = await layer.receive(channel)
    assert message == {"type": "note.posted", "text": "Hej"}
    await layer.group_discard("room", channel)
    if isinstance(layer, RedisPubSubChannelLayer):
        await layer.flush()  # closes this loop's connections


def test_the_configured_channel_layer_carries_a_message():
    run_async(carry_a_message())


def test_redis_carries_messages_between_layers():
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    if not run_async(redis_answers(url)):
        service_missing(f"Redis is not running at {url}")
    run_async(carry_between_layers(url))


async def redis_answers(url: str) -> bool:
    client = Redis.from_url(url)
    try:
        return bool(await client.ping())
    except OSError:
        return False
    finally:
        await client.aclose()


async def carry_between_layers(url: str) -> None:
    sender, receiver = RedisPubSubChannelLayer(hosts=[url]), RedisPubSubChannelLayer(hosts=[url])
    channel = await receiver.new_channel()
    await receiver.group_add("room-two-processes", channel)
    await sender.group_send("room-two-processes", {"type": "note.posted", "n": 1})
    assert (await receiver.receive(channel))["n"] == 1
    await receiver.group_discard("room-two-processes", channel)
    await sender.flush()
    await receiver.flush()


def test_responses_carry_a_content_security_policy(client, db):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def run_recipe(**variables: str) -> list[str]:
    """The commands ``make run`` would run with ``variables`` in its environment (a dry run)."""
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    result = subprocess.run(  # noqa: S603 - make, with our own arguments
        [shutil.which("make") or "make", "--no-print-directory", "-n", "run"],
        cwd=ROOT,
        env={**environment, **variables},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    run = ("migrate", "load_demo", "send_reminders", "run_worker", "daphne")
    return [line for line in result.stdout.splitlines() if any(word in line for word in run)]


def test_make_run_points_links_at_the_port_it_serves():
    commands = run_recipe(PORT="8101")
    served = [line for line in commands if "daphne" in line or "run_worker" in line]
    assert len(served) == 2
    for line in commands:
        assert "SITE_URL=http://127.0.0.1:8101 " in line, line
    assert "-p 8101 " in served[-1]


def test_make_run_keeps_a_site_url_it_is_given():
    for line in run_recipe(PORT="8101", SITE_URL="https://larlabb.example.se"):
        assert "SITE_URL=https://larlabb.example.se " in line, line
