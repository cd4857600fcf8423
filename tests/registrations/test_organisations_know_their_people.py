"""Organisations know their people (issue "Trust", finding 1): a place of an organisation is
held only by someone whose address is in its email domains or whose claim the organisers
approved; a colleague is registered only with such an address; a registration made for a
colleague who does not confirm frees the place after REGISTRATION_PENDING_DAYS."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from larlabb.accounts.actions import (
    AccountError,
    IntroductionValues,
    ProfileValues,
    do_introduce,
    do_update_profile,
)
from larlabb.accounts.forms import IntroductionForm
from larlabb.accounts.models import User
from larlabb.actors.models import EmailDomain, Organisation
from larlabb.audit.models import Entry
from larlabb.core.models import OutgoingEmail
from larlabb.registrations.actions import (
    Answers,
    RegistrationError,
    do_decide_organisation,
    do_register,
    do_register_colleague,
    expire_pending,
)
from larlabb.registrations.models import Registration
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ANSWERS = Answers(title="RUS-samordnare", knowledge="mission", travel_acknowledged=True)


@pytest.fixture
def norrbotten(rus_network) -> Organisation:
    region = OrganisationFactory(
        name="Region Norrbotten", kind=Organisation.Kind.REGION, county_code="25"
    )
    EmailDomain.objects.create(organisation=region, domain="norrbotten.se")
    rus_network.members.add(region)
    return region


def newcomer(email: str, organisation: Organisation | None = None) -> User:
    """Someone who opened an account by code and said which organisation they work for."""
    person = User.objects.create_user(email)
    do_introduce(
        actor=person,
        values=IntroductionValues(
            name="Ny Person", organisation_id=organisation.pk if organisation else None
        ),
    )
    return person


def test_a_claimed_organisation_holds_no_place_and_the_real_member_gets_it(lab, norrbotten):
    lab.per_organisation_limit = 1
    lab.save()
    fake = newcomer("fake1@example.invalid", norrbotten)
    real = newcomer("rut.rus@norrbotten.se", norrbotten)

    claimed = do_register(actor=fake, lab=lab, organisation=norrbotten, answers=ANSWERS)
    registered = do_register(actor=real, lab=lab, organisation=norrbotten, answers=ANSWERS)

    assert claimed.status == Registration.Status.UNAPPROVED
    assert not claimed.holds_a_place
    assert registered.status == Registration.Status.CONFIRMED
    assert (fake.organisation_verified, real.organisation_verified) == (False, True)
    (email,) = OutgoingEmail.objects.filter(to="fake1@example.invalid")
    assert "väntar på godkännande" in email.subject


def test_an_address_in_a_domain_belongs_to_that_organisation_and_cannot_claim_another(
    norrbotten, region_skane
):
    person = User.objects.create_user("rut.rus@Norrbotten.se")
    form = IntroductionForm(instance=person)
    assert form.initial["organisation"] == norrbotten.pk

    with pytest.raises(AccountError, match="Din e-postadress hör till Region Norrbotten"):
        do_introduce(
            actor=person, values=IntroductionValues(name="Rut", organisation_id=region_skane.pk)
        )
    person.refresh_from_db()
    assert person.organisation is None


def test_changing_organisation_in_the_profile_drops_an_approval(lab, norrbotten, region_skane):
    person = newcomer("konsult@example.invalid", norrbotten)
    person.organisation_verified = True  # as if the organisers had approved it
    person.save()
    do_update_profile(
        actor=person, values=ProfileValues(name="Konsult", organisation_id=region_skane.pk)
    )
    person.refresh_from_db()
    assert not person.organisation_verified
    registration = do_register(actor=person, lab=lab, organisation=region_skane, answers=ANSWERS)
    assert registration.status == Registration.Status.UNAPPROVED


def test_the_organisers_approve_a_claim_and_it_takes_a_place(lab, norrbotten, olle_organiser):
    fake = newcomer("riktig@gmail.example", norrbotten)
    registration = do_register(actor=fake, lab=lab, organisation=norrbotten, answers=ANSWERS)

    with pytest.raises(RegistrationError, match="Bara labbets arrangörer"):
        do_decide_organisation(actor=fake, registration=registration, approve=True)
    decided = do_decide_organisation(actor=olle_organiser, registration=registration, approve=True)

    assert decided.status == Registration.Status.CONFIRMED
    fake.refresh_from_db()
    assert fake.organisation_verified
    entry = Entry.objects.get(action=Entry.Action.ORGANISATION_APPROVED)
    assert entry.actor == olle_organiser
    assert entry.detail["approved"] is True
    assert entry.lab == lab


def test_a_refused_claim_cancels_the_registration(lab, norrbotten, olle_organiser):
    fake = newcomer("fake2@example.invalid", norrbotten)
    registration = do_register(actor=fake, lab=lab, organisation=norrbotten, answers=ANSWERS)
    decided = do_decide_organisation(actor=olle_organiser, registration=registration, approve=False)
    assert decided.status == Registration.Status.CANCELLED
    assert OutgoingEmail.objects.filter(
        to="fake2@example.invalid", subject__contains="godkändes inte"
    ).exists()


def test_the_organisers_decide_on_the_overview_page(client, lab, norrbotten, olle_organiser):
    fake = newcomer("fake3@example.invalid", norrbotten)
    registration = do_register(actor=fake, lab=lab, organisation=norrbotten, answers=ANSWERS)
    client.force_login(olle_organiser)
    page = client.get(reverse("registrations:overview", kwargs={"slug": lab.slug}))
    assert "Godkänn att Ny Person arbetar på Region Norrbotten" in page.content.decode()

    client.force_login(fake)
    path = reverse("registrations:decide-organisation", kwargs={"pk": registration.pk})
    client.post(path, {"decision": "approve"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.UNAPPROVED

    client.force_login(olle_organiser)
    client.post(path, {"decision": "approve"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_a_colleague_is_registered_only_with_an_address_of_the_organisation(
    lab, norrbotten, region_skane
):
    member = newcomer("rut.rus@norrbotten.se", norrbotten)
    with pytest.raises(RegistrationError, match=r"adress på norrbotten\.se"):
        do_register_colleague(
            actor=member, lab=lab, email="fake1@example.invalid", name="Fake", answers=ANSWERS
        )
    assert not User.objects.filter(email="fake1@example.invalid").exists()

    unapproved = newcomer("fake4@example.invalid", norrbotten)
    with pytest.raises(RegistrationError, match="inte anmäla kollegor"):
        do_register_colleague(
            actor=unapproved, lab=lab, email="x@norrbotten.se", name="X", answers=ANSWERS
        )

    colleague = do_register_colleague(
        actor=member, lab=lab, email="kim@norrbotten.se", name="Kim", answers=ANSWERS
    )
    assert colleague.status == Registration.Status.PENDING
    assert colleague.person.organisation == norrbotten
    assert colleague.person.organisation_verified


def test_an_unconfirmed_colleague_frees_the_place_after_the_set_days(lab, norrbotten, settings):
    settings.REGISTRATION_PENDING_DAYS = 7
    lab.per_organisation_limit = 2
    lab.save()
    member = newcomer("rut.rus@norrbotten.se", norrbotten)
    do_register(actor=member, lab=lab, organisation=norrbotten, answers=ANSWERS)
    pending = do_register_colleague(
        actor=member, lab=lab, email="kim@norrbotten.se", name="Kim", answers=ANSWERS
    )
    waiting = do_register(
        actor=newcomer("lo@norrbotten.se", norrbotten),
        lab=lab,
        organisation=norrbotten,
        answers=ANSWERS,
    )
    assert waiting.status == Registration.Status.WAITING

    assert expire_pending(timezone.now() + datetime.timedelta(days=6)) == 0
    assert expire_pending(timezone.now() + datetime.timedelta(days=7, minutes=1)) == 1

    pending.refresh_from_db()
    waiting.refresh_from_db()
    assert pending.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    told = OutgoingEmail.objects.get(to="rut.rus@norrbotten.se", key__endswith="expired")
    assert "kim@norrbotten.se" in told.body
    assert "inom 7 dagar" in told.body
    invite = OutgoingEmail.objects.get(to="kim@norrbotten.se")
    assert "Bekräfta inom 7 dagar" in invite.body


def test_the_reference_data_gives_each_region_and_agency_its_domain(db):
    from django.core.management import call_command

    call_command("load_reference_data", verbosity=0)
    norrbotten = Organisation.objects.get(county_code="25")
    assert list(norrbotten.email_domains.values_list("domain", flat=True)) == ["norrbotten.se"]
    assert EmailDomain.objects.filter(organisation__kind=Organisation.Kind.REGION).count() >= 21
    assert EmailDomain.objects.get(domain="tillvaxtverket.se").organisation.abbreviation == (
        "Tillväxtverket"
    )


def test_organisers_set_an_organisations_domains_and_participants_cannot(
    client, norrbotten, region_skane, olle_organiser, sanna_participant
):
    path = reverse("actors:organisation-domains", kwargs={"pk": norrbotten.pk})
    client.force_login(sanna_participant)
    assert client.post(path, {"domains": "evil.example"}).status_code == 403

    client.force_login(olle_organiser)
    page = client.post(path, {"domains": "norrbotten.se\n@NLL.se\nbad domain!"})
    assert "bad är ingen e-postdomän" in page.content.decode() or "ingen e-postdomän" in (
        page.content.decode()
    )
    page = client.post(path, {"domains": "skane.example"})
    assert "skane.example hör redan till Region Skåne" in page.content.decode()
    assert sorted(norrbotten.email_domains.values_list("domain", flat=True)) == ["norrbotten.se"]

    client.post(path, {"domains": "norrbotten.se\n@NLL.se"})
    assert sorted(norrbotten.email_domains.values_list("domain", flat=True)) == [
        "nll.se",
        "norrbotten.se",
    ]
    listing = client.get(reverse("actors:organisation-list")).content.decode()
    assert "nll.se, norrbotten.se" in listing


def test_an_address_of_one_organisation_does_not_register_for_another(
    lab, norrbotten, region_skane, olle_organiser
):
    person = User.objects.create_user("rut.rus@norrbotten.se", name="Rut")
    with pytest.raises(RegistrationError, match="Du hör till Region Norrbotten"):
        do_register(actor=person, lab=lab, organisation=region_skane, answers=ANSWERS)
    with pytest.raises(RegistrationError, match="kan inte anmälas för Region Skåne"):
        do_register(
            actor=olle_organiser,
            lab=lab,
            organisation=region_skane,
            answers=ANSWERS,
            person=User.objects.create_user("lo@norrbotten.se"),
        )
    assert not Registration.objects.exists()


def test_registration_changes_by_others_are_on_record(lab, region_skane, olle_organiser):
    """Issue "Trust", 8: a registration made, cancelled or checked in by someone else than its
    person is in the audit log; a person's own changes are not."""
    from larlabb.registrations.actions import do_cancel, do_register_by_hand

    own = do_register(
        actor=newcomer("egen@skane.example", region_skane),
        lab=lab,
        organisation=region_skane,
        answers=ANSWERS,
    )
    by_hand = do_register_by_hand(
        actor=olle_organiser,
        lab=lab,
        email="ny@skane.example",
        name="Ny",
        organisation=region_skane,
        answers=ANSWERS,
    )
    do_cancel(actor=olle_organiser, registration=by_hand)
    do_cancel(actor=own.person, registration=own)
    changes = Entry.objects.filter(action=Entry.Action.REGISTRATION_CHANGED).order_by("pk")
    assert [(e.actor, e.detail["change"], e.object_id) for e in changes] == [
        (olle_organiser, "registered", str(by_hand.pk)),
        (olle_organiser, "cancelled", str(by_hand.pk)),
    ]


