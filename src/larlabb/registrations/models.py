from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from larlabb.actors.models import Organisation
from larlabb.labs.models import Lab


class Registration(models.Model):
    """A person's registration for a lab (the whole series of workshops).

    A registration stays valid when a workshop is moved: the registered need not register again.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

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
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

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

    def __str__(self) -> str:
        return f"{self.person} – {self.lab}"
