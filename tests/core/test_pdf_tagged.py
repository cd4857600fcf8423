"""Every PDF Lärlabb writes is a tagged PDF (PDF/UA-1, EN 301 549 chapter 10): marked content,
a structure tree with the document's headings and paragraphs, the interface language as the
document's language and the template's <title> as its title, in the document information and
the XMP metadata. Each kind is fetched through its own view, as its readers get it."""

import io
from collections.abc import Iterator

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from larlabb.accounts.models import User
from larlabb.labs.models import Lab
from larlabb.outcomes import report as report_module
from larlabb.outcomes.models import Report
from larlabb.synergies.models import MappingSession

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    """The report's PDF goes to a folder of the test's own."""
    settings.PRIVATE_ROOT = tmp_path / "private"


def structure_types(node: object) -> Iterator[str]:
    """The structure types (/S) of the elements below ``node`` in the structure tree, in
    document order."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, ArrayObject):
        for child in node:
            yield from structure_types(child)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            yield str(node["/S"])
        if "/K" in node:
            yield from structure_types(node["/K"])


def read_tagged(content: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    tree = catalog["/StructTreeRoot"].get_object()
    return reader, list(structure_types(tree["/K"]))


def assert_tagged(content: bytes, *, title: str, lang: str) -> None:
    reader, types = read_tagged(content)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert reader.metadata.title == title
    assert reader.xmp_metadata.dc_title == {"x-default": title}
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert "/H1" in types, types
    assert "/P" in types, types


def organiser(client) -> None:
    client.force_login(User.objects.get(email="organisator@example.org"))


def built_report(demo: Lab, language: str) -> Report:
    """The documentation report of the first workshop, built as the task worker builds it."""
    report = Report.objects.create(
        workshop=demo.workshops.order_by("number").first(), language=language
    )
    report_module.build(report)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    return report


def swedish_pdfs(demo: Lab) -> dict[str, tuple[str, str]]:
    """Each kind of PDF an organiser can fetch, by its address and the title it should have."""
    slug = {"slug": demo.slug}
    first = {"slug": demo.slug, "number": 1}
    workshop = demo.workshops.get(number=1).display_title
    session = MappingSession.objects.get(lab=demo)
    lab = demo.title
    return {
        "invitation": (reverse("labs:lab-invitation-pdf", kwargs=slug), f"{lab} – Inbjudan"),
        "program": (
            reverse("labs:workshop-program-pdf", kwargs=first),
            f"{lab} – {workshop}: Program för dagen",
        ),
        "day list": (
            reverse("registrations:day-list-pdf", kwargs=first),
            f"Deltagarlista för dagen: {workshop} – {lab}",
        ),
        "synergy documentation": (
            reverse("synergies:documentation-pdf", kwargs={"pk": session.pk}),
            f"Synergier och målkonflikter: {session.title} – {lab}",
        ),
        "memo": (
            reverse("missions:memo-pdf", kwargs=slug),
            f"PM: utmaningsdrivet arbete – {lab}",
        ),
        "take-home brief": (
            reverse("outcomes:brief-organisation-pdf", kwargs=first),
            f"Sammanfattning att ta med hem: {workshop} – {lab}",
        ),
    }


def test_every_pdf_is_tagged_with_its_title_and_the_swedish_language(client, demo):
    organiser(client)

    for kind, (url, title) in swedish_pdfs(demo).items():
        response = client.get(url)
        assert response["Content-Type"] == "application/pdf", kind
        assert_tagged(response.content, title=title, lang="sv")


def test_the_report_pdf_is_tagged_in_the_reports_own_language(client, demo):
    organiser(client)
    workshop = demo.workshops.get(number=1).display_title

    for language, title in [
        ("sv", f"Dokumentation från {workshop} – {demo.title}"),
        ("en", f"Documentation of {workshop} – {demo.title}"),
    ]:
        report = built_report(demo, language)
        response = client.get(reverse("outcomes:report-pdf", kwargs={"pk": report.pk}))
        assert_tagged(b"".join(response.streaming_content), title=title, lang=language)


def test_a_pdf_fetched_in_the_english_interface_is_tagged_as_english(client, demo):
    client.cookies["django_language"] = "en"
    url = reverse("labs:lab-invitation-pdf", kwargs={"slug": demo.slug})

    assert_tagged(client.get(url).content, title=f"{demo.title} – Invitation", lang="en")
