from django.contrib import admin

from larlabb.synergies.models import Catalogue, Goal, MappingSession, SessionGoal


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(Catalogue)
class CatalogueAdmin(admin.ModelAdmin):
    list_display = ["name", "key"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "catalogue"]
    list_filter = ["catalogue"]
    search_fields = ["code", "title", "title_en"]


class SessionGoalInline(admin.TabularInline):
    model = SessionGoal
    extra = 0
    autocomplete_fields = ["goal"]


@admin.register(MappingSession)
class MappingSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "status", "group_count", "created_at"]
    list_filter = ["status", "lab"]
    inlines = [SessionGoalInline]
