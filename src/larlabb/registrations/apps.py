from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "larlabb.registrations"
    label = "registrations"
    verbose_name = _("Registrations")
    reminders = (
        "larlabb.registrations.tasks.deadline_reminders",
        "larlabb.registrations.tasks.workshop_reminders",
        "larlabb.registrations.actions.expire_pending",
    )

    def ready(self) -> None:
        # Imported here: models can be imported only once the apps are ready.
        from larlabb.labs import participants
        from larlabb.registrations.queries import LabParticipants

        participants.register(LabParticipants())
