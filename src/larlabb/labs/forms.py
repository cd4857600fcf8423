import dataclasses
import datetime
from typing import Any, cast

from django import forms
from django.db import models
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from larlabb.accounts.models import User
from larlabb.labs.actions import DocumentRow, LabValues, ProgramRow, ResultRow
from larlabb.labs.models import Document, ExpectedResult, Lab, ProgramItem, Workshop, stockholm


def https_urls(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field:
    """Form fields for model fields, with links assumed to be https when no scheme is typed."""
    formfield = (
        field.formfield(assume_scheme="https", **kwargs)
        if isinstance(field, models.URLField)
        else field.formfield(**kwargs)
    )
    if formfield is None:
        raise ValueError(f"{field.name} has no form field")
    return formfield


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%H:%M", **kwargs)


def staff_people() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(is_active=True)
        .exclude(role=User.Role.PARTICIPANT)
        .select_related("organisation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class LabForm(forms.ModelForm):
    class Meta:
        model = Lab
        fields = [
            "title",
            "slug",
            "question",
            "welcome",
            "purpose",
            "hosts",
            "invited_networks",
            "invitation_text",
            "expected_knowledge",
            "per_organisation_limit",
            "how",
            "travel_at_own_cost",
            "registration_deadline",
            "deadline_reminder_days",
            "allow_single_workshops",
            "show_participant_list",
            "organisers",
            "leaders",
            "contacts",
            "is_published",
        ]
        widgets = {
            "registration_deadline": DateInput(),
            "invited_networks": forms.CheckboxSelectMultiple,
            "welcome": forms.Textarea(attrs={"rows": 6}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "invitation_text": forms.Textarea(attrs={"rows": 4}),
            "expected_knowledge": forms.Textarea(attrs={"rows": 3}),
            "how": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ["organisers", "leaders", "contacts"]:
            field = staff_people()
            field.label = self.fields[name].label
            field.help_text = self.fields[name].help_text
            self.fields[name] = field
        self.fields["organisers"].required = False
        limit = cast(forms.IntegerField, self.fields["per_organisation_limit"])
        limit.min_value = 1
        limit.widget.attrs["min"] = 1

    def values(self) -> LabValues:
        return LabValues.from_data(self.cleaned_data)


class RowsFormSet(BaseInlineFormSet):
    """An inline formset whose kept forms become rows for an action, in their order."""

    row_class: type

    def rows(self) -> list:
        fields = [f.name for f in dataclasses.fields(self.row_class) if f.name != "pk"]
        return [
            self.row_class(
                **{name: form.cleaned_data[name] for name in fields}, pk=form.instance.pk
            )
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class ResultRows(RowsFormSet):
    row_class = ResultRow


class DocumentRows(RowsFormSet):
    row_class = DocumentRow


class ProgramRows(RowsFormSet):
    row_class = ProgramRow


ExpectedResultFormSet = cast(
    type[ResultRows],
    inlineformset_factory(
        Lab, ExpectedResult, formset=ResultRows, fields=["text"], extra=2, can_delete=True
    ),
)
DocumentFormSet = cast(
    type[DocumentRows],
    inlineformset_factory(
        Lab,
        Document,
        formset=DocumentRows,
        fields=["title", "description", "url"],
        extra=1,
        can_delete=True,
        formfield_callback=https_urls,
    ),
)


def combine(date: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a wall-clock time in Stockholm as an aware datetime."""
    return datetime.datetime.combine(date, time, tzinfo=stockholm())


class WhenWhereForm(forms.Form):
    """Date, times, place and format of a workshop, as a new workshop or a move asks for them."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Starts"), widget=TimeInput())
    end = forms.TimeField(label=_("Ends"), widget=TimeInput())
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=Workshop.Format.choices)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if {"date", "start", "end"} <= data.keys():
            data["starts_at"] = combine(data["date"], data["start"])
            data["ends_at"] = combine(data["date"], data["end"])
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("The workshop must end after it starts."))
        if data.get("format") != Workshop.Format.DIGITAL and not data.get("city"):
            self.add_error("city", _("Give the city of a physical or hybrid meeting."))
        return data


class WorkshopCreateForm(WhenWhereForm):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    meeting_link = forms.URLField(label=_("Meeting link"), required=False, assume_scheme="https")

    field_order = ["number", "title", "date", "start", "end", "format", "venue", "address", "city"]

    def __init__(self, *args, lab: Lab, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lab = lab

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        if Workshop.objects.filter(lab=self.lab, number=number).exists():
            raise forms.ValidationError(_("The lab already has a workshop with this number."))
        return number


class WorkshopEditForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "meeting_link"]
        formfield_callback = https_urls


class MoveForm(WhenWhereForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Shown to the registered and on the invitation page."),
        widget=forms.TextInput(attrs={"placeholder": _("due to illness")}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "starts_at" in data and data["starts_at"] <= timezone.now():
            self.add_error("date", _("A workshop cannot be moved to a time that has passed."))
        return data

    @classmethod
    def for_workshop(cls, workshop: Workshop, data=None) -> "MoveForm":
        start = workshop.starts_at.astimezone(stockholm())
        end = workshop.ends_at.astimezone(stockholm())
        initial = {
            "date": start.date(),
            "start": start.time(),
            "end": end.time(),
            "venue": workshop.venue,
            "address": workshop.address,
            "city": workshop.city,
            "format": workshop.format,
        }
        return cls(data, initial=initial)

    def moved_to(self) -> str:
        """The new time this valid form asks for, as the confirmation of a reviewed move
        carries it ("" while the form is not valid)."""
        if not self.is_bound or not self.is_valid():
            return ""
        data = self.cleaned_data
        return f"{data['starts_at'].isoformat()}/{data['ends_at'].isoformat()}"


class CancelForm(forms.Form):
    # The reason ends the sentence "… has been cancelled …" in the email to the registered.
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_(
            "Write it to follow “… has been cancelled”, for example “due to illness”. "
            "The registered see it."
        ),
        widget=forms.TextInput(attrs={"placeholder": _("due to illness")}),
    )


class ProgramItemForm(forms.ModelForm):
    class Meta:
        model = ProgramItem
        fields = ["starts", "ends", "title", "kind", "description", "leaders", "is_highlight"]
        widgets = {
            "starts": TimeInput(),
            "ends": TimeInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        leaders = staff_people()
        leaders.label = self.fields["leaders"].label
        self.fields["leaders"] = leaders

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("The item must end after it starts."))
        return data


ProgramFormSet = cast(
    type[ProgramRows],
    inlineformset_factory(
        Workshop, ProgramItem, form=ProgramItemForm, formset=ProgramRows, extra=1, can_delete=True
    ),
)
