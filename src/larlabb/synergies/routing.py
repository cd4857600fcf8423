from django.urls import path

from larlabb.synergies.consumers import ResultsConsumer

websocket_urlpatterns = [path("ws/synergier/<int:pk>/", ResultsConsumer.as_asgi())]
