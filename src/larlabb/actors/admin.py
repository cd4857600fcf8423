from django.contrib import admin

from larlabb.actors.models import EmailDomain, Membership, Network, Organisation
from larlabb.core.admin import ModelAdmin, TabularInline


class MembershipInline(TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


class EmailDomainInline(TabularInline):
    model = EmailDomain
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ModelAdmin):
    list_display = ["name", "kind", "abbreviation", "county_code"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "abbreviation", "email_domains__domain"]
    inlines = [EmailDomainInline]


@admin.register(Network)
class NetworkAdmin(ModelAdmin):
    list_display = ["name", "owner"]
    search_fields = ["name", "name_en"]
    autocomplete_fields = ["owner"]
    inlines = [MembershipInline]
