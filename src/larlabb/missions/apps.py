from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "larlabb.missions"
    verbose_name = _("Challenge-driven work")
    reminders = ("larlabb.missions.tasks.overdue_action_reminders",)
