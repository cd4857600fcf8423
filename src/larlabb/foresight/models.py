"""Foresight 2030: each participant rates each trend of the trend board for its impact and its
uncertainty (1–5); the facilitator takes two critical uncertainties as the scenario axes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from larlabb.live.models import Activity, Note, Participant

STEEP = [
    ("social", _("Social")),
    ("technological", _("Technological")),
    ("economic", _("Economic")),
    ("ecological", _("Ecological")),
    ("political", _("Political")),
]


class Rating(models.Model):
    """One person's rating of one trend: impact and uncertainty, each 1 (low) to 5 (high)."""

    trend = models.ForeignKey(
        Note, verbose_name=_("trend"), related_name="ratings", on_delete=models.CASCADE
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), related_name="+", on_delete=models.CASCADE
    )
    impact = models.PositiveSmallIntegerField(_("impact"))
    uncertainty = models.PositiveSmallIntegerField(_("uncertainty"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["trend", "participant"], name="rating_once"),
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=5), name="rating_impact_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(uncertainty__gte=1, uncertainty__lte=5),
                name="rating_uncertainty_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.trend} ({self.impact}/{self.uncertainty})"


class ScenarioAxes(models.Model):
    """The two critical uncertainties that span the four scenarios of a foresight activity."""

    activity = models.OneToOneField(
        Activity, verbose_name=_("activity"), related_name="axes", on_delete=models.CASCADE
    )
    x = models.ForeignKey(
        Note, verbose_name=_("horizontal axis"), related_name="+", on_delete=models.CASCADE
    )
    y = models.ForeignKey(
        Note, verbose_name=_("vertical axis"), related_name="+", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("scenario axes")
        verbose_name_plural = _("scenario axes")

    def __str__(self) -> str:
        return f"{self.x} / {self.y}"
