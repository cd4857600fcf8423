"""The organisers' back office for challenge-driven work.

Challenges, missions, expeditions and experiments with their learning loops, the assessments of
the prerequisites and the action plan are written only by actions, from pages of the product
that check who may do what (owners, organisers, those taking part), the target year, the loop
that closes work only after a learning entry, dates that are never in the future, links to the
lab's own work and the action plan's due dates and reminders: the admin shows them and changes
nothing. An indicator and a dialogue have no page to change them once they are made, so the
admin edits them, for those who may change them on the lab's pages, all but the mission or lab
they belong to and the work they are linked to, which the actions check.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from larlabb.accounts.http import person_of
from larlabb.core.admin import GuardedAdmin, ViewOnlyAdmin, ViewOnlyInline
from larlabb.labs.access import is_organiser
from larlabb.missions.models import (
    Action,
    Challenge,
    Dialogue,
    Indicator,
    Initiative,
    LearningEntry,
    Measurement,
    Mission,
    PrerequisiteAssessment,
    PrerequisiteRating,
)
from larlabb.missions.queries import can_edit_mission


@admin.register(Challenge)
class ChallengeAdmin(ViewOnlyAdmin):
    list_display = ["title", "lab", "scope", "is_published"]
    list_filter = ["lab", "is_published"]
    search_fields = ["title"]


class IndicatorInline(ViewOnlyInline):
    model = Indicator
    fields = ["name", "unit", "baseline", "baseline_year", "target"]
    show_change_link = True


@admin.register(Mission)
class MissionAdmin(ViewOnlyAdmin):
    list_display = ["title", "challenge", "target_year", "owner"]
    search_fields = ["title"]
    inlines = [IndicatorInline]


class MeasurementInline(ViewOnlyInline):
    model = Measurement


@admin.register(Indicator)
class IndicatorAdmin(GuardedAdmin):
    """Added on the mission's page; its name, unit, baseline and target are corrected here.
    Its values are recorded on the mission's page (never from the future)."""

    list_display = ["name", "unit", "mission"]
    guarded_fields = ["mission"]
    add_through_action = False
    inlines = [MeasurementInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Those who edit the mission (its owners, the lab's organisers), as on its page."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit_mission(person_of(request), obj.mission))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_edit_mission(person_of(request), obj.mission))


class LearningInline(ViewOnlyInline):
    model = LearningEntry


@admin.register(Initiative)
class InitiativeAdmin(ViewOnlyAdmin):
    list_display = ["title", "kind", "status", "mission", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]
    inlines = [LearningInline]


class RatingInline(ViewOnlyInline):
    model = PrerequisiteRating


@admin.register(PrerequisiteAssessment)
class PrerequisiteAssessmentAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "lab", "assessed_on"]
    inlines = [RatingInline]


@admin.register(Dialogue)
class DialogueAdmin(GuardedAdmin):
    """Recorded on the lab's page of dialogues; its notes are corrected here."""

    list_display = ["title", "lab", "kind", "held_on"]
    filter_horizontal = ["organisations"]
    guarded_fields = ["lab", "challenge", "mission"]
    add_through_action = False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """The lab's organisers, who record its dialogues."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or is_organiser(person_of(request), obj.lab))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or is_organiser(person_of(request), obj.lab))


@admin.register(Action)
class ActionAdmin(ViewOnlyAdmin):
    list_display = ["title", "lab", "owner", "responsible", "due_on", "status"]
    list_filter = ["status", "lab"]
