from django.contrib import admin

from larlabb.labs.models import Document, ExpectedResult, Lab, ProgramItem, Workshop, WorkshopChange


class ExpectedResultInline(admin.TabularInline):
    model = ExpectedResult
    extra = 0


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0


class WorkshopInline(admin.TabularInline):
    model = Workshop
    extra = 0
    fields = ["number", "title", "starts_at", "ends_at", "city", "format", "status"]
    show_change_link = True


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "registration_deadline", "is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["hosts", "invited_networks", "organisers", "leaders", "contacts"]
    inlines = [ExpectedResultInline, DocumentInline, WorkshopInline]


class ProgramItemInline(admin.TabularInline):
    model = ProgramItem
    extra = 0
    fields = ["starts", "ends", "title", "kind", "is_highlight"]


class WorkshopChangeInline(admin.TabularInline):
    model = WorkshopChange
    extra = 0
    can_delete = False
    readonly_fields = [
        "kind",
        "reason",
        "old_starts_at",
        "new_starts_at",
        "changed_by",
        "created_at",
    ]
    fields = readonly_fields


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["__str__", "lab", "starts_at", "city", "status"]
    list_filter = ["lab", "status"]
    readonly_fields = ["status", "sequence", "uid"]
    inlines = [ProgramItemInline, WorkshopChangeInline]
