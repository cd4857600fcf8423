"""Input that cannot break anything (issue "Trust", finding 6): any text a person can type,
posted to every form a participant sees and to the live room's operations, never answers 500
and never stores what the exports cannot write. The forms are found on the pages themselves
(every <form> of each page, every field it has), so a field added later is covered too."""

import io
import json
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from larlabb.accounts.models import User
from larlabb.core.text import has_control_characters
from larlabb.live.models import Activity, Note
from larlabb.outcomes.models import Assignment

pytestmark = pytest.mark.django_db

PARTICIPANT = "skane@example.org"
ORGANISER = "organisator@example.org"
TEXT_INPUTS = {"text", "search", "email", "url", "tel", "number", "date", "time", ""}

# Arbitrary text (every Unicode character but lone surrogates, which no browser sends), and
# the inputs that broke something once: control characters, NUL, a very long text, formulas.
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=200),
    st.sampled_from(
        [
            "\x01",
            "Norr\x00botten",
            "rad ett\x0brad två\r\nrad tre\u2028",
            '=HYPERLINK("http://x")',
            "<script>alert(1)</script>",
            "x" * 300_000,  # longer than any text may be
            "1e999",
            "AB/CD",
        ]
    ),
)

# JSON can carry what a form cannot: a lone surrogate, escaped ("\ud800").
ANY_JSON_TEXT = st.one_of(ANY_TEXT, st.text(st.characters(), max_size=50), st.just("a\ud800b"))


class Forms(HTMLParser):
    """The forms of a page: their method, action and fields (name, kind, value, options)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            method = (a.get("method") or "get").lower()
            self.forms.append({"method": method, "action": a.get("action") or "", "fields": []})
        elif not self.forms or ("name" not in a and tag != "option"):
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "file", "password"):
            self.forms[-1]["fields"].append((a["name"], a.get("type") or "", a.get("value") or ""))
        elif tag == "textarea":
            self.forms[-1]["fields"].append((a["name"], "textarea", ""))
        elif tag == "select":
            self.select = {"name": a["name"], "options": []}
            self.forms[-1]["fields"].append((a["name"], "select", self.select))
        elif tag == "option" and self.select is not None and a.get("value"):
            self.select["options"].append(a["value"])
        elif tag == "button" and a.get("name"):
            self.forms[-1]["fields"].append((a["name"], "button", a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def filled(form: dict, text: str) -> dict:
    data: dict = {}
    for name, kind, value in form["fields"]:
        if kind in TEXT_INPUTS or kind == "textarea":
            data[name] = text
        elif kind == "select":
            if value["options"]:
                data[name] = value["options"][0]
        elif kind in ("checkbox", "radio"):
            data.setdefault(name, value or "on")
        elif kind == "button":
            data.setdefault(name, value)
        else:  # hidden
            data[name] = value
    return data


def post_every_form(client, path: str, text: str) -> list[tuple[str, int]]:
    page = client.get(path)
    assert page.status_code < 500, path
    if page.status_code != 200:
        return [(path, page.status_code)]
    parser = Forms()
    parser.feed(page.content.decode())
    answers = []
    for form in parser.forms:
        action = form["action"] or path
        if action.startswith("http") or "logout" in action or "radera" in action:
            continue
        data = filled(form, text)
        send = client.post if form["method"] == "post" else client.get
        reply = send(action, data)
        answers.append((action, reply.status_code))
    return answers


def participant_pages(demo) -> list[str]:
    workshop = demo.workshops.order_by("number").first()
    assignment = Assignment.objects.filter(lab=demo).first()
    room = workshop.live_room
    pages = [
        reverse("accounts:profile"),
        reverse("registrations:register", kwargs={"slug": demo.slug}),
        reverse("registrations:register-colleague", kwargs={"slug": demo.slug}),
        reverse("missions:challenge-create", kwargs={"slug": demo.slug}),
        reverse("outcomes:learning", kwargs={"slug": demo.slug}),
        reverse("outcomes:survey", kwargs={"slug": demo.slug, "phase": "before"}),
        reverse("outcomes:collaborations", kwargs={"slug": demo.slug}),
        reverse(
            "registrations:self-check-in", kwargs={"slug": demo.slug, "number": workshop.number}
        ),
        reverse("live:join"),
        room.get_absolute_url(),
    ]
    if assignment is not None:
        pages.append(reverse("outcomes:assignment", kwargs={"pk": assignment.pk}))
    return pages


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=ANY_TEXT)
def test_any_text_in_any_participant_form_never_breaks_a_page(client, demo, text):
    client.force_login(User.objects.get(email=PARTICIPANT))
    for path in participant_pages(demo):
        for action, status in post_every_form(client, path, text):
            assert status < 500, (action, text[:40])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=ANY_JSON_TEXT,
    field=st.sampled_from(["note", "column", "key", "case", "order", "value"]),
)
def test_any_text_in_a_live_operation_is_refused_or_kept_clean(client, demo, text, field):
    board = Activity.objects.filter(room__workshop__lab=demo, kind="perspectives").first()
    client.force_login(User.objects.get(email=PARTICIPANT))
    path = f"/live/{board.room.code}/{board.pk}/op/"
    column = board.columns.first().pk
    for payload in (
        {"op": "note.add", "text": text, "column": column},
        {"op": "note.add", "text": "lapp", "column": column, field: text},
        {"op": "vote", "note": text, "value": text},
        {"op": text, "text": text},
    ):
        reply = client.post(path, json.dumps(payload), content_type="application/json")
        assert reply.status_code in (200, 400, 403), payload
        assert "ok" in reply.json()
    for body in (text, "{" + text, json.dumps([text])):
        reply = client.post(path, body.encode("utf-8", "surrogatepass"), "application/json")
        assert reply.status_code < 500, body[:40]  # an empty body is a form post: 302
    assert not any(has_control_characters(note.text) for note in Note.objects.all())


def test_what_is_stored_can_always_be_exported(client, demo):
    """Text that came in another way than a form (the admin, an import, older data) is written
    as well: the exports clean what a CSV or XLSX file cannot hold."""
    board = Activity.objects.filter(room__workshop__lab=demo, kind="perspectives").first()
    note = board.notes.first()
    # PostgreSQL cannot store a NUL at all; SQLite can, so it is tried there
    nul = "\x00" if connection.vendor == "sqlite" else ""
    Note.objects.filter(pk=note.pk).update(text=f"Före\x01efter{nul}slut\x1b")
    person = User.objects.get(email=PARTICIPANT)
    User.objects.filter(pk=person.pk).update(name="Skå\x02ne", title="=1+1")
    client.force_login(User.objects.get(email=ORGANISER))
    paths = [
        reverse("registrations:overview-export", kwargs={"slug": demo.slug, "fmt": "xlsx"}),
        reverse("registrations:overview-export", kwargs={"slug": demo.slug, "fmt": "csv"}),
        f"/live/{board.room.code}/{board.pk}/export.xlsx",
        f"/live/{board.room.code}/{board.pk}/export.csv",
    ]
    for path in paths:
        reply = client.get(path)
        assert reply.status_code == 200, path
        content = b"".join(reply.streaming_content) if reply.streaming else reply.content
        if path.endswith("xlsx"):
            cells = [
                str(cell.value)
                for row in load_workbook(io.BytesIO(content)).active.iter_rows()
                for cell in row
                if cell.value is not None
            ]
            text = "\n".join(cells)
        else:
            text = content.decode("utf-8-sig")
        assert not has_control_characters(text.replace("\r\n", "\n")), path
        if "live" in path:
            assert "Föreefter" in text
