"""Log lines (issue "Running Lärlabb in production", 4): each request gets an id (the
proxy's ``X-Request-ID`` when it is a sane one, else a new one), sent back in the response's
``X-Request-ID`` and written in every log line of that request. With ``LOG_FORMAT=json``
each line is a JSON object (python-json-logger's formatter, set in the settings), ready for
journald or a log collector."""

import logging
import re
import uuid
from contextvars import ContextVar

REQUEST_ID: ContextVar[str] = ContextVar("larlabb_request_id", default="")
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def request_id_from(header: str | None) -> str:
    """The proxy's id when it looks like one (never trust a header to be short or printable),
    else a new one."""
    if header and SANE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


def forget_request_id(**kwargs: object) -> None:
    REQUEST_ID.set("")
