"""WebSocket routes. Each live app appends the routes of its consumers here."""

from django.urls import URLPattern

from larlabb.live.routing import websocket_urlpatterns as live
from larlabb.synergies.routing import websocket_urlpatterns as synergies

websocket_urlpatterns: list[URLPattern] = [*synergies, *live]
