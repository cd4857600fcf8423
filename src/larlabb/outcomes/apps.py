from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "larlabb.outcomes"
    verbose_name = _("Learning and outcomes")
    reminders = ("larlabb.outcomes.tasks.assignment_reminders",)

    def ready(self) -> None:
        # Imported here: models can be imported only once the apps are ready.
        from larlabb.labs import dependents
        from larlabb.outcomes.actions import WorkshopDates

        dependents.register(WorkshopDates())
