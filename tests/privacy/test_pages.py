"""The privacy notice, the accessibility statement, the controller's details (set by
organisers only) and the footer that links to them."""

import pytest
from django.urls import reverse

from larlabb.privacy.models import Controller

pytestmark = pytest.mark.django_db


def test_the_notice_states_the_retention_periods_from_the_settings(client, settings):
    settings.PRIVACY_EMAIL_RETENTION_DAYS = 45
    settings.PRIVACY_LAB_RETENTION_MONTHS = 18

    page = client.get(reverse("privacy:notice")).content.decode()

    assert "Så hanterar Lärlabb personuppgifter" in page
    assert "45 dagar efter att de har skickats" in page
    assert "18 månader efter labbets sista workshop" in page
    assert "6.1 e" in page
    assert "Integritetsskyddsmyndigheten" in page
    assert "https://www.imy.se/" in page


def test_the_notice_in_english(client):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "How Lärlabb handles personal data" in page
    assert "30 days after they were sent" in page


def test_the_notice_names_the_controller_the_organisers_set(client):
    Controller.objects.create(pk=1, name="Reglab", email="dataskydd@reglab.example")

    page = client.get(reverse("privacy:notice")).content.decode()

    assert "Reglab" in page
    assert "mailto:dataskydd@reglab.example" in page


def test_without_a_controller_the_notice_says_whom_to_ask(client):
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "Arrangörerna har ännu inte angett" in page


def test_every_page_links_the_notice_and_the_statement_in_its_footer(client, lab):
    for url in (reverse("labs:home"), lab.get_absolute_url(), reverse("privacy:notice")):
        page = client.get(url).content.decode()
        assert f'href="{reverse("privacy:notice")}"' in page
        assert f'href="{reverse("privacy:accessibility")}"' in page


def test_the_registration_form_links_the_notice(client, lab, workshop, sanna_participant):
    client.force_login(sanna_participant)
    page = client.get(reverse("registrations:register", kwargs={"slug": lab.slug}))
    assert f'href="{reverse("privacy:notice")}"' in page.content.decode()


def test_the_accessibility_statement_follows_diggs_structure(client):
    Controller.objects.create(pk=1, name="Reglab", email="dataskydd@reglab.example")

    page = client.get(reverse("privacy:accessibility")).content.decode()

    assert "Reglab står bakom den här webbplatsen" in page
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in page
    assert "Innehåll som inte är tillgängligt" in page
    assert "PDF" in page
    assert "Storskärmen" in page
    assert "https://www.digg.se/tdosanmalan" in page
    assert "dataskydd@reglab.example" in page
    assert "axe-core" in page
    assert "30 november 2026" in page


# --- The controller's details ---------------------------------------------------------------

DETAILS = {"name": "Tillväxtverket", "email": "dataskydd@tillvaxtverket.example"}


def test_an_organiser_sets_the_controller(client, olle_organiser):
    client.force_login(olle_organiser)
    assert client.get(reverse("privacy:controller")).status_code == 200

    response = client.post(reverse("privacy:controller"), {**DETAILS, "phone": "08-123 45"})

    assert response.status_code == 302
    controller = Controller.objects.get()
    assert (controller.name, controller.phone) == ("Tillväxtverket", "08-123 45")


def test_a_participant_cannot_set_the_controller(client, sanna_participant):
    Controller.objects.create(pk=1, name="Reglab", email="dataskydd@reglab.example")
    client.force_login(sanna_participant)

    assert client.get(reverse("privacy:controller")).status_code == 403
    assert client.post(reverse("privacy:controller"), DETAILS).status_code == 403
    assert Controller.objects.get().name == "Reglab"


def test_a_visitor_is_asked_to_log_in(client):
    response = client.post(reverse("privacy:controller"), DETAILS)
    assert response.status_code == 302
    assert not Controller.objects.exists()


def test_the_controller_needs_a_name_and_an_email(client, olle_organiser):
    client.force_login(olle_organiser)
    response = client.post(reverse("privacy:controller"), {"name": "", "email": ""})
    assert response.status_code == 200
    assert not Controller.objects.exists()
