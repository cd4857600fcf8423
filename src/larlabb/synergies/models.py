from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Catalogue(models.Model):
    """A catalogue of goals that can be scored against each other: the national strategy's
    strategic areas, the 17 SDGs, a region's own development-strategy goals…"""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    source = models.URLField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("goal catalogue")
        verbose_name_plural = _("goal catalogues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and translation.get_language() == "en":
            return self.name_en
        return self.name


class Goal(models.Model):
    """One goal of a catalogue ("SDG 11", "A2 Kompetensförsörjning …")."""

    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("catalogue"), related_name="goals", on_delete=models.CASCADE
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["catalogue", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="goal_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}"

    @property
    def display_title(self) -> str:
        if self.title_en and translation.get_language() == "en":
            return self.title_en
        return self.title
