"""The audit log in the back office: read-only, for the staff who read it at /granskning/."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from larlabb.audit.models import Entry
from larlabb.audit.queries import may_read_log
from larlabb.core.admin import ViewOnlyAdmin


@admin.register(Entry)
class EntryAdmin(ViewOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_label", "lab"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_label"]
    list_select_related = ["lab"]
    date_hierarchy = "at"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_read_log(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_read_log(request.user) and super().has_module_permission(request)
