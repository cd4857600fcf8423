from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.labs.forms import DateInput
from larlabb.labs.models import Lab
from larlabb.missions import rules
from larlabb.missions.actions import (
    ActionDetails,
    ChallengeDetails,
    DialogueDetails,
    InitiativeDetails,
    MissionDetails,
)
from larlabb.missions.models import (
    Action,
    Challenge,
    Dialogue,
    Indicator,
    Initiative,
    LearningEntry,
    Measurement,
    Mission,
)
from larlabb.registrations.queries import people_to_choose
from larlabb.synergies.actions import REFERENCE_CATALOGUES
from larlabb.synergies.models import Goal

TARGET_YEAR_TOO_LATE = _("Choose a target year no later than %(limit_value)s.")


def choose_from(field: forms.Field, queryset: QuerySet[Any]) -> None:
    """Let the model choice ``field`` choose from ``queryset`` only."""
    cast(forms.ModelChoiceField, field).queryset = queryset


def organisation_field(
    label: StrOrPromise, required: bool = False
) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Organisation.objects.order_by("kind", "name"),
        required=required,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )


def lab_people(lab: Lab, viewer: User | None = None, chosen: Any = None) -> QuerySet[User]:
    """The people ``viewer`` may choose in a lab's form: for its organisers everyone in the
    lab; for a participant the organisers, leaders and participants who agreed to be listed,
    themselves, and those already ``chosen`` (a queryset or list of people)."""
    keep = [person.pk for person in chosen] if chosen is not None else []
    return people_to_choose(lab, viewer, keep=keep)