def test_an_organiser_adds_domains_but_takes_none_away_and_no_public_mail_service(
    norrbotten, olle_organiser, stina_staff
):
    from larlabb.actors.actions import ActorError, do_set_email_domains

    with pytest.raises(ActorError, match=r"gmail\.com"):
        do_set_email_domains(
            actor=olle_organiser, organisation=norrbotten, domains=["norrbotten.se", "gmail.com"]
        )
    with pytest.raises(ActorError, match=r"norrbotten\.se"):
        do_set_email_domains(actor=olle_organiser, organisation=norrbotten, domains=["nll.se"])
    do_set_email_domains(
        actor=olle_organiser, organisation=norrbotten, domains=["norrbotten.se", "nll.se"]
    )
    do_set_email_domains(actor=stina_staff, organisation=norrbotten, domains=["nll.se"])
    assert list(norrbotten.email_domains.values_list("domain", flat=True)) == ["nll.se"]
    changes = Entry.objects.filter(action=Entry.Action.DOMAINS_CHANGED).order_by("pk")
    assert [(e.actor, e.detail["after"]) for e in changes] == [
        (olle_organiser, ["nll.se", "norrbotten.se"]),
        (stina_staff, ["nll.se"]),
    ]


def test_a_colleague_who_waited_gets_the_freed_place_only_by_confirming_it(lab, norrbotten):
    """A colleague registered while the places were taken waits; when a place frees up it is
    theirs to confirm (not confirmed for them), unless they already said yes while waiting."""
    from larlabb.registrations.actions import colleague_token, do_cancel, do_confirm_colleague

    lab.per_organisation_limit = 1
    lab.save()
    member = newcomer("rut.rus@norrbotten.se", norrbotten)
    mine = do_register(actor=member, lab=lab, organisation=norrbotten, answers=ANSWERS)
    kim = do_register_colleague(
        actor=member, lab=lab, email="kim@norrbotten.se", name="Kim", answers=ANSWERS
    )
    assert kim.status == Registration.Status.WAITING
    do_cancel(actor=member, registration=mine)
    kim.refresh_from_db()
    assert kim.status == Registration.Status.PENDING
    assert OutgoingEmail.objects.filter(
        to="kim@norrbotten.se", key__endswith="registration_colleague"
    ).exists()

    do_confirm_colleague(actor=kim.person, token=colleague_token(kim))
    kim.refresh_from_db()
    assert kim.status == Registration.Status.CONFIRMED

    # a colleague who says yes while waiting gets the place as soon as it frees up
    lo = do_register_colleague(
        actor=kim.person, lab=lab, email="lo@norrbotten.se", name="Lo", answers=ANSWERS
    )
    assert lo.status == Registration.Status.WAITING
    do_confirm_colleague(actor=lo.person, token=colleague_token(lo))
    do_cancel(actor=kim.person, registration=kim)
    lo.refresh_from_db()
    assert lo.status == Registration.Status.CONFIRMED
