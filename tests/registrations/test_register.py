import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from larlabb.accounts.models import User
from larlabb.registrations.actions import (
    Answers,
    RegistrationError,
    do_cancel,
    do_grant_exception,
    do_register,
    do_register_by_hand,
    do_register_colleague,
)
from larlabb.registrations.models import Registration
from tests.factories import RegistrationFactory, WorkshopFactory, in_days

pytestmark = pytest.mark.django_db

ANSWERS = Answers(title="RUS-samordnare", knowledge="mission", travel_acknowledged=True)


def form(organisation, **overrides) -> dict:
    return {
        "organisation": organisation.pk,
        "title": "RUS-samordnare",
        "knowledge": "mission",
        "dietary_needs": "vegetariskt",
        "travel_acknowledged": "on",
        **overrides,
    }


def test_a_member_registers_and_is_confirmed(
    client, lab, workshops, sanna_participant, region_skane
):
    client.force_login(sanna_participant)

    response = client.post(
        reverse("registrations:register", kwargs={"slug": lab.slug}), form(region_skane)
    )

    assert response.status_code == 302
    registration = Registration.objects.get(person=sanna_participant)
    assert registration.status == "confirmed"
    assert registration.dietary_needs == "vegetariskt"
    page = client.get(reverse("registrations:register", kwargs={"slug": lab.slug})).content.decode()
    assert "Avanmäl mig" in page


def test_the_third_person_of_an_organisation_goes_to_the_waiting_list(
    lab, workshops, skane_people, region_skane
):
    statuses = [
        do_register(actor=person, lab=lab, organisation=region_skane, answers=ANSWERS).status
        for person in skane_people
    ]
    assert statuses == ["confirmed", "confirmed", "waiting"]


def test_the_limit_is_set_per_lab(lab, workshops, skane_people, region_skane):
    lab.per_organisation_limit = 1
    lab.save()
    first = do_register(actor=skane_people[0], lab=lab, organisation=region_skane, answers=ANSWERS)
    second = do_register(actor=skane_people[1], lab=lab, organisation=region_skane, answers=ANSWERS)
    assert (first.status, second.status) == ("confirmed", "waiting")


def test_an_organisation_outside_the_invited_networks_is_refused(client, lab, workshops, outsider):
    client.force_login(outsider)

    response = client.post(
        reverse("registrations:register", kwargs={"slug": lab.slug}), form(outsider.organisation)
    )

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    with pytest.raises(RegistrationError, match="inte medlem"):
        do_register(actor=outsider, lab=lab, organisation=outsider.organisation, answers=ANSWERS)
    assert not Registration.objects.exists()


def test_an_organiser_can_grant_an_exception_to_a_named_organisation(
    lab, workshops, outsider, olle_organiser
):
    do_grant_exception(actor=olle_organiser, lab=lab, organisation=outsider.organisation)
    registration = do_register(
        actor=outsider, lab=lab, organisation=outsider.organisation, answers=ANSWERS
    )
    assert registration.status == "confirmed"


def test_only_the_labs_organisers_grant_exceptions(lab, outsider, other_organiser):
    with pytest.raises(RegistrationError):
        do_grant_exception(actor=other_organiser, lab=lab, organisation=outsider.organisation)


def test_registering_twice_is_refused_and_changes_nothing(
    lab, workshops, sanna_participant, region_skane
):
    do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)
    with pytest.raises(RegistrationError, match="redan anmäld"):
        do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)
    assert Registration.objects.count() == 1


def test_nobody_registers_for_another_organisation(
    lab, workshops, sanna_participant, tillvaxtverket, rus_network
):
    rus_network.members.add(tillvaxtverket)
    with pytest.raises(RegistrationError, match="Du kan bara anmäla dig för din egen organisation"):
        do_register(actor=sanna_participant, lab=lab, organisation=tillvaxtverket, answers=ANSWERS)
    assert not Registration.objects.exists()


def test_registration_closes_after_the_deadline(
    client, lab, workshops, sanna_participant, region_skane
):
    lab.registration_deadline = timezone.localdate() - datetime.timedelta(days=1)
    lab.save()
    client.force_login(sanna_participant)

    response = client.post(
        reverse("registrations:register", kwargs={"slug": lab.slug}), form(region_skane)
    )

    assert "Anmälan stängde" in response.content.decode()
    with pytest.raises(RegistrationError, match="Sista anmälningsdag har passerat"):
        do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)
    assert not Registration.objects.exists()


def test_the_deadline_day_itself_is_still_open(lab, workshops, sanna_participant, region_skane):
    lab.registration_deadline = timezone.localdate()
    lab.save()
    assert do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)


