from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "larlabb.outcomes"
    verbose_name = _("Learning and outcomes")
    reminders = ("larlabb.outcomes.tasks.assignment_reminders",)
