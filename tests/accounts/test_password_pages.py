"""The password pages organisers use are our own plain pages (not allauth's): they say what
happens in Lärlabb's words, and their forms still work."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "ett-långt-lösenord-123"


@pytest.fixture
def olle(olle_organiser):
    olle_organiser.set_password(PASSWORD)
    olle_organiser.save()
    olle_organiser.emailaddress_set.update(verified=True)
    return olle_organiser


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_reset_pages_read_as_lärlabb_writes(client):
    text = page(client, reverse("account_reset_password"))
    assert "<h1>Välj ett nytt lösenord</h1>" in text
    assert "Mejla mig en länk" in text
    assert "Vänligen" not in text
    assert "Anteckning:" not in text

    text = page(client, reverse("account_reset_password_done"))
    assert "<h1>Titta i din e-post</h1>" in text
    assert "Titta i skräpposten också." in text


def test_an_organiser_resets_the_password_through_the_emailed_link(
    client, mailbox, run_tasks, olle
):
    response = client.post(reverse("account_reset_password"), {"email": "olle@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    run_tasks()

    [message] = mailbox.to("olle@example.org")
    assert message["Subject"] == "Lärlabb: Välj ett nytt lösenord"
    text = mailbox.text(message)
    assert text.startswith("Hej Olle,")
    link = re.search(r"https?://\S+/konto/password/reset/key/\S+", text)
    assert link, text
    path = re.sub(r"^https?://[^/]+", "", link.group(0))

    # allauth moves the key into the session and shows the form at a fixed address.
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    text = form_page.content.decode()
    assert "<h1>Välj ett nytt lösenord</h1>" in text
    assert "Spara det nya lösenordet" in text

    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": "ett-nytt-långt-lösenord-456", "password2": "ett-nytt-långt-lösenord-456"},
        follow=True,
    )
    text = response.content.decode()
    assert "<h1>Ditt lösenord är bytt</h1>" in text
    olle.refresh_from_db()
    assert olle.check_password("ett-nytt-långt-lösenord-456")


def test_a_used_or_wrong_link_says_so_and_offers_a_new_one(client):
    text = page(client, "/konto/password/reset/key/x-wrong/")
    assert "<h1>Länken fungerar inte</h1>" in text
    assert f'href="{reverse("account_reset_password")}"' in text


def test_an_organiser_changes_the_password(client, olle):
    client.force_login(olle)
    text = page(client, reverse("account_change_password"))
    assert "<h1>Byt lösenord</h1>" in text
    assert "Nuvarande lösenord" in text

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "ett-nytt-långt-lösenord-456",
            "password2": "ett-nytt-långt-lösenord-456",
        },
    )
    assert response.status_code == 302
    olle.refresh_from_db()
    assert olle.check_password("ett-nytt-långt-lösenord-456")


def test_logging_out_asks_plainly_and_logs_out(client, olle):
    client.force_login(olle)
    text = page(client, reverse("account_logout"))
    assert "<h1>Logga ut</h1>" in text
    assert "Vill du logga ut från Lärlabb?" in text

    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302