def test_an_organiser_adds_a_person_by_hand_after_the_deadline(
    client, lab, workshops, olle_organiser, region_skane
):
    lab.registration_deadline = timezone.localdate() - datetime.timedelta(days=3)
    lab.save()
    client.force_login(olle_organiser)

    response = client.post(
        reverse("registrations:add-by-hand", kwargs={"slug": lab.slug}),
        {**form(region_skane), "name": "Sen Anmäld", "email": "sen@example.org"},
    )

    assert response.status_code == 302
    assert Registration.objects.get(person__email="sen@example.org").status == "confirmed"


def test_the_travel_acknowledgement_is_required(
    client, lab, workshops, sanna_participant, region_skane
):
    client.force_login(sanna_participant)
    data = form(region_skane)
    del data["travel_acknowledged"]

    response = client.post(reverse("registrations:register", kwargs={"slug": lab.slug}), data)

    assert "resor och logi" in response.content.decode()
    assert not Registration.objects.exists()
    with pytest.raises(RegistrationError):
        do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=Answers())


def test_a_lab_that_does_not_exist_is_a_404(client, sanna_participant):
    client.force_login(sanna_participant)
    assert (
        client.post(
            reverse("registrations:register", kwargs={"slug": "finns-inte"}), {}
        ).status_code
        == 404
    )


def test_a_forged_form_changes_nothing(client, lab, workshops, sanna_participant, region_skane):
    client.force_login(sanna_participant)
    for forged in [
        {**form(region_skane), "organisation": "999999"},
        form(region_skane, knowledge="<script>"),
        form(region_skane, title="x" * 500),
        {"organisation": "abc"},
    ]:
        response = client.post(reverse("registrations:register", kwargs={"slug": lab.slug}), forged)
        assert response.status_code == 200
    assert not Registration.objects.exists()


