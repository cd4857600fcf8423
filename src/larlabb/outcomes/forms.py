"""Forms of learning and outcomes. They check the shape of the input; the rules that protect
data are checked by the actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.labs.forms import DateInput
from larlabb.labs.models import Lab, Workshop
from larlabb.missions.forms import choose_from, organisation_field
from larlabb.missions.models import Challenge
from larlabb.outcomes import rules
from larlabb.outcomes.actions import AssignmentDetails, CollaborationDetails
from larlabb.outcomes.models import Assignment, Collaboration, Reflection, Statement, Tie
from larlabb.outcomes.queries import contact_choices


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AssignmentForm(forms.ModelForm):
    organisations = organisation_field(_("For these organisations (none: everyone in the lab)"))

    class Meta:
        model = Assignment
        fields = [
            "kind",
            "title",
            "instructions",
            "workshop",
            "due_at",
            "organisations",
            "accepts_file",
            "allow_late",
            "reminder_days",
        ]
        widgets = {"due_at": DateTimeInput()}

    def __init__(self, *args, lab: Lab, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self.fields["workshop"], Workshop.objects.filter(lab=lab).order_by("number"))

    def details(self) -> AssignmentDetails:
        data = self.cleaned_data
        return AssignmentDetails(
            title=data["title"],
            instructions=data["instructions"],
            due_at=data["due_at"],
            kind=data["kind"],
            workshop=data["workshop"],
            organisations=tuple(data["organisations"]),
            accepts_file=data["accepts_file"],
            allow_late=data["allow_late"],
            reminder_days=data["reminder_days"],
        )


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=rules.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "PDF, Word, Excel, PowerPoint or an image (PNG, JPEG, GIF, WebP); at most 20 MB."
        ),
    )
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)

    def __init__(self, *args, accepts_file: bool = True, has_file: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not accepts_file:
            del self.fields["file"]
        if not has_file:
            del self.fields["remove_file"]


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["learned", "bring_home", "next_steps", "shared"]
        widgets = {
            "learned": forms.Textarea(attrs={"rows": 4}),
            "bring_home": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "shared": _(
                "Others in the lab see it, with your name, and it goes in the workshop's report."
            )
        }


LIKERT = [(value, str(value)) for value in range(1, 6)]
LEVELS = [("", _("No relation")), *[(str(v), label) for v, label in Tie.Level.choices]]


class SurveyForm(forms.Form):
    """A value 1–5 for each statement, how closely one's organisation works with each other
    organisation of the lab, free text and the consent to show one's answers."""

    comment = forms.CharField(
        label=_("Anything else you want to say?"),
        required=False,
        max_length=rules.MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    open_answers = forms.BooleanField(
        label=_("My answers may be shown with my name"),
        required=False,
        help_text=_("Otherwise they are only ever shown together with others' answers."),
    )

    def __init__(
        self,
        *args,
        statements: list[Statement],
        partners: list[Organisation],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.statements, self.partners = statements, partners
        for statement in statements:
            self.fields[f"s{statement.pk}"] = forms.TypedChoiceField(
                label=statement.text,
                choices=LIKERT,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer this statement.")},
            )
        for partner in partners:
            self.fields[f"o{partner.pk}"] = forms.TypedChoiceField(
                label=partner.display_name,
                choices=LEVELS,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def statement_fields(self) -> list[forms.BoundField]:
        return [self[f"s{statement.pk}"] for statement in self.statements]

    def partner_fields(self) -> list[forms.BoundField]:
        return [self[f"o{partner.pk}"] for partner in self.partners]

    def values(self) -> dict[int, int]:
        return {s.pk: self.cleaned_data[f"s{s.pk}"] for s in self.statements}

    def ties(self) -> dict[int, int]:
        return {
            p.pk: self.cleaned_data[f"o{p.pk}"]
            for p in self.partners
            if self.cleaned_data.get(f"o{p.pk}")
        }


class SurveySetupForm(forms.Form):
    before_opens = forms.DateTimeField(label=_("First round opens"), widget=DateTimeInput())
    before_closes = forms.DateTimeField(label=_("First round closes"), widget=DateTimeInput())
    after_opens = forms.DateTimeField(label=_("Second round opens"), widget=DateTimeInput())
    after_closes = forms.DateTimeField(label=_("Second round closes"), widget=DateTimeInput())


class CollaborationForm(forms.ModelForm):
    organisations = organisation_field(_("Organisations in it"), required=True)
    needs = forms.MultipleChoiceField(
        label=_("What it needs"),
        choices=Collaboration.Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Collaboration
        fields = [
            "title",
            "challenge",
            "challenge_text",
            "description",
            "organisations",
            "needs",
            "other_need",
            "contact",
            "status",
            "next_meeting",
            "workshop",
        ]
        widgets = {"next_meeting": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, lab: Lab, viewer: User, **kwargs) -> None:
        """``viewer`` sees in the list of contact persons only the people they may choose
        (:func:`larlabb.outcomes.queries.contact_choices`)."""
        super().__init__(*args, **kwargs)
        choose_from(self.fields["challenge"], Challenge.objects.filter(lab=lab))
        current = self.instance.contact if self.instance.contact_id else None
        choose_from(self.fields["contact"], contact_choices(lab, viewer, current))
        choose_from(self.fields["workshop"], Workshop.objects.filter(lab=lab).order_by("number"))

    def details(self) -> CollaborationDetails:
        data = self.cleaned_data
        return CollaborationDetails(
            title=data["title"],
            organisations=tuple(data["organisations"]),
            contact=data["contact"],
            challenge=data["challenge"],
            challenge_text=data["challenge_text"],
            description=data["description"],
            needs=tuple(data["needs"]),
            other_need=data["other_need"],
            status=data["status"],
            next_meeting=data["next_meeting"],
            workshop=data["workshop"],
        )
