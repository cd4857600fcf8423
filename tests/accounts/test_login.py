import re

import pytest
from django.urls import reverse

from larlabb.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def code_from(mailbox, address: str) -> str:
    messages = mailbox.to(address)
    assert len(messages) == 1, [m["Subject"] for m in mailbox.messages]
    text = mailbox.text(messages[-1])
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", text, re.MULTILINE)
    assert match, text
    return match.group(1)


def request_code(client, email: str):
    return client.post(reverse("account_request_login_code"), {"email": email})


def test_a_participant_logs_in_with_the_code_from_the_email(
    client, mailbox, run_tasks, sanna_participant
):
    response = request_code(client, "sanna@example.org")
    assert response.status_code == 302
    assert mailbox.to("sanna@example.org") == []  # sent by the worker, not the request
    run_tasks()
    code = code_from(mailbox, "sanna@example.org")

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_login_code_works_only_once(client, mailbox, run_tasks, sanna_participant):
    request_code(client, "sanna@example.org")
    run_tasks()
    code = code_from(mailbox, "sanna@example.org")
    client.post(reverse("account_confirm_login_code"), {"code": code})
    client.post(reverse("account_logout"))

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_request_login_code")  # ask for a new one
    assert client.get(reverse("accounts:profile")).status_code == 302  # to the login page


def test_an_expired_code_is_refused(client, mailbox, run_tasks, settings, sanna_participant):
    request_code(client, "sanna@example.org")
    run_tasks()
    code = code_from(mailbox, "sanna@example.org")
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = -1

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert client.get(reverse("accounts:profile")).status_code == 302
    assert response.status_code == 302
    assert response["Location"] == reverse("account_request_login_code")  # ask for a new one


def test_a_wrong_code_gets_a_clear_message_in_swedish(
    client, mailbox, run_tasks, sanna_participant
):
    request_code(client, "sanna@example.org")
    run_tasks()

    response = client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})

    assert response.status_code == 200
    assert "Koden stämmer inte." in response.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_participant_cannot_log_in_with_a_password(client, sanna_participant):
    sanna_participant.set_password("ett-långt-lösenord-123")
    sanna_participant.save()

    client.post(
        reverse("account_login"),
        {"login": "sanna@example.org", "password": "ett-långt-lösenord-123"},
    )

    assert client.get(reverse("accounts:profile")).status_code == 302


def test_an_organiser_logs_in_with_a_password(client, olle_organiser):
    olle_organiser.set_password("ett-långt-lösenord-123")
    olle_organiser.save()
    olle_organiser.emailaddress_set.update(verified=True)

    response = client.post(
        reverse("account_login"),
        {"login": "olle@example.org", "password": "ett-långt-lösenord-123"},
    )

    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_login_code_email_is_in_the_users_language(
    client, mailbox, run_tasks, sanna_participant
):
    sanna_participant.language = User.Language.ENGLISH
    sanna_participant.save()
    request_code(client, "sanna@example.org")
    run_tasks()

    (message,) = mailbox.to("sanna@example.org")

    assert "code" in message["Subject"].lower()
