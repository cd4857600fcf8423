from django.db import models
from django.utils.translation import gettext_lazy as _


class Controller(models.Model):
    """Who is responsible for the personal data Lärlabb holds (personuppgiftsansvarig) and how
    to reach them: one row for the whole site, set by organisers or staff, shown in the privacy
    notice and the accessibility statement."""

    name = models.CharField(
        _("controller"),
        max_length=200,
        blank=True,
        help_text=_("The organisation responsible for the personal data, for example Reglab."),
    )
    email = models.EmailField(_("email address for questions about personal data"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    protection_officer = models.CharField(
        _("data protection officer"),
        max_length=300,
        blank=True,
        help_text=_("Name or email address of the data protection officer, if there is one."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("controller of personal data")
        verbose_name_plural = _("controller of personal data")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="controller_one_row")]

    def __str__(self) -> str:
        return self.name or str(_("controller of personal data"))

    @property
    def is_set(self) -> bool:
        return bool(self.name and self.email)
