from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.accounts.actions import (
    IntroductionValues,
    PersonValues,
    ProfileValues,
    organisation_of_address,
)
from larlabb.accounts.models import User
from larlabb.core.choices import Group, grouped


def organisation_group(organisation: Any) -> Group:
    """An organisation's heading in a list to choose from (accounts sit below actors, so the
    organisation is asked, not imported)."""
    return organisation.group


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "organisation", "title", "language", "wants_reminders"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["organisation"] = grouped(self.fields["organisation"], organisation_group)

    def values(self) -> ProfileValues:
        data = self.cleaned_data
        return ProfileValues(
            name=data["name"],
            organisation_id=data["organisation"].pk if data["organisation"] else None,
            title=data["title"],
            language=data["language"],
            wants_reminders=data["wants_reminders"],
        )


class PersonForm(forms.ModelForm):
    """An organiser's form for a person the lab names (a leader, a contact, a participant)."""

    class Meta:
        model = User
        fields = ["name", "email", "organisation", "title", "role", "language"]

    def __init__(self, *args, may_give_roles: bool = True, **kwargs) -> None:
        """``may_give_roles``: staff's form; an organiser's shows a person's role read-only and
        adds participants and facilitators only (``check_may_set_role``)."""
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        role = cast(forms.ChoiceField, self.fields["role"])
        role.choices = [choice for choice in User.Role.choices if choice[0] != User.Role.STAFF]
        if not may_give_roles and self.instance.pk:
            role.disabled = True
            role.help_text = _("Only Lärlabb's staff change a person's role.")
        elif not may_give_roles:
            given = {User.Role.PARTICIPANT, User.Role.FACILITATOR}
            role.choices = [choice for choice in User.Role.choices if choice[0] in given]
        self.fields["organisation"] = grouped(self.fields["organisation"], organisation_group)
        if self.instance.pk:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("The login; it cannot be changed here.")

    def values(self) -> PersonValues:
        data = self.cleaned_data
        organisation = data["organisation"]
        return PersonValues(
            name=data["name"],
            email=self.instance.email if self.instance.pk else data["email"],
            organisation_id=organisation.pk if organisation else None,
            title=data["title"],
            role=data["role"],
            language=data["language"],
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A person with this email address already exists."))
        return email


class IntroductionForm(forms.ModelForm):
    """The two things a new person is asked once, after their first code: name, organisation."""

    class Meta:
        model = User
        fields = ["name", "organisation"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}
        labels = {"name": _("Your name"), "organisation": _("Your organisation")}
        help_texts = {
            "name": _("As others in the lab will see it, for example Anna Svensson."),
            "organisation": _(
                "The region, agency or other organisation you work for. If it is not in the "
                "list, go on without choosing one and tell the organisers."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["organisation"] = grouped(
            self.fields["organisation"], organisation_group, empty_label=_("Choose…")
        )
        if self.instance.organisation_id is None:
            # an address in an organisation's email domain belongs to it
            owner = organisation_of_address(self.instance.email)
            if owner is not None:
                self.initial["organisation"] = owner.pk

    def values(self) -> IntroductionValues:
        organisation = self.cleaned_data["organisation"]
        return IntroductionValues(
            name=self.cleaned_data["name"],
            organisation_id=organisation.pk if organisation else None,
        )
