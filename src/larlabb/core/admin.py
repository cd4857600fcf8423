"""How the admin (the organisers' back office) keeps to the rules.

Every write that a rule guards goes through its action (``<app>/actions.py``), with the action's
checks, emails and records. The admin therefore never changes a guarded field around it:

- :class:`GuardedAdmin` shows ``guarded_fields`` read-only; everything else stays editable.
  An admin whose model is created only by an action also sets ``add_through_action = False``
  (no "add" button) or overrides ``save_model`` to call the action.
- :class:`ViewOnlyAdmin` is for models that only actions write: the admin shows them and
  links to the page where they change; no add, change or delete.
- :class:`ViewOnlyInline` is the same for inlines.
"""

from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class GuardedAdmin(admin.ModelAdmin):
    guarded_fields: Sequence[str] = ()
    """Fields that only an action changes: read-only in the admin."""

    add_through_action = True
    """False when adding here would skip the action that creates the model."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Sequence[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [field for field in self.guarded_fields if field not in fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.add_through_action and super().has_add_permission(request)


class ViewOnlyAdmin(admin.ModelAdmin):
    """A model that only actions write: the admin shows it, nothing more."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ViewOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
