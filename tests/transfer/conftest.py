"""The demo lab with files to carry, and helpers to read and rewrite export files."""

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.labs.models import Document, Lab
from larlabb.live.models import (
    Activity,
    Breakout,
    Note,
    Rating,
    Room,
    ScenarioAxes,
    Seat,
    Theme,
    Vote,
)
from larlabb.missions.models import Challenge, Comment
from larlabb.outcomes.models import Assignment, Reflection, Report, Submission
from larlabb.registrations.models import Attendance, OrganisationException, Registration
from larlabb.synergies.models import MappingSession, ScorerGroup
from larlabb.transfer.export import write_zip

PDF = b"%PDF-1.4\n% Larlabb test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def private(settings, tmp_path) -> Path:
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT


@pytest.fixture
def full_demo(demo, private) -> Lab:
    """The demo lab with a row of every model that the demo leaves empty: a submitted file, a
    finished report, votes, themes, a merged note, breakout seats, ratings… and an
    organisation that is not in the reference data."""
    person = User.objects.get(email="skane@example.org")
    organiser = User.objects.get(email="organisator@example.org")
    _fill_the_room(demo)
    workshop = demo.workshops.order_by("number").first()
    registration = Registration.objects.filter(lab=demo, person=person).get()
    Attendance.objects.create(workshop=workshop, registration=registration, checked_in_by=organiser)
    Document.objects.create(lab=demo, title="Strategin", url="https://example.org/strategi")
    town = Organisation.objects.create(name="Ystads kommun", kind=Organisation.Kind.MUNICIPALITY)
    OrganisationException.objects.create(lab=demo, organisation=town, granted_by=organiser)
    session = MappingSession.objects.get(lab=demo)
    ScorerGroup.objects.create(session=session, scorer=person, number=0)
    challenge = Challenge.objects.get(lab=demo)
    Comment.objects.create(challenge=challenge, author=person, text="Viktigt för oss")
    Comment.objects.create(mission=challenge.missions.get(), author=organiser, text="Ja")
    Reflection.objects.create(
        workshop=workshop, person=person, organisation=person.organisation, learned="Mycket"
    )
    assignment = Assignment.objects.filter(lab=demo).first()
    assert assignment is not None
    submission = Submission(
        assignment=assignment,
        person=person,
        organisation=person.organisation,
        text="Vår rapport",
        file_name="Rapport.pdf",
        file_kind="pdf",
        file_size=len(PDF),
    )
    submission.file.save("Rapport.pdf", ContentFile(PDF), save=False)
    submission.save()
    report = Report(
        workshop=demo.workshops.first(), status=Report.Status.DONE, html="<p>Rapport</p>"
    )
    report.pdf.save("rapport.pdf", ContentFile(PDF + b"report"), save=False)
    report.save()
    return demo


def _fill_the_room(lab: Lab) -> None:
    room = Room.objects.get(workshop__lab=lab)
    someone = room.participants.filter(user__email="skane@example.org").get()
    board = room.activities.get(kind=Activity.Kind.PERSPECTIVES)
    room.current = board
    room.save()
    first, second = board.notes.order_by("pk")[:2]
    theme = Theme.objects.create(activity=board, label="Samverkan", status="accepted")
    first.theme = theme
    first.merged_into = second  # a note that points at a later one
    first.save()
    Vote.objects.create(activity=board, note=second, participant=someone, value=2)
    foresight = room.activities.get(kind=Activity.Kind.FORESIGHT)
    trends = [
        Note.objects.create(activity=foresight, text=text, author=someone)
        for text in ("Fler äldre", "Klimatanpassning")
    ]
    Rating.objects.create(trend=trends[0], participant=someone, impact=4, uncertainty=2)
    ScenarioAxes.objects.create(activity=foresight, x=trends[0], y=trends[1])
    cases = room.activities.get(kind=Activity.Kind.CASE_DIALOGUE)
    case = Note.objects.create(activity=cases, title="Ett case", text="Om", author=someone)
    Note.objects.create(activity=cases, case=case, text="Gruppens anteckning")
    breakout = Breakout.objects.create(activity=cases, groups=2, rounds=1, seed=7)
    Seat.objects.create(breakout=breakout, participant=someone, round=0, group=1)


def export_bytes(lab: Lab) -> bytes:
    stream = io.BytesIO()
    write_zip(lab, stream)
    return stream.getvalue()


def read_parts(data: bytes) -> tuple[dict[str, Any], dict[str, Any], dict[str, bytes]]:
    """The manifest, the document and the files of an export."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        document = json.loads(archive.read("data.json"))
        files = {f["path"]: archive.read(f["path"]) for f in manifest["files"]}
    return manifest, document, files


def rewrite(
    data: bytes,
    *,
    document: dict[str, Any] | None = None,
    manifest: dict[str, Any] | None = None,
    checksum: bool = True,
) -> bytes:
    """An export with another document or manifest, its checksum made to match (as a careful
    tamperer would) unless ``checksum`` is False."""
    old_manifest, old_document, files = read_parts(data)
    manifest = manifest if manifest is not None else old_manifest
    raw = json.dumps(document if document is not None else old_document).encode()
    if checksum:
        manifest["data"]["sha256"] = hashlib.sha256(raw).hexdigest()
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("data.json", raw)
        for path, content in files.items():
            archive.writestr(path, content)
    return stream.getvalue()


def everything() -> dict[str, int]:
    """The number of rows of every model: what an import that writes nothing leaves as it
    was."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
