from django.contrib import admin

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


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "scope", "is_published"]
    list_filter = ["lab", "is_published"]
    filter_horizontal = ["goals", "organisations", "owners"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["title", "challenge", "target_year", "owner"]
    filter_horizontal = ["organisations", "owners"]
    inlines = [IndicatorInline]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "mission"]
    inlines = [MeasurementInline]


class LearningInline(admin.StackedInline):
    model = LearningEntry
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "mission", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]
    filter_horizontal = ["organisations", "participants"]
    inlines = [LearningInline]


class RatingInline(admin.TabularInline):
    model = PrerequisiteRating
    extra = 0


@admin.register(PrerequisiteAssessment)
class PrerequisiteAssessmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "lab", "assessed_on"]
    inlines = [RatingInline]


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "kind", "held_on"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "owner", "responsible", "due_on", "status"]
    list_filter = ["status", "lab"]
