from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_save
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "larlabb.live"
    label = "live"
    verbose_name = _("Live workshop room")

    def ready(self) -> None:
        # Imported here: models can be imported only once the apps are ready.
        from larlabb.labs.models import Lab, ProgramItem
        from larlabb.live.membership import lab_people_changed, registration_saved
        from larlabb.registrations.models import Registration

        post_save.connect(registration_saved, sender=Registration, dispatch_uid="live-membership")
        for through in (Lab.organisers.through, Lab.leaders.through, ProgramItem.leaders.through):
            m2m_changed.connect(
                lab_people_changed, sender=through, dispatch_uid=f"live-{through._meta.label}"
            )
