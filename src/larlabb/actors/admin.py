from django.contrib import admin

from larlabb.actors.models import Membership, Network, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "abbreviation", "county_code"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "abbreviation"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "owner"]
    search_fields = ["name", "name_en"]
    autocomplete_fields = ["owner"]
    inlines = [MembershipInline]
