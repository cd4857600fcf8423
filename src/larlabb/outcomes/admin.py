"""The organisers' back office for learning and outcomes: the survey's statements above all,
which have no page of their own."""

from django.contrib import admin

from larlabb.outcomes.models import Assignment, Collaboration, Statement, Survey


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["text", "lab", "result", "position"]
    list_filter = ["lab", "result"]
    ordering = ["lab", "position"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["lab", "phase", "opens_at", "closes_at"]
    list_filter = ["lab"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "kind", "due_at"]
    list_filter = ["lab", "kind"]
    filter_horizontal = ["organisations"]


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "status", "next_meeting"]
    list_filter = ["lab", "status"]
    filter_horizontal = ["organisations"]
