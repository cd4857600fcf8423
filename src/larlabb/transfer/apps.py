"""A lab moved between Lärlabbs (``manage.py export_lab`` and ``import_lab``) and reused as the
start of the next one (``/labb/<slug>/kopiera/``). The top layer: it reads every app's models."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "larlabb.transfer"
    label = "transfer"
    verbose_name = _("Export, import and reuse of labs")
