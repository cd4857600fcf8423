from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForesightConfig(AppConfig):
    name = "larlabb.foresight"
    label = "foresight"
    verbose_name = _("Foresight 2030")
