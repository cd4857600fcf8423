import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from larlabb.labs.models import Workshop

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def test_the_invitation_pdf_is_a4_with_searchable_swedish_text(client, demo):
    response = client.get(reverse("labs:lab-invitation-pdf", kwargs={"slug": demo.slug}))

    assert response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.content)
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    first = demo.workshops.order_by("number").first()
    for fact in [
        "Lärlabb: Hållbar utveckling",
        "Reglab",
        "Tillväxtverket",
        "Hur genomför vi tillsammans målen om hållbar regional utveckling i hela landet?",
        "Tid och plats",
        "kl. 9.30–16.30",
        "Workshop 2:",
        "Stockholm",
        "Sista anmälningsdag är den",
        f"{demo.registration_deadline.day} ",
        "Regional utveckling – hur får vi perspektiven att mötas?",
        "Stärkta relationer mellan myndigheter och regioner.",
        "Deltagarna står själva för resor och logi.",
        "Anna Ebenmark",
    ]:
        assert fact in text, fact
    assert str(first.starts_at.astimezone().year) in text


def test_the_program_pdf_lists_the_days_items_with_times(client, demo):
    response = client.get(reverse("labs:lab-program-pdf", kwargs={"slug": demo.slug}))

    _, text = pdf_text(response.content)
    workshop = demo.workshops.order_by("number").first()
    assert "Program för dagen" in text
    assert workshop.display_title in text
    for item in workshop.program.all():
        assert item.title in text
    assert "9.30–10.00" in text
    assert "14.30–16.00" in text
    assert "Stockholm" in text
    assert "Catarina Lahti" in text


def test_the_program_pdf_of_a_chosen_workshop(client, demo):
    url = reverse("labs:workshop-program-pdf", kwargs={"slug": demo.slug, "number": 2})

    _, text = pdf_text(client.get(url).content)

    assert "Workshop 2" in text


def test_the_program_pdf_in_english(client, demo):
    client.cookies["django_language"] = "en"
    _, text = pdf_text(
        client.get(reverse("labs:lab-program-pdf", kwargs={"slug": demo.slug})).content
    )
    assert "Programme for the day" in text
    assert "Physical meeting" in text


def test_a_digital_meeting_link_is_not_in_the_public_pdf(client, demo):
    Workshop.objects.filter(lab=demo).update(meeting_link="https://meet.example.org/hemlig")
    url = reverse("labs:workshop-program-pdf", kwargs={"slug": demo.slug, "number": 1})
    _, text = pdf_text(client.get(url).content)
    assert "hemlig" not in text
