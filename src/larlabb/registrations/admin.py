from django.contrib import admin

from larlabb.registrations.models import Attendance, OrganisationException, Registration


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "lab", "status", "created_at", "cancelled_at"]
    list_filter = ["lab", "status"]
    search_fields = ["person__name", "person__email", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    list_select_related = ["person", "organisation", "lab"]
    readonly_fields = [
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "cancelled_by",
        "registered_by",
    ]


@admin.register(OrganisationException)
class OrganisationExceptionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "lab", "granted_by", "created_at"]
    autocomplete_fields = ["organisation"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["registration", "workshop", "checked_in_at", "checked_in_by"]
    list_filter = ["workshop__lab"]
    list_select_related = ["registration__person", "workshop__lab"]
