"""The labs in the back office. A lab is saved through ``do_create_lab``/``do_update_lab``
(who runs it, at least one organiser, one address per lab); a workshop's time, place, format and
status change only on the lab's page (``do_move_workshop``, ``do_cancel_workshop``), which tells
the registered, so the admin shows them read-only."""

import dataclasses
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from larlabb.accounts.http import person_of
from larlabb.core.admin import (
    GuardedAdmin,
    ModelAdmin,
    TabularInline,
    ViewOnlyInline,
    become_saved,
    through_action,
)
from larlabb.core.errors import Refused
from larlabb.labs import actions
from larlabb.labs.access import is_organiser
from larlabb.labs.models import Document, ExpectedResult, Lab, ProgramItem, Workshop, WorkshopChange


class ExpectedResultInline(TabularInline):
    model = ExpectedResult
    extra = 0


class DocumentInline(TabularInline):
    model = Document
    extra = 0


class WorkshopInline(ViewOnlyInline):
    model = Workshop
    fields = ["number", "title", "starts_at", "ends_at", "city", "format", "status"]
    show_change_link = True


class LabAdminForm(forms.ModelForm):
    """The admin's lab form (the admin gives it its model and fields)."""

    def clean(self) -> dict[str, Any]:
        """The action's checks, as form errors (so the save below is never refused)."""
        super().clean()
        data = self.cleaned_data
        if {field.name for field in dataclasses.fields(actions.LabValues)} <= data.keys():
            lab = self.instance if self.instance.pk else None
            try:
                actions.check_values(actions.LabValues.from_data(data), lab=lab)
            except Refused as refusal:
                raise forms.ValidationError(refusal.message) from refusal
        return data


@admin.register(Lab)
class LabAdmin(ModelAdmin):
    form = LabAdminForm
    list_display = ["title", "slug", "registration_deadline", "is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["hosts", "invited_networks", "organisers", "leaders", "contacts"]
    inlines = [ExpectedResultInline, DocumentInline, WorkshopInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return person_of(request).is_organiser and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Lab | None = None) -> bool:
        """Only the lab's own organisers (and staff) change it, here as on its page."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or is_organiser(person_of(request), obj))

    def save_model(self, request: HttpRequest, obj: Lab, form, change: bool) -> None:
        """Through the same actions as the lab's own page (its rules; never an empty list of
        organisers)."""
        actor, values = person_of(request), actions.LabValues.from_data(form.cleaned_data)
        if change:
            saved = through_action(
                lambda: actions.do_update_lab(actor=actor, lab=obj, values=values)
            )
        else:
            saved = through_action(lambda: actions.do_create_lab(actor=actor, values=values))
        become_saved(obj, saved)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        """The people and networks were set by the action; the inlines save as usual."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class ProgramItemInline(TabularInline):
    model = ProgramItem
    extra = 0
    fields = ["starts", "ends", "title", "kind", "is_highlight"]


class WorkshopChangeInline(ViewOnlyInline):
    model = WorkshopChange
    fields = readonly_fields = (
        "kind",
        "reason",
        "old_starts_at",
        "new_starts_at",
        "changed_by",
        "created_at",
    )


@admin.register(Workshop)
class WorkshopAdmin(GuardedAdmin):
    list_display = ["__str__", "lab", "starts_at", "city", "status"]
    list_filter = ["lab", "status"]
    guarded_fields = [
        "lab",
        "number",
        "starts_at",
        "ends_at",
        "venue",
        "address",
        "city",
        "format",
        "status",
        "sequence",
        "uid",
        "checkin_code",
        "move_or_cancel",
    ]
    add_through_action = False
    inlines = [ProgramItemInline, WorkshopChangeInline]

    def has_change_permission(self, request: HttpRequest, obj: Workshop | None = None) -> bool:
        """Only the lab's own organisers (and staff) change its workshops."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or is_organiser(person_of(request), obj.lab))

    @admin.display(description=_("Move or cancel"))
    def move_or_cancel(self, workshop: Workshop) -> str:
        """Time, place and format change on the lab's page, which tells the registered."""
        move = reverse(
            "labs:workshop-move", kwargs={"slug": workshop.lab.slug, "number": workshop.number}
        )
        cancel = reverse(
            "labs:workshop-cancel", kwargs={"slug": workshop.lab.slug, "number": workshop.number}
        )
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>', move, _("Move"), cancel, _("Cancel")
        )
