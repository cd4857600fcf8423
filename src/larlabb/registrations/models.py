from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from larlabb.actors.models import Organisation
from larlabb.labs.models import Lab, Workshop


class Registration(models.Model):
    """A person's registration for a lab: the whole series, or chosen workshops where the lab
    allows it. A registration stays valid when a workshop is moved.

    The places of an organisation (``Lab.per_organisation_limit``) are held by its confirmed and
    pending registrations; a further person waits in line (``waiting``) and gets the first place
    that frees up. A colleague registered by someone else is ``pending`` until they confirm
    (for ``REGISTRATION_PENDING_DAYS``, then the place goes to the next in line). A person whose
    organisation does not follow from their email address waits for the organisers to approve
    it (``unapproved``) and holds no place until then.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the person's confirmation")
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")
        UNAPPROVED = "unapproved", _("Awaiting approval of the organisation")

    class Knowledge(models.TextChoices):
        MISSION = "mission", _("I know the regional development mission")
        OVERVIEW = "overview", _("I have an overview of regional development work")
        BOTH = "both", _("Both")
        NEITHER = "neither", _("Neither yet")

    HOLDS_A_PLACE = (Status.PENDING, Status.CONFIRMED)

    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), related_name="registrations", on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="registrations",
        on_delete=models.CASCADE,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="registrations",
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    workshops = models.ManyToManyField(
        Workshop,
        verbose_name=_("workshops"),
        related_name="registrations",
        blank=True,
        help_text=_("Empty for the whole series."),
    )
    title = models.CharField(_("role or title"), max_length=200, blank=True)
    knowledge = models.CharField(
        _("knowledge of the regional development mission"),
        max_length=10,
        choices=Knowledge.choices,
        blank=True,
    )
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    travel_acknowledged = models.BooleanField(_("pays own travel and lodging"), default=False)
    listed = models.BooleanField(
        _("on the participant list"),
        default=False,
        help_text=_("Whether the person agreed to be shown to the other participants."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["lab", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "person"],
                condition=~models.Q(status="cancelled"),
                name="registration_one_active_per_person",
            )
        ]
        indexes = [models.Index(fields=["lab", "organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.lab}"

    @property
    def holds_a_place(self) -> bool:
        return self.status in self.HOLDS_A_PLACE

    def covers(self, workshop: Workshop) -> bool:
        """Whether the registration includes ``workshop`` (uses prefetched workshops)."""
        chosen = list(self.workshops.all())
        return not chosen or workshop in chosen


class OrganisationException(models.Model):
    """An organiser's permission for a named organisation outside the invited networks."""

    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), related_name="exceptions", on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="+", on_delete=models.CASCADE
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("exception for an organisation")
        verbose_name_plural = _("exceptions for organisations")
        constraints = [
            models.UniqueConstraint(fields=["lab", "organisation"], name="exception_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.lab}"


class Attendance(models.Model):
    """A registered person's check-in at a workshop."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), related_name="attendances", on_delete=models.CASCADE
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        related_name="attendances",
        on_delete=models.CASCADE,
    )
    checked_in_at = models.DateTimeField(_("checked in"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "registration"], name="attendance_once_per_workshop"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration.person} @ {self.workshop}"
