"""People in the back office. A person's name, organisation, title, role and language are saved
through ``do_save_person``, as on the people page: only staff give roles or edit organisers, an
organiser sees and edits only the people of the labs they organise, and the email address (the
login) of an existing person does not change. The admin rights themselves (staff status,
superuser, groups, permissions) only a superuser sets. Every role or right given is on record
in the audit log."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from larlabb.accounts import actions
from larlabb.accounts.http import person_of
from larlabb.accounts.models import User
from larlabb.accounts.queries import list_people_for, sees_everyone
from larlabb.audit.log import record
from larlabb.audit.models import Entry
from larlabb.core.admin import become_saved, through_action

ADMIN_RIGHTS = ["is_staff", "is_superuser", "groups", "user_permissions"]


class PersonAddForm(forms.ModelForm):
    """A new person: address, name and role; they log in by an emailed code (no password)."""

    class Meta:
        model = User
        fields = ["email", "name", "role"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A person with this email address already exists."))
        return email


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "organisation", "role", "is_active"]
    list_filter = ["role", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["name", "organisation", "title", "language"]}),
        (_("Role"), {"fields": ["role", "is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_form = PersonAddForm
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "role"]})]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        """Staff see everyone; an organiser the people of the labs they organise."""
        people = super().get_queryset(request)
        if sees_everyone(person_of(request)):
            return people
        return people.filter(pk__in=list_people_for(person_of(request)).values("pk"))

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("email")  # the login
        if not person_of(request).is_superuser:
            fields += ADMIN_RIGHTS
        if not sees_everyone(person_of(request)):
            fields.append("role")
        return fields

    def has_view_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self._in_scope(request, obj))

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        """Only staff edit organisers and staff; an organiser the people of their labs."""
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        protected = obj.role in {User.Role.ORGANISER, User.Role.STAFF}
        if sees_everyone(person_of(request)):
            return True
        return not protected and self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        """Nobody deletes an account here: a deletion in the admin would take the person's
        notes, votes and scores from the shared results and skip the waiting list. Accounts
        are deleted (anonymised) through the privacy pages, which staff may use for anyone."""
        return False

    def _in_scope(self, request: HttpRequest, obj: User) -> bool:
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        data = form.cleaned_data
        values = actions.PersonValues(
            name=data.get("name", obj.name),
            email=obj.email,
            organisation_id=obj.organisation_id,
            title=obj.title,
            role=obj.role,
            language=obj.language,
        )
        person = through_action(
            lambda: actions.do_save_person(
                actor=person_of(request), person=obj if change else None, values=values
            )
        )
        if change:
            # What the admin alone sets: active, and (for superusers) the admin rights.
            rights = {field: getattr(person, field) for field in ADMIN_FLAGS}
            person.is_active = obj.is_active
            if person_of(request).is_superuser:
                person.is_staff, person.is_superuser = obj.is_staff, obj.is_superuser
            person.save(update_fields=["is_active", "is_staff", "is_superuser"])
            record_rights(actor=person_of(request), person=person, before=rights)
        become_saved(obj, person)


ADMIN_FLAGS = ["is_active", "is_staff", "is_superuser"]


def record_rights(*, actor: User, person: User, before: dict[str, bool]) -> None:
    """Put on record the admin rights given or taken, and an account (de)activated."""
    for field, old in before.items():
        new = getattr(person, field)
        if new == old:
            continue
        if field == "is_active":
            action, detail = Entry.Action.PERSON_CHANGED, {"fields": [field], "to": new}
        else:
            action, detail = Entry.Action.ROLE_GRANTED, {"field": field, "from": old, "to": new}
        record(actor=actor, action=action, target=person, detail=detail)
