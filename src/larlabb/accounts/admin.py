"""People in the back office. A person's name, organisation, title, role and language are saved
through ``do_save_person``, as on the people page: only staff give the staff role or edit
organisers, and the email address (the login) of an existing person does not change. The
admin rights themselves (staff status, superuser, groups, permissions) only a superuser sets."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from larlabb.accounts import actions
from larlabb.accounts.http import person_of
from larlabb.accounts.models import User
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

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("email")  # the login
        if not person_of(request).is_superuser:
            fields += ADMIN_RIGHTS
        if person_of(request).role != User.Role.STAFF:
            fields.append("role")
        return fields

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        """Only staff edit organisers and staff."""
        allowed = super().has_change_permission(request, obj)
        protected = obj is not None and obj.role in {User.Role.ORGANISER, User.Role.STAFF}
        return allowed and (not protected or person_of(request).role == User.Role.STAFF)

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
            person.is_active = obj.is_active
            if person_of(request).is_superuser:
                person.is_staff, person.is_superuser = obj.is_staff, obj.is_superuser
            person.save(update_fields=["is_active", "is_staff", "is_superuser"])
        become_saved(obj, person)
