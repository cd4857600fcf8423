from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from larlabb.actors import sides
from larlabb.actors.sides import side_of


class Side(models.TextChoices):
    """Which side of the lab an organisation (and a person who speaks for it) stands on; see
    :mod:`larlabb.actors.sides`."""

    REGION = sides.REGION, _("Region")
    AGENCY = sides.AGENCY, _("Agency")
    OTHER = sides.OTHER, _("Other")


class Organisation(models.Model):
    """An actor that takes part in regional development: a region, an agency, a municipality…"""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        AGENCY = "agency", _("National agency")
        MUNICIPALITY = "municipality", _("Municipality")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        YOUTH = "youth", _("Youth organisation")
        ACADEMIA = "academia", _("Academia")
        BUSINESS = "business", _("Business")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    county_code = models.CharField(
        _("county code"),
        max_length=2,
        blank=True,
        help_text=_("SCB's two-digit county code, for regions."),
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["county_code"],
                condition=~models.Q(county_code=""),
                name="organisation_unique_county_code",
            ),
            models.CheckConstraint(
                condition=models.Q(county_code="") | models.Q(county_code__regex=r"^[0-9]{2}$"),
                name="organisation_county_code_two_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (the Swedish name when there is no English one)."""
        if self.name_en and translation.get_language() == "en":
            return self.name_en
        return self.name

    @property
    def short_name(self) -> str:
        """How the invitation names it: "Reglab", "Tillväxtverket", "Region Skåne"."""
        return self.abbreviation or self.display_name

    @property
    def side(self) -> str:
        """Which side of the lab the organisation stands on: region, agency or other."""
        return side_of(self.kind)

    @property
    def group(self) -> tuple[int, str]:
        """Where the organisation goes in a list to choose from: under its kind's heading
        ("Regioner", "Myndigheter", …), in the order of the kinds."""
        kinds = list(self.Kind)
        kind = self.Kind(self.kind) if self.kind in self.Kind.values else self.Kind.OTHER
        return kinds.index(kind), str(KIND_HEADINGS[kind])


KIND_HEADINGS = {
    Organisation.Kind.REGION: _("Regions"),
    Organisation.Kind.AGENCY: _("National agencies"),
    Organisation.Kind.MUNICIPALITY: _("Municipalities"),
    Organisation.Kind.CIVIL_SOCIETY: _("Civil society"),
    Organisation.Kind.YOUTH: _("Youth organisations"),
    Organisation.Kind.ACADEMIA: _("Academia"),
    Organisation.Kind.BUSINESS: _("Business"),
    Organisation.Kind.OTHER: _("Other organisations"),
}


class Network(models.Model):
    """A network of organisations that a lab invites, such as Reglab's RUS network."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        related_name="owned_networks",
        on_delete=models.PROTECT,
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    members: models.ManyToManyField[Organisation, "Membership"] = models.ManyToManyField(
        Organisation,
        verbose_name=_("members"),
        related_name="networks",
        through="Membership",
        blank=True,
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("actors:organisation-list") + f"?network={self.pk}"

    @property
    def display_name(self) -> str:
        if self.name_en and translation.get_language() == "en":
            return self.name_en
        return self.name


class Membership(models.Model):
    """An organisation's membership of a network."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), related_name="memberships", on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="memberships",
        on_delete=models.CASCADE,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"], name="membership_unique_per_network"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.network}"


class EmailDomain(models.Model):
    """An email domain that belongs to one organisation ("norrbotten.se" to Region Norrbotten).

    A person whose verified email address is in the domain belongs to the organisation without
    anyone's approval; a colleague can be registered only with an address in one of them.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="email_domains",
        on_delete=models.CASCADE,
    )
    domain = models.CharField(_("email domain"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("email domain")
        verbose_name_plural = _("email domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain
