"""How the admin (the organisers' back office) keeps to the rules.

Every write that a rule guards goes through its action (``<app>/actions.py``), with the action's
checks, emails and records. The admin therefore never changes a guarded field around it:

- :class:`ModelAdmin`, :class:`TabularInline` and :class:`StackedInline` are the bases of
  every admin here (links typed without a scheme are https).
- :class:`GuardedAdmin` shows ``guarded_fields`` read-only; everything else stays editable.
  An admin whose model is created only by an action also sets ``add_through_action = False``
  (no "add" button) or overrides ``save_model`` to call the action.
- :class:`ViewOnlyAdmin` is for models that only actions write: the admin shows them and
  links to the page where they change; no add, change or delete.
- :class:`ViewOnlyInline` is the same for inlines.

An admin that saves through an action runs it with :func:`through_action`: the admin's own
forms and permissions keep a refusal from happening in the normal course, and one that happens
all the same ends as 403 with the action's message, with nothing saved.
"""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest

from larlabb.core.errors import Refused

T = TypeVar("T")


def become_saved(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's form object ``obj`` the row an action saved, so that the admin goes on
    with it (its inlines, its log entry, its redirect)."""
    obj.pk = saved.pk
    obj._state.adding = False
    obj.refresh_from_db()


def through_action(do: Callable[[], T]) -> T:
    """Run an action for the admin; a refusal becomes 403 (the admin's transaction rolls back)."""
    try:
        return do()
    except Refused as refusal:
        raise PermissionDenied(refusal.message) from refusal


# Links typed without a scheme are https, in the admin as on Lärlabb's own forms.
HTTPS_URLS: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


class ModelAdmin(admin.ModelAdmin):
    """The base of Lärlabb's admins."""

    formfield_overrides = HTTPS_URLS


class TabularInline(admin.TabularInline):
    formfield_overrides = HTTPS_URLS


class StackedInline(admin.StackedInline):
    formfield_overrides = HTTPS_URLS


class GuardedAdmin(ModelAdmin):
    guarded_fields: Sequence[str] = ()
    """Fields that only an action changes: read-only in the admin."""

    add_through_action = True
    """False when adding here would skip the action that creates the model."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [field for field in self.guarded_fields if field not in fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.add_through_action and super().has_add_permission(request)


class ViewOnlyAdmin(ModelAdmin):
    """A model that only actions write: the admin shows it, nothing more."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ViewOnlyInline(TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