class ChallengeForm(forms.ModelForm):
    goals = forms.ModelMultipleChoiceField(
        label=_("Strategy areas and SDGs it touches"),
        queryset=Goal.objects.filter(catalogue__key__in=REFERENCE_CATALOGUES).select_related(
            "catalogue"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Challenge
        fields = [
            "title",
            "description",
            "goals",
            "scope",
            "why_complex",
            "actors_needed",
            "organisations",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "why_complex": forms.Textarea(attrs={"rows": 3}),
            "actors_needed": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, lab=None, viewer=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"] = organisation_field(_("Organisations taking part"))
        if self.instance.pk:
            self.fields["owners"] = forms.ModelMultipleChoiceField(
                label=_("Owners"),
                queryset=lab_people(lab, viewer, self.instance.owners.all()),
                initial=self.instance.owners.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("The people who edit the challenge, beside the lab's organisers."),
            )

    def details(self) -> ChallengeDetails:
        data = self.cleaned_data
        return ChallengeDetails(
            title=data["title"],
            description=data["description"],
            scope=data["scope"],
            why_complex=data["why_complex"],
            actors_needed=data["actors_needed"],
            goals=tuple(data["goals"]),
            organisations=tuple(data["organisations"]),
        )

    def owners(self) -> list[User] | None:
        """The owners chosen on the edit form; None on the form that proposes a challenge."""
        return list(self.cleaned_data["owners"]) if "owners" in self.fields else None


class AssessmentForm(forms.Form):
    is_complex = forms.TypedChoiceField(
        label=_("Is it a larger, complex societal challenge?"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    needs_several_actors = forms.TypedChoiceField(
        label=_("Does it need several actors to take part?"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MissionForm(forms.ModelForm):
    class Meta:
        model = Mission
        fields = ["title", "goal", "target_year", "owner", "organisations", "owners"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, lab, viewer=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"] = organisation_field(_("Committed organisations"))
        choose_from(self.fields["owner"], Organisation.objects.order_by("kind", "name"))
        owners = self.instance.owners.all() if self.instance.pk else None
        choose_from(self.fields["owners"], lab_people(lab, viewer, owners))
        self.fields["owners"].widget = forms.CheckboxSelectMultiple()
        self.fields["owners"].required = False
        self.fields["target_year"].help_text = _(
            "Lärlabb flags a target year that does not reach beyond the next general election."
        )
        self.fields["target_year"].widget.attrs.update(
            {"min": 2000, "max": rules.LATEST_TARGET_YEAR}
        )
        self.fields["target_year"].validators += [
            MinValueValidator(2000, _("Choose a target year from 2000 on.")),
            MaxValueValidator(rules.LATEST_TARGET_YEAR, TARGET_YEAR_TOO_LATE),
        ]

    def details(self) -> MissionDetails:
        data = self.cleaned_data
        return MissionDetails(
            title=data["title"],
            goal=data["goal"],
            target_year=data["target_year"],
            owner=data["owner"],
            organisations=tuple(data["organisations"]),
        )

    def owners(self) -> list[User]:
        return list(self.cleaned_data["owners"])


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "baseline_year", "target"]
        error_messages = {
            "unit": {"required": _("Give the indicator a unit (per cent, tonnes, people…).")}
        }


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": DateInput()}


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "kind",
            "title",
            "hypothesis",
            "plan",
            "organisations",
            "participants",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "hypothesis": forms.Textarea(attrs={"rows": 3}),
            "plan": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, lab, viewer=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"] = organisation_field(_("Actors"))
        taking_part = self.instance.participants.all() if self.instance.pk else None
        choose_from(self.fields["participants"], lab_people(lab, viewer, taking_part))
        self.fields["participants"].widget = forms.CheckboxSelectMultiple()
        self.fields["participants"].required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == Initiative.Kind.EXPERIMENT and not data.get("hypothesis"):
            self.add_error("hypothesis", _("An experiment tests a hypothesis: write it here."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot come before the start."))
        return data

    def details(self) -> InitiativeDetails:
        data = self.cleaned_data
        return InitiativeDetails(
            kind=data["kind"],
            title=data["title"],
            plan=data["plan"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            hypothesis=data["hypothesis"],
            organisations=tuple(data["organisations"]),
        )

    def participants(self) -> list[User]:
        return list(self.cleaned_data["participants"])


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status.choices)


class LearningForm(forms.ModelForm):
    class Meta:
        model = LearningEntry
        fields = ["happened_on", "tried", "learned", "next_step", "next_step_note"]
        widgets = {
            "happened_on": DateInput(),
            "tried": forms.Textarea(attrs={"rows": 3}),
            "learned": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.RadioSelect,
        }


class PrerequisiteForm(forms.Form):
    """One rating (1–5) and a comment for each of the seven prerequisites."""

    assessed_on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation"), queryset=organisations
            )
        for key, label in rules.PREREQUISITES:
            self.fields[f"{key}_value"] = forms.TypedChoiceField(
                label=label,
                choices=[(str(n), str(n)) for n in range(rules.RATING_MIN, rules.RATING_MAX + 1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Rate this prerequisite from 1 to 5."),
                    "invalid_choice": _("Each rating is a whole number from 1 to 5."),
                },
            )
            self.fields[f"{key}_comment"] = forms.CharField(
                label=_("Comment"), max_length=500, required=False
            )

    def items(self):
        for key, label in rules.PREREQUISITES:
            yield key, label, self[f"{key}_value"], self[f"{key}_comment"]

    def ratings(self) -> dict[str, tuple[int, str]]:
        return {
            key: (self.cleaned_data[f"{key}_value"], self.cleaned_data[f"{key}_comment"])
            for key in rules.PREREQUISITE_KEYS
        }


class DialogueForm(forms.ModelForm):
    class Meta:
        model = Dialogue
        fields = [
            "held_on",
            "title",
            "kind",
            "organisations",
            "participants",
            "notes",
            "challenge",
            "mission",
        ]
        widgets = {
            "held_on": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, lab, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"] = organisation_field(_("Organisations"))
        choose_from(self.fields["challenge"], Challenge.objects.filter(lab=lab))
        choose_from(self.fields["mission"], Mission.objects.filter(challenge__lab=lab))

    def details(self) -> DialogueDetails:
        data = self.cleaned_data
        return DialogueDetails(
            held_on=data["held_on"],
            title=data["title"],
            kind=data["kind"],
            notes=data["notes"],
            participants=data["participants"],
            organisations=tuple(data["organisations"]),
            challenge=data["challenge"],
            mission=data["mission"],
        )


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["title", "owner", "responsible", "due_on", "challenge", "mission"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, lab, viewer=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self.fields["owner"], Organisation.objects.order_by("kind", "name"))
        responsible = [self.instance.responsible] if self.instance.responsible_id else None
        choose_from(self.fields["responsible"], lab_people(lab, viewer, responsible))
        choose_from(self.fields["challenge"], Challenge.objects.filter(lab=lab))
        choose_from(self.fields["mission"], Mission.objects.filter(challenge__lab=lab))

    def details(self) -> ActionDetails:
        data = self.cleaned_data
        return ActionDetails(
            title=data["title"],
            owner=data["owner"],
            responsible=data["responsible"],
            due_on=data["due_on"],
            challenge=data["challenge"],
            mission=data["mission"],
        )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
