"""Staff read the audit log on a phone: filter it, turn its pages, download it; the page passes
axe-core at 390 px."""

import pytest
from playwright.sync_api import Page, expect

from larlabb.audit.log import record
from larlabb.audit.models import Entry
from tests.browser.axe import assert_accessible
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def logged(olle_organiser, sanna_participant, lab):
    record(
        actor=olle_organiser,
        action=Entry.Action.ROLE_GRANTED,
        target=sanna_participant,
        detail={"field": "role", "from": "participant", "to": "facilitator"},
    )
    for number in range(55):
        record(
            actor=olle_organiser,
            action=Entry.Action.PERSONAL_DATA_EXPORTED,
            lab=lab,
            detail={"export": "registrations", "format": "csv", "rows": number},
        )


def test_staff_filter_page_and_download_the_audit_log_on_a_phone(
    phone: Page, stina_staff, logged, live_server
):
    log_in(phone, stina_staff, live_server)
    phone.goto("/granskning/")

    expect(phone.get_by_role("heading", level=1)).to_have_text("Granskningslogg")
    expect(phone.get_by_role("heading", name="56 poster")).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(phone)

    phone.get_by_role("link", name="Äldre").click()
    expect(phone.get_by_text("Sida 2 av 2")).to_be_visible()

    phone.get_by_label("Vad").select_option(label="Roll ändrad")
    phone.get_by_label("Person").fill("olle@")
    phone.get_by_role("button", name="Filtrera").click()
    expect(phone.get_by_role("heading", name="1 post")).to_be_visible()
    row = phone.get_by_role("row").filter(has_text="Sanna Skåning")
    expect(row).to_contain_text("till: Processledare")
    assert_accessible(phone)

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Exportera som CSV").click()
    assert download.value.suggested_filename == "granskningslogg.csv"
    lines = download.value.path().read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == 2  # the heading and the one entry the filter picks
