from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.labs.models import ProgramItem, Workshop
from larlabb.live.models import Activity, Room, Side
from larlabb.live.queries import find_room, normalise_code


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The six characters shown on the screen in the room."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        room = find_room(code)
        if room is None:
            raise forms.ValidationError(
                _("No workshop room has this code. Check the code on the screen in the room.")
            )
        if not room.code_open():
            raise forms.ValidationError(
                _(
                    "This code no longer works: the room is closed. Registered participants "
                    "find the room on their lab's page."
                )
            )
        return code


class LimitsForm(forms.ModelForm):
    """The room's fair-use limits, for its facilitators."""

    class Meta:
        model = Room
        fields = ["notes_per_minute", "votes_per_minute", "syncs_per_minute", "guests_per_address"]
        widgets = {
            name: forms.NumberInput(attrs={"min": 1, "max": 1000})
            for name in [
                "notes_per_minute",
                "votes_per_minute",
                "syncs_per_minute",
                "guests_per_address",
            ]
        }

    def limits(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Your name (optional)"), max_length=100, required=False)
    side = forms.ChoiceField(label=_("I represent"), choices=Side.choices, initial=Side.OTHER)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ActivityForm(forms.Form):
    program_item = forms.ModelChoiceField(
        label=_("Program item"), queryset=ProgramItem.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    prompt = forms.CharField(label=_("Question to the room"), max_length=500, required=False)
    columns = forms.CharField(
        label=_("Columns (boards), one per line"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example Possibilities and Obstacles. Empty: those two."),
    )
    options = forms.CharField(
        label=_("Options (polls, rankings, dot votes) or statements (opinion maps), one per line"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    dots_per_person = forms.IntegerField(
        label=_("Dots per person"), min_value=0, max_value=20, initial=3
    )
    several_dots_per_note = forms.BooleanField(label=_("Several dots on one note"), required=False)
    multiple_choice = forms.BooleanField(label=_("Poll: several choices"), required=False)
    hide_authors = forms.BooleanField(label=_("Hide who wrote what"), required=False)
    allow_guests = forms.BooleanField(label=_("Guests may join without an account"), required=False)

    def __init__(self, *args, workshop: Workshop, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["program_item"]).queryset = workshop.program.all()

    def clean_columns(self) -> list[str]:
        return _lines(self.cleaned_data["columns"])

    def clean_options(self) -> list[str]:
        return _lines(self.cleaned_data["options"])
