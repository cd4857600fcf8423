"""ASGI entry point: HTTP through Django (``/healthz`` before it, in the event loop),
WebSockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "larlabb.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from larlabb.core.channels import websocket_stack  # noqa: E402
from larlabb.routing import websocket_urlpatterns  # noqa: E402
from larlabb.service.health import AnswerHealthz  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": AnswerHealthz(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(websocket_stack(URLRouter(websocket_urlpatterns))),
    }
)

import sys  # noqa: E402  TEMP experiment

if os.environ.get("LARLABB_SWITCH"):
    sys.setswitchinterval(float(os.environ["LARLABB_SWITCH"]))
