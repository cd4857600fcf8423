from django.contrib import admin

from larlabb.registrations.models import Registration


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "lab", "status", "created_at", "cancelled_at"]
    list_filter = ["lab", "status"]
    search_fields = ["person__name", "person__email", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    list_select_related = ["person", "organisation", "lab"]
