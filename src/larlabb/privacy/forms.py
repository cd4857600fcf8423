from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from larlabb.accounts.models import User
from larlabb.core.emails import NOWHERE
from larlabb.labs.models import Lab
from larlabb.privacy.actions import ControllerValues
from larlabb.privacy.models import Controller


class ControllerForm(forms.ModelForm):
    class Meta:
        model = Controller
        fields = ["name", "email", "phone", "address", "protection_officer"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["email"].required = True

    def values(self) -> ControllerValues:
        data = self.cleaned_data
        return ControllerValues(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            address=data["address"],
            protection_officer=data["protection_officer"],
        )


class DeleteAccountForm(forms.Form):
    understood = forms.BooleanField(
        label=_(
            "I understand that my account, my own texts and my files are deleted, and that this "
            "cannot be undone."
        ),
        error_messages={"required": _("Tick the box to confirm that you want to delete it.")},
    )


def people_of(lab: Lab) -> QuerySet[User]:
    """The lab's registered participants whose accounts an organiser may delete on request."""
    return (
        User.objects.filter(registrations__lab=lab, role=User.Role.PARTICIPANT)
        .exclude(email__endswith=f"@{NOWHERE}")
        .distinct()
        .order_by("name", "email")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.name or obj.email} ({obj.email})"


class DeletePersonForm(forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("The person's request"),
        max_length=500,
        help_text=_("How and when the person asked, for example: email of 3 March 2027."),
    )
    understood = forms.BooleanField(
        label=_(
            "I have checked that the person asked for it, and I understand that it cannot be "
            "undone."
        ),
        error_messages={"required": _("Tick the box to confirm that you want to delete it.")},
    )

    def __init__(self, *args, lab: Lab, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people_of(lab)
