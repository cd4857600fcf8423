"""WebSocket routes. Each live app appends the routes of its consumers here."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
