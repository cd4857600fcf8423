import datetime
import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from larlabb.actors.models import Network, Organisation


def stockholm() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo("Europe/Stockholm")


CHECKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_checkin_code() -> str:
    """A short code, without look-alike characters, that participants type to check in."""
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(6))


class Lab(models.Model):
    """A learning lab (lärlabb): a series of workshops on one question, hosted together.

    The fields follow the seed invitation: a question and a welcome, why (the expected results),
    who (the invited networks, the knowledge expected, how many people per organisation), how
    (what is expected of participants), the registration deadline and the people to contact.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    question = models.CharField(_("question"), max_length=300, blank=True)
    welcome = models.TextField(_("welcome text"), max_length=5000, blank=True)
    purpose = models.TextField(_("purpose"), max_length=5000, blank=True)
    hosts = models.ManyToManyField(
        Organisation, verbose_name=_("hosts"), related_name="hosted_labs"
    )
    invited_networks = models.ManyToManyField(
        Network, verbose_name=_("invited networks"), related_name="labs", blank=True
    )
    invitation_text = models.TextField(
        _("who is invited"),
        max_length=20000,
        blank=True,
        help_text=_("How the invitation describes the invited networks."),
    )
    expected_knowledge = models.TextField(
        _("knowledge expected of participants"), max_length=2000, blank=True
    )
    per_organisation_limit = models.PositiveSmallIntegerField(
        _("people per organisation"), default=2
    )
    how = models.TextField(
        _("how we work"),
        max_length=5000,
        blank=True,
        help_text=_("Expectations: time for meetings, preparation and homework, anchoring."),
    )
    travel_at_own_cost = models.BooleanField(
        _("participants pay their own travel and lodging"), default=True
    )
    registration_deadline = models.DateField(_("last day to register"), null=True, blank=True)
    deadline_reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before the deadline"),
        default=7,
        help_text=_(
            "Invited organisations with nobody registered get a reminder this many days before "
            "the deadline."
        ),
    )
    allow_single_workshops = models.BooleanField(
        _("registration for single workshops"),
        default=False,
        help_text=_("Otherwise people register for the whole series."),
    )
    show_participant_list = models.BooleanField(
        _("show a participant list"),
        default=False,
        help_text=_("Registered participants who agree are listed for the other participants."),
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        related_name="organised_labs",
        blank=True,
        help_text=_("The people who may edit the lab and its workshops."),
    )
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("workshop leaders"),
        related_name="led_labs",
        blank=True,
    )
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact persons"),
        related_name="contact_for_labs",
        blank=True,
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(per_organisation_limit__gte=1),
                name="lab_per_organisation_limit_positive",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("labs:lab-detail", kwargs={"slug": self.slug})

    @property
    def registration_closes_at(self) -> datetime.datetime | None:
        """The end of the deadline day in Stockholm; registration is open until then."""
        if self.registration_deadline is None:
            return None
        next_day = self.registration_deadline + datetime.timedelta(days=1)
        return datetime.datetime.combine(next_day, datetime.time.min, tzinfo=stockholm())

    @property
    def registration_is_open(self) -> bool:
        closes = self.registration_closes_at
        return closes is None or timezone.now() < closes

    @property
    def deadline_reminder_at(self) -> datetime.datetime | None:
        """When invited organisations with nobody registered are reminded."""
        closes = self.registration_closes_at
        if closes is None:
            return None
        return closes - datetime.timedelta(days=self.deadline_reminder_days)


class ExpectedResult(models.Model):
    """One of the results a lab promises ("Stärkta relationer mellan myndigheter och regioner").

    Later parts of Lärlabb measure each one.
    """

    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), related_name="expected_results", on_delete=models.CASCADE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("expected result"), max_length=300)

    class Meta:
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")
        ordering = ["lab", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Document(models.Model):
    """A background document or link of a lab (the reports behind the work)."""

    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), related_name="documents", on_delete=models.CASCADE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.CharField(_("description"), max_length=500, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("background document")
        verbose_name_plural = _("background documents")
        ordering = ["lab", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Workshop(models.Model):
    """One meeting of a lab, on one day, at one place (or online)."""

    class Format(models.TextChoices):
        PHYSICAL = "physical", _("Physical meeting")
        DIGITAL = "digital", _("Digital meeting")
        HYBRID = "hybrid", _("Hybrid meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")

    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), related_name="workshops", on_delete=models.CASCADE
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.PHYSICAL
    )
    meeting_link = models.URLField(
        _("meeting link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to registered participants."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    uid = models.UUIDField(_("calendar id"), default=uuid.uuid4, unique=True, editable=False)
    checkin_code = models.CharField(
        _("check-in code"), max_length=6, default=new_checkin_code, editable=False
    )
    sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_("Raised at every move, so calendars update the entry they have."),
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["lab", "number"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "number"], name="workshop_unique_number"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="workshop_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse(
            "labs:workshop-detail", kwargs={"slug": self.lab.slug, "number": self.number}
        )

    @property
    def display_title(self) -> str:
        return self.title or str(_("Workshop %(number)d") % {"number": self.number})

    @property
    def place(self) -> str:
        """Venue, address and city in one line."""
        return ", ".join(part for part in [self.venue, self.address, self.city] if part)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()


class WorkshopChange(models.Model):
    """A move or cancellation of a workshop: the earlier date and place, and why it changed."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), related_name="changes", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    old_starts_at = models.DateTimeField(_("earlier start"))
    old_ends_at = models.DateTimeField(_("earlier end"))
    old_place = models.CharField(_("earlier place"), max_length=600, blank=True)
    old_format = models.CharField(
        _("earlier format"), max_length=10, choices=Workshop.Format.choices
    )
    new_starts_at = models.DateTimeField(_("new start"), null=True, blank=True)
    new_ends_at = models.DateTimeField(_("new end"), null=True, blank=True)
    new_place = models.CharField(_("new place"), max_length=600, blank=True)
    new_format = models.CharField(
        _("new format"), max_length=10, choices=Workshop.Format.choices, blank=True
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("workshop change")
        verbose_name_plural = _("workshop changes")
        ordering = ["workshop", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.workshop}: {self.get_kind_display()}"


class ProgramItem(models.Model):
    """A timed item of a workshop's program, led by named people."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        DIALOGUE = "dialogue", _("Dialogue")
        FORESIGHT = "foresight", _("Foresight")
        CASE_DIALOGUE = "case_dialogue", _("Case dialogue")
        BREAK = "break", _("Break")
        LUNCH = "lunch", _("Lunch")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), related_name="program", on_delete=models.CASCADE
    )
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TALK)
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("led by"), related_name="+", blank=True
    )
    is_highlight = models.BooleanField(
        _("highlight in the invitation"),
        default=False,
        help_text=_("Listed under “On the programme” on the invitation page."),
    )

    class Meta:
        verbose_name = _("program item")
        verbose_name_plural = _("program items")
        ordering = ["workshop", "starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="program_item_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title
