"""Helpers that every app's views share: running an action and showing its refusal,
spreadsheet downloads."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from larlabb.core import spreadsheets
from larlabb.core.errors import Refused

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    """An action that ran: what it returned (which may be None)."""

    value: T


def submit(
    request: HttpRequest, form: BaseForm, do: Callable[[], T], success: str = ""
) -> Done[T] | None:
    """On a posted, valid ``form``, run the action ``do``: show ``success`` and return what it
    returned. A refusal becomes the form's error (nothing changed); returns None then, and when
    nothing was posted or the form is not valid."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        value = do()
    except Refused as error:
        form.add_error(None, error.message)
        return None
    if success:
        messages.success(request, success)
    return Done(value)


def post_action(request: HttpRequest, do: Callable[[], T], success: str = "") -> Done[T] | None:
    """Run the action ``do`` of a button: show ``success``, or the refusal as an error
    message (nothing changed, returns None)."""
    try:
        value = do()
    except Refused as error:
        messages.error(request, error.message)
        return None
    if success:
        messages.success(request, success)
    return Done(value)


def spreadsheet_download(rows: list[list[str]], *, fmt: str, filename: str) -> HttpResponse:
    """``rows`` as an attachment ``filename.fmt``, where fmt is "csv" or "xlsx"."""
    if fmt == "xlsx":
        content = spreadsheets.xlsx_bytes(rows, sheet_title=filename[:31])
        response = HttpResponse(content, content_type=spreadsheets.XLSX)
    else:
        response = HttpResponse(spreadsheets.csv_bytes(rows), content_type=spreadsheets.CSV)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def posted_id(text: str | None) -> int:
    """An id sent in a form or an address as a number, 0 (which matches nothing) when it is
    not one: a malformed id finds nothing (404), it never fails (500)."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 12 else 0
