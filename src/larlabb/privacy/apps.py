"""Personal data (issue "Trust", 7 and 10): the privacy notice, a person's own data and its
download, deleting an account, the retention of what Lärlabb keeps, and the accessibility
statement. The top layer: it reads every other app's models to find a person's data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "larlabb.privacy"
    label = "privacy"
    verbose_name = _("Personal data")
    # The hourly tick (larlabb.reminders) also applies the retention periods.
    reminders = ("larlabb.privacy.retention.purge_in_tick",)
