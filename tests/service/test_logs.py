"""Log lines: a request's lines carry its id (the proxy's X-Request-ID, or a new one, sent back
in the response), and LOG_FORMAT=json writes each line as a JSON object."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from larlabb.service.logs import request_id_from

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_request_has_an_id_in_its_response_and_its_log_lines(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/labb/finns-inte/", HTTP_X_REQUEST_ID="caddy-req-12345678")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "caddy-req-12345678"
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == "caddy-req-12345678"  # type: ignore[attr-defined]

    other = client.get("/labb/finns-inte/", HTTP_X_REQUEST_ID="x\n" + "y" * 100)
    assert len(other["X-Request-ID"]) == 32  # a new one: the header was not a sane id


def test_request_ids_from_headers():
    assert request_id_from("0f8fad5b-d9cb-469f-a165-70867728950e") == (
        "0f8fad5b-d9cb-469f-a165-70867728950e"
    )
    assert request_id_from(None) != request_id_from(None)
    assert len(request_id_from("short")) == 32


def test_log_format_json_writes_one_object_a_line():
    """A fresh process with production-like settings logs a request as JSON lines."""
    script = (
        "import django, logging;"
        "django.setup();"
        "from django.test import Client;"
        "Client().get('/healthz', HTTP_X_REQUEST_ID='abcdef0123456789');"
        "from larlabb.service.logs import REQUEST_ID;"
        "token = REQUEST_ID.set('abcdef0123456789');"
        "logging.getLogger('larlabb').warning('Möte %s', 'klart');"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "larlabb.settings",
        "LOG_FORMAT": "json",
        "PYTHONPATH": str(ROOT / "src"),
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    [line] = [line for line in lines if line["logger"] == "larlabb"]
    assert line["message"] == "Möte klart"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "abcdef0123456789"
    assert "time" in line
