"""The organisers' back office for learning and outcomes.

The survey's statements have no page of their own: they are added, changed and removed here,
through the same actions a page would use, which refuse a new text once someone has answered
(both rounds ask the same statements, so that they compare). Assignments (with their due dates
and reminders), the survey's rounds and the collaborations are written by actions from their
pages, which check who may and what is allowed: the admin shows them and changes nothing.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from larlabb.accounts.http import person_of
from larlabb.accounts.models import User
from larlabb.core.admin import ModelAdmin, ViewOnlyAdmin, become_saved, through_action
from larlabb.core.errors import Refused
from larlabb.labs.access import is_organiser
from larlabb.outcomes import actions
from larlabb.outcomes.models import Assignment, Collaboration, Statement, Survey


class StatementForm(forms.ModelForm):
    """Refuses, as the form's error, a statement that the actions would refuse."""

    actor: User  # the person using the admin, set by StatementAdmin.get_form

    class Meta:
        model = Statement
        fields = ["lab", "result", "position", "text"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        lab = self.instance.lab if self.instance.pk else data.get("lab")
        new_content = not self.instance.pk or bool({"result", "text"} & set(self.changed_data))
        if lab is not None and new_content:
            try:
                actions.check_may_change_statements(actor=self.actor, lab=lab)
            except Refused as refused:
                raise ValidationError(refused.message) from refused
        return data


@admin.register(Statement)
class StatementAdmin(ModelAdmin):
    form = StatementForm
    list_display = ["text", "lab", "result", "position"]
    list_filter = ["lab", "result"]
    ordering = ["lab", "position"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": person_of(request)})

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["lab"] if obj is not None else []

    def get_actions(self, request: HttpRequest) -> dict:
        found = super().get_actions(request)
        found.pop("delete_selected", None)  # one by one, through the action
        return found

    def has_add_permission(self, request: HttpRequest) -> bool:
        return person_of(request).is_organiser and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """The lab's organisers (the form refuses a new text once someone has answered)."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or is_organiser(person_of(request), obj.lab))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """The lab's organisers, until someone answers."""
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._may_change(request, obj))

    def save_model(self, request: HttpRequest, obj: Statement, form: Any, change: bool) -> None:
        """Through the same actions a page would use."""
        if change:
            saved = through_action(
                lambda: actions.do_change_statement(
                    actor=person_of(request),
                    statement=obj,
                    result=obj.result,
                    text=obj.text,
                    position=obj.position,
                )
            )
        else:
            saved = through_action(
                lambda: actions.do_add_statement(
                    actor=person_of(request),
                    lab=obj.lab,
                    result=obj.result,
                    text=obj.text,
                    position=obj.position,
                )
            )
        become_saved(obj, saved)

    def delete_model(self, request: HttpRequest, obj: Statement) -> None:
        through_action(lambda: actions.do_remove_statement(actor=person_of(request), statement=obj))

    def _may_change(self, request: HttpRequest, obj: Statement) -> bool:
        try:
            actions.check_may_change_statements(actor=person_of(request), lab=obj.lab)
        except Refused:
            return False
        return True


@admin.register(Survey)
class SurveyAdmin(ViewOnlyAdmin):
    list_display = ["lab", "phase", "opens_at", "closes_at"]
    list_filter = ["lab"]


@admin.register(Assignment)
class AssignmentAdmin(ViewOnlyAdmin):
    list_display = ["title", "lab", "kind", "due_at"]
    list_filter = ["lab", "kind"]


@admin.register(Collaboration)
class CollaborationAdmin(ViewOnlyAdmin):
    list_display = ["title", "lab", "status", "next_meeting"]
    list_filter = ["lab", "status"]
