from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LarlabbConfig(AppConfig):
    """The site itself, above every domain app: the demo, the hourly reminder tick and the
    commands that load reference data and the demo (``larlabb/management/commands``)."""

    name = "larlabb"
    label = "larlabb"
    verbose_name = _("Lärlabb")
