from django.contrib import admin

from larlabb.actors.models import Membership, Network, Organisation
from larlabb.core.admin import ModelAdmin, TabularInline


class MembershipInline(TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(ModelAdmin):
    list_display = ["name", "kind", "abbreviation", "county_code"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "abbreviation"]


@admin.register(Network)
class NetworkAdmin(ModelAdmin):
    list_display = ["name", "owner"]
    search_fields = ["name", "name_en"]
    autocomplete_fields = ["owner"]
    inlines = [MembershipInline]
