from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "larlabb.live"
    label = "live"
    verbose_name = _("Live workshop room")

    def ready(self) -> None:
        # Imported here: models can be imported only once the apps are ready.
        from larlabb.live.membership import registration_saved
        from larlabb.registrations.models import Registration

        post_save.connect(registration_saved, sender=Registration, dispatch_uid="live-membership")
