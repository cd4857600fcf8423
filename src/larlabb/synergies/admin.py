"""The organisers' back office for synergy maps.

The reference catalogues (the strategy's areas and the SDGs) come from shared data and are the
same for every lab: the admin shows them and changes nothing. An organiser's own catalogue is
created on its page (which checks its key) and its goals are added there; the admin corrects
their names and titles, but a catalogue's key (which marks a reference catalogue) and a goal's
catalogue stay as they are. A synergy map is created, opened and closed, split among groups and
made visible on its pages, by its actions: the admin changes only its title and question, for
the lab's organisers.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from larlabb.accounts.http import person_of
from larlabb.core.admin import GuardedAdmin, TabularInline, ViewOnlyInline
from larlabb.labs.access import is_organiser
from larlabb.synergies.actions import REFERENCE_CATALOGUES
from larlabb.synergies.models import Catalogue, Goal, MappingSession, SessionGoal


def may_change(request: HttpRequest, catalogue: Catalogue | None) -> bool:
    """Organisers manage their own catalogues; nobody changes a reference catalogue (the rules
    of ``synergies.actions.check_may_change``)."""
    reference = catalogue is not None and catalogue.key in REFERENCE_CATALOGUES
    return person_of(request).is_organiser and not reference


class GoalInline(TabularInline):
    model = Goal
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_change(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_change(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_change(request, obj) and super().has_delete_permission(request, obj)


@admin.register(Catalogue)
class CatalogueAdmin(GuardedAdmin):
    list_display = ["name", "key"]
    guarded_fields = ["key"]
    add_through_action = False
    inlines = [GoalInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_change(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_change(request, obj) and super().has_delete_permission(request, obj)


@admin.register(Goal)
class GoalAdmin(GuardedAdmin):
    list_display = ["code", "title", "catalogue"]
    list_filter = ["catalogue"]
    search_fields = ["code", "title", "title_en"]
    guarded_fields = ["catalogue"]
    add_through_action = False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        catalogue = obj.catalogue if obj is not None else None
        return may_change(request, catalogue) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        catalogue = obj.catalogue if obj is not None else None
        return may_change(request, catalogue) and super().has_delete_permission(request, obj)


class SessionGoalInline(ViewOnlyInline):
    model = SessionGoal


@admin.register(MappingSession)
class MappingSessionAdmin(GuardedAdmin):
    list_display = ["title", "lab", "status", "group_count", "created_at"]
    list_filter = ["status", "lab"]
    guarded_fields = [
        "lab",
        "workshop",
        "group_count",
        "show_individual_scores",
        "status",
        "closed_at",
        "created_by",
    ]
    add_through_action = False
    inlines = [SessionGoalInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """The lab's organisers, who create its maps."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or is_organiser(person_of(request), obj.lab))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or is_organiser(person_of(request), obj.lab))