def test_registration_needs_a_login(client, lab):
    response = client.get(reverse("registrations:register", kwargs={"slug": lab.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_request_login_code"))


def test_cancelling_frees_the_place_for_the_first_in_line(
    lab, workshops, skane_people, region_skane
):
    first, _second, third = (
        do_register(actor=p, lab=lab, organisation=region_skane, answers=ANSWERS)
        for p in skane_people
    )
    do_cancel(actor=skane_people[0], registration=first)
    third.refresh_from_db()
    first.refresh_from_db()
    assert third.status == "confirmed"
    assert (first.status, first.cancelled_by) == ("cancelled", skane_people[0])
    assert first.cancelled_at is not None


def test_one_cannot_cancel_someone_elses_registration(lab, workshops, skane_people, region_skane):
    registration = do_register(
        actor=skane_people[0], lab=lab, organisation=region_skane, answers=ANSWERS
    )
    with pytest.raises(RegistrationError):
        do_cancel(actor=skane_people[1], registration=registration)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_cancelling_is_possible_until_the_lab_starts(
    lab, sanna_participant, region_skane, olle_organiser
):
    WorkshopFactory(lab=lab, number=1, starts_at=in_days(-1))
    registration = RegistrationFactory(lab=lab, person=sanna_participant, organisation=region_skane)
    with pytest.raises(RegistrationError, match="har redan börjat"):
        do_cancel(actor=sanna_participant, registration=registration)
    do_cancel(actor=olle_organiser, registration=registration)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_single_workshops_only_where_the_organiser_allows_it(
    lab, workshops, sanna_participant, region_skane
):
    with pytest.raises(RegistrationError, match="hela serien"):
        do_register(
            actor=sanna_participant,
            lab=lab,
            organisation=region_skane,
            answers=ANSWERS,
            workshops=[workshops[1]],
        )
    lab.allow_single_workshops = True
    lab.save()
    registration = do_register(
        actor=sanna_participant,
        lab=lab,
        organisation=region_skane,
        answers=ANSWERS,
        workshops=[workshops[1]],
    )
    assert list(registration.workshops.all()) == [workshops[1]]
    assert not registration.covers(workshops[0])


def test_the_participant_list_shows_only_those_who_agreed(
    client, lab, workshops, skane_people, region_skane
):
    lab.show_participant_list = True
    lab.save()
    do_register(
        actor=skane_people[0],
        lab=lab,
        organisation=region_skane,
        answers=Answers(title="A", knowledge="both", travel_acknowledged=True, listed=True),
    )
    do_register(actor=skane_people[1], lab=lab, organisation=region_skane, answers=ANSWERS)
    url = reverse("registrations:participants", kwargs={"slug": lab.slug})

    client.force_login(
        skane_people[2]
    )  # not registered (waiting would be third; not registered at all)
    assert client.get(url).status_code == 403
    client.force_login(skane_people[1])
    page = client.get(url).content.decode()
    assert "Skåning 1" in page
    assert "Skåning 2" not in page


def test_no_participant_list_unless_the_lab_shows_one(
    client, lab, workshops, sanna_participant, region_skane
):
    do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)
    client.force_login(sanna_participant)
    assert (
        client.get(reverse("registrations:participants", kwargs={"slug": lab.slug})).status_code
        == 403
    )


def test_only_the_labs_organisers_register_people_by_hand(
    lab, workshops, other_organiser, region_skane
):
    with pytest.raises(RegistrationError):
        do_register_by_hand(
            actor=other_organiser,
            lab=lab,
            email="ny@example.org",
            name="Ny Person",
            organisation=region_skane,
            answers=ANSWERS,
        )

    assert not User.objects.filter(email="ny@example.org").exists()


def test_a_colleague_new_to_larlabb_gets_an_account_of_the_same_organisation(
    lab, workshops, sanna_participant, region_skane
):
    sanna_participant.language = User.Language.ENGLISH
    sanna_participant.save()

    registration = do_register_colleague(
        actor=sanna_participant,
        lab=lab,
        email="Kollega@Skane.Example",
        name="Kim Kollega",
        answers=ANSWERS,
    )

    colleague = registration.person
    assert (colleague.email, colleague.name, colleague.organisation) == (
        "kollega@skane.example",
        "Kim Kollega",
        region_skane,
    )
    assert colleague.language == User.Language.ENGLISH
    assert registration.status == Registration.Status.PENDING
    assert not colleague.has_usable_password()


def test_a_refused_colleague_registration_leaves_no_account_behind(
    lab, workshops, sanna_participant, region_skane
):
    lab.is_published = False
    lab.save()

    with pytest.raises(RegistrationError):
        do_register_colleague(
            actor=sanna_participant,
            lab=lab,
            email="kollega@skane.example",
            name="Kim Kollega",
            answers=ANSWERS,
        )

    assert not User.objects.filter(email="kollega@skane.example").exists()


def test_avanmal_mig_asks_first_and_a_get_cancels_nothing(
    client, lab, workshops, sanna_participant, region_skane
):
    registration = do_register(
        actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS
    )
    client.force_login(sanna_participant)
    url = reverse("registrations:cancel", kwargs={"pk": registration.pk})

    page = client.get(reverse("registrations:register", kwargs={"slug": lab.slug}))
    assert f'href="{url}"' in page.content.decode()  # a link to the question, no form
    question = client.get(url).content.decode()
    assert "Vill du avanmäla dig från Lärlabb: Testlabbet" in question
    assert "Ja, avanmäl mig" in question
    registration.refresh_from_db()
    assert registration.status == "confirmed"

    response = client.post(url, follow=True)

    registration.refresh_from_db()
    assert registration.status == "cancelled"
    text = response.content.decode()
    assert "Du är avanmäld från Lärlabb: Testlabbet." in text
    assert registration.get_status_display() == "Avanmäld"


def test_a_colleague_on_the_waiting_list_is_told_so(
    client, lab, workshops, skane_people, region_skane, sanna_participant
):
    for person in skane_people[:2]:
        do_register(actor=person, lab=lab, organisation=region_skane, answers=ANSWERS)
    client.force_login(sanna_participant)

    response = client.post(
        reverse("registrations:register-colleague", kwargs={"slug": lab.slug}),
        {
            "name": "Kim Kollega",
            "email": "kim@skane.example",
            "title": "Analytiker",
            "knowledge": "overview",
            "travel_acknowledged": "on",
        },
        follow=True,
    )

    assert Registration.objects.get(person__email="kim@skane.example").status == "waiting"
    text = response.content.decode()
    assert "din kollega står på väntelistan" in text
    assert "Din kollega är anmäld" not in text


def test_the_colleague_form_asks_about_the_colleague_in_the_third_person(
    client, lab, workshops, sanna_participant
):
    client.force_login(sanna_participant)

    text = client.get(
        reverse("registrations:register-colleague", kwargs={"slug": lab.slug})
    ).content.decode()

    assert "Vilken kunskap har din kollega om det regionala utvecklingsuppdraget?" in text
    assert "Känner till det regionala utvecklingsuppdraget" in text
    assert "Har en överblick över det regionala utvecklingsarbetet" in text
    assert "Inget av det ännu" in text
    assert "Jag känner till" not in text
    assert "Jag har en överblick" not in text


def test_the_registration_form_asks_to_choose_an_organisation(client, lab, workshops):
    person = User.objects.create_user(email="ny@example.org", name="Nina Ny")
    client.force_login(person)

    text = client.get(reverse("registrations:register", kwargs={"slug": lab.slug})).content.decode()

    assert '<option value="" selected>Välj organisation</option>' in text
    assert "---------" not in text
    assert "Vilken kunskap har du om det regionala utvecklingsuppdraget?" in text
    assert "Anmäler sig fler hamnar de på väntelistan." in text
