from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    """The running service: health and readiness, metrics, error reports and log lines."""

    name = "larlabb.service"
    label = "service"
    verbose_name = _("Service")

    def ready(self) -> None:
        from django.core.signals import request_finished

        from larlabb.service import errors, logs, metrics

        errors.start_reporting()
        metrics.connect()
        request_finished.connect(logs.forget_request_id, dispatch_uid="larlabb.service.logs")
        metrics.forget_at_exit()
