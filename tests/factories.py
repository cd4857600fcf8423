"""factory_boy factories, and the small named demo cast tests use to read like stories."""

import datetime

import factory
from django.utils import timezone

from larlabb.accounts.models import User
from larlabb.actors.models import Membership, Network, Organisation
from larlabb.labs.models import ExpectedResult, Lab, ProgramItem, Workshop
from larlabb.registrations.models import Registration


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.REGION


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Nätverk {n}")
    owner = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.OTHER)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    role = User.Role.PARTICIPANT
    organisation = None
    # people the tests place in an organisation belong to it (a claim is tested on its own)
    organisation_verified = factory.LazyAttribute(lambda o: o.organisation is not None)
    password = factory.PostGenerationMethodCall("set_unusable_password")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def in_days(days: int, hour: int = 9, minute: int = 30) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class LabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lab
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lärlabb {n}")
    slug = factory.Sequence(lambda n: f"labb-{n}")
    question = "Hur gör vi?"
    is_published = True
    registration_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=14)
    )

    @factory.post_generation
    def organisers(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.organisers.set(extracted)

    @factory.post_generation
    def results(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            for position, text in enumerate(extracted or []):
                ExpectedResult.objects.create(lab=obj, position=position, text=text)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    lab = factory.SubFactory(LabFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyFunction(lambda: in_days(30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=7))
    city = "Stockholm"
    venue = "Konferenscentret"


class ProgramItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramItem

    workshop = factory.SubFactory(WorkshopFactory)
    starts = datetime.time(9, 30)
    ends = datetime.time(10, 0)
    title = factory.Sequence(lambda n: f"Programpunkt {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    lab = factory.SubFactory(LabFactory)
    person = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda o: o.person.organisation or OrganisationFactory())
