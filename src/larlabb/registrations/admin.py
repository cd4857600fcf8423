"""Registrations in the back office. Every registration's state changes through the actions
(the limit per organisation under its lock, the waiting list, the emails): the admin shows
registrations and attendance and changes them only through those actions. An organiser sees
those of the labs they organise; staff see all."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from larlabb.accounts.http import person_of
from larlabb.core.admin import ViewOnlyAdmin, become_saved, through_action
from larlabb.core.errors import Refused
from larlabb.labs.access import is_staff
from larlabb.labs.models import Lab
from larlabb.registrations import actions
from larlabb.registrations.models import Attendance, OrganisationException, Registration


class OwnLabsOnly(admin.ModelAdmin):
    """The people of a lab are for its organisers: the list shows only the rows of the labs
    the organiser organises (``lab_path`` leads from a row to its lab), and a row of another
    lab does not open."""

    lab_path = "lab"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        person = person_of(request)
        if is_staff(person):
            return rows
        return rows.filter(**{f"{self.lab_path}__organisers": person})

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self.get_queryset(request).filter(pk=obj.pk).exists())


@admin.register(Registration)
class RegistrationAdmin(OwnLabsOnly, ViewOnlyAdmin):
    list_display = ["person", "organisation", "lab", "status", "created_at", "cancelled_at"]
    list_filter = ["lab", "status"]
    search_fields = ["person__name", "person__email", "organisation__name"]
    list_select_related = ["person", "organisation", "lab"]
    actions = ["cancel"]

    @admin.action(description=_("Cancel the chosen registrations"), permissions=["view"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        """Cancel through ``do_cancel``: the place goes to the first in line, who is told."""
        cancelled = 0
        for registration in queryset:
            try:
                actions.do_cancel(actor=person_of(request), registration=registration)
            except Refused as refusal:
                self.message_user(request, f"{registration}: {refusal.message}", messages.ERROR)
            else:
                cancelled += 1
        message = ngettext(
            "%(count)d registration was cancelled.",
            "%(count)d registrations were cancelled.",
            cancelled,
        ) % {"count": cancelled}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(OrganisationException)
class OrganisationExceptionAdmin(OwnLabsOnly):
    """An organisation outside the invited networks that may register: granted through
    ``do_grant_exception`` (the lab's organisers only)."""

    list_display = ["organisation", "lab", "granted_by", "created_at"]
    fields = ["lab", "organisation"]
    autocomplete_fields = ["organisation"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "lab" and not is_staff(person_of(request)):
            kwargs["queryset"] = Lab.objects.filter(organisers=person_of(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: OrganisationException, form, change) -> None:
        exception = through_action(
            lambda: actions.do_grant_exception(
                actor=person_of(request), lab=obj.lab, organisation=obj.organisation
            )
        )
        become_saved(obj, exception)


@admin.register(Attendance)
class AttendanceAdmin(OwnLabsOnly, ViewOnlyAdmin):
    """Check-in goes through ``do_check_in`` (the day's check-in page)."""

    lab_path = "workshop__lab"
    list_display = ["registration", "workshop", "checked_in_at", "checked_in_by"]
    list_filter = ["workshop__lab"]
    list_select_related = ["registration__person", "workshop__lab"]
