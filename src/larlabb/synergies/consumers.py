"""Realtime for synergy maps: the results pages of a session hear when new scores arrive and
fetch the fresh results (the message carries no scores, only that there are new ones)."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from larlabb.synergies import queries
from larlabb.synergies.actions import live_group
from larlabb.synergies.models import MappingSession


@database_sync_to_async
def _may_view(user, pk: int) -> bool:
    session = MappingSession.objects.select_related("lab").filter(pk=pk).first()
    return bool(session and user.is_authenticated and queries.can_view(user, session))


class ResultsConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        self.session_id = int(self.scope["url_route"]["kwargs"]["pk"])
        if not await _may_view(self.scope["user"], self.session_id):
            await self.accept()  # so that the browser hears why, and stops trying
            await self.close(code=4403)
            return
        await self.channel_layer.group_add(live_group(self.session_id), self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "session_id"):
            await self.channel_layer.group_discard(live_group(self.session_id), self.channel_name)

    async def scores_changed(self, event: dict) -> None:
        await self.send_json({"event": "scores-changed"})
