"""A bad, changed or foreign file is refused with a clear message, and nothing is written: no
row of any model, no file."""

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from larlabb.accounts.models import User
from larlabb.transfer.importer import TransferError, import_file
from tests.transfer.conftest import everything, export_bytes, files_under, read_parts, rewrite

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(full_demo) -> bytes:
    return export_bytes(full_demo)


def refused(data: bytes, message: str, *, slug: str | None = "ny-adress", folder=None) -> None:
    """``data`` is refused with ``message`` and changes nothing."""
    before, files = everything(), files_under(folder) if folder else set()
    with pytest.raises(TransferError) as caught:
        import_file(io.BytesIO(data), slug=slug)
    assert message in caught.value.message
    assert everything() == before
    if folder:
        assert files_under(folder) == files


def changed(export: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    """The export with ``change`` made to its data and the checksum made to match."""
    _manifest, document, _files = read_parts(export)
    change(document)
    return rewrite(export, document=document)


def rows(document: dict[str, Any], label: str) -> list[dict[str, Any]]:
    return document["models"][label]


def test_a_file_that_is_not_a_zip_is_refused(db):
    refused(b"%PDF-1.4 not a lab", "Filen är inte ett labb som har exporterats från Lärlabb.")


def test_a_zip_without_a_manifest_is_refused(db):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("data.json", "{}")
    refused(stream.getvalue(), "Filen är inte ett labb som har exporterats från Lärlabb.")


def test_another_programs_zip_is_refused(export):
    manifest, _document, _files = read_parts(export)
    manifest["format"] = "someone-elses-export"
    refused(
        rewrite(export, manifest=manifest),
        "Filen är inte ett labb som har exporterats från Lärlabb.",
    )


def test_another_format_version_is_refused(export):
    manifest, _document, _files = read_parts(export)
    manifest["version"] = 2
    refused(
        rewrite(export, manifest=manifest),
        "Filen har exportformatets version 2. Den här Lärlabb läser version 1.",
    )


def test_data_changed_after_the_export_is_refused(export):
    _manifest, document, _files = read_parts(export)
    rows(document, "labs.Lab")[0]["fields"]["title"] = "Ett annat labb"
    refused(
        rewrite(export, document=document, checksum=False),
        "Filen har ändrats eller skadats efter exporten.",
    )


def test_a_changed_file_is_refused_and_no_file_is_left(export, private):
    with zipfile.ZipFile(io.BytesIO(export)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["files/000001"] = b"something else"
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    refused(stream.getvalue(), "Filen har ändrats eller skadats efter exporten.", folder=private)


def test_a_lab_address_that_is_taken_is_refused_unless_another_is_given(export):
    refused(export, "Det finns redan ett labb med adressen ”hallbar-utveckling”.", slug=None)
    refused(export, "”inte en adress!” kan inte vara ett labbs adress.", slug="inte en adress!")


@pytest.mark.parametrize("label", ["accounts.User", "audit.Entry", "live.Event", "x.Y"])
def test_a_kind_of_data_that_is_not_part_of_a_lab_is_refused(export, label):
    def add(document):
        document["models"][label] = [{"key": 1, "fields": {"email": "boss@example.org"}}]

    refused(changed(export, add), f"inte hör till ett labb: {label}.")


def test_an_unknown_field_is_refused(export):
    def add(document):
        rows(document, "labs.Lab")[0]["fields"]["is_superuser"] = True

    refused(changed(export, add), "Filen har ett fält som Lärlabb inte känner till: labs.Lab")


def test_a_value_that_does_not_fit_is_refused(export):
    def bad(document):
        rows(document, "live.Activity")[0]["fields"]["kind"] = "bonfire"

    refused(changed(export, bad), "Filen har ett värde som inte passar: live.Activity")


def test_a_reference_to_a_row_the_file_does_not_hold_is_refused(export):
    def dangling(document):
        rows(document, "live.Note")[0]["fields"]["activity"] = 999999

    refused(
        changed(export, dangling), "Filen hänvisar till en rad som den inte innehåller: live.Note"
    )


def test_a_person_the_file_does_not_describe_is_refused(export):
    def stranger(document):
        rows(document, "registrations.Registration")[0]["fields"]["person"] = "ny@example.org"

    refused(changed(export, stranger), "Filen hänvisar till ny@example.org men beskriver det inte.")


def test_a_failure_in_the_database_late_in_the_import_writes_nothing_and_removes_the_files(
    export, private
):
    """Two answers to one statement in one response: the database refuses the second after
    the files of the submissions were written; they are gone again."""

    def twice(document):
        answers = rows(document, "outcomes.Answer")
        answers.append({**answers[0], "key": 10**9})

    refused(
        changed(export, twice), "Labbet kunde inte importeras, och inget sparades", folder=private
    )


def test_the_command_says_why_and_writes_nothing(export, tmp_path):
    path = tmp_path / "labb.zip"
    manifest, _document, _files = read_parts(export)
    manifest["version"] = 99
    path.write_bytes(rewrite(export, manifest=manifest))
    before = everything()

    with pytest.raises(CommandError, match="Not imported: The file is of export format version 99"):
        call_command("import_lab", str(path), "--slug", "ny")
    assert everything() == before


def test_a_person_the_file_creates_never_gets_a_role_rights_or_a_password(export):
    def promote(document):
        person = next(
            p for p in document["references"]["people"] if p["email"] == "skane@example.org"
        )
        person.update(email="ny.chef@example.org", role="staff", organisation_verified=True)
        person["is_staff"] = True  # not a field that travels: ignored
        for row in rows(document, "registrations.Registration"):
            if row["fields"]["person"] == "skane@example.org":
                row["fields"]["person"] = "ny.chef@example.org"

    import_file(io.BytesIO(changed(export, promote)), slug="kopia")

    created = User.objects.get(email="ny.chef@example.org")
    assert created.role == User.Role.PARTICIPANT  # roles here are given here
    assert not created.organisation_verified  # example.org is not Region Skåne's domain
    assert not created.is_staff
    assert not created.is_superuser
    assert not created.has_usable_password()


def test_people_who_are_here_already_are_matched_and_left_as_they_are(export):
    def rename(document):
        for person in document["references"]["people"]:
            person["name"] = "Någon annan"

    names = dict(User.objects.values_list("email", "name"))
    import_file(io.BytesIO(changed(export, rename)), slug="kopia")
    assert dict(User.objects.values_list("email", "name")) == names
    assert "Någon annan" not in names.values()


def test_a_county_code_that_names_another_organisation_here_is_refused(export):
    def rename(document):
        for organisation in document["references"]["organisations"]:
            if organisation["name"] == "Region Skåne":
                organisation["name"] = "Region Falsk"
        for row in rows(document, "registrations.Registration"):
            if row["fields"]["organisation"] == "Region Skåne":
                row["fields"]["organisation"] = "Region Falsk"

    before = everything()
    with pytest.raises(TransferError, match="Region Falsk"):
        import_file(io.BytesIO(changed(export, rename)), slug="kopia")
    assert everything() == before


def test_a_file_written_twice_from_one_member_is_refused(export):
    """Two rows naming the same stored file would write it twice (a small ZIP filling a
    disk): each file in an export is named once."""

    def twice(document):
        submissions = rows(document, "outcomes.Submission")
        stored = next(r["fields"]["file"] for r in submissions if r["fields"].get("file"))
        copy = dict(submissions[0], key=max(r["key"] for r in submissions) + 1)
        copy["fields"] = dict(submissions[0]["fields"], file=stored)
        submissions.append(copy)

    refused(changed(export, twice), "Filen har ändrats eller skadats efter exporten.")
