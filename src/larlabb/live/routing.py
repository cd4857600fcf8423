from django.urls import path

from larlabb.live.consumers import ActivityConsumer, RoomConsumer

websocket_urlpatterns = [
    path("ws/live/<str:code>/", RoomConsumer.as_asgi()),
    path("ws/live/<str:code>/<int:pk>/", ActivityConsumer.as_asgi()),
]
