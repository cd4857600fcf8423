from operator import attrgetter
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.actors.models import Organisation
from larlabb.core.choices import GroupedModelChoiceField
from larlabb.core.widgets import ContentCheckboxSelectMultiple
from larlabb.labs.models import Lab
from larlabb.registrations.actions import Answers
from larlabb.registrations.models import Registration
from larlabb.registrations.queries import eligible_organisations

organisation_group = attrgetter("group")  # under "Regioner", "Myndigheter", …


class AnswersForm(forms.Form):
    """What the invitation asks of every participant."""

    title = forms.CharField(
        label=_("Your role or title"),
        max_length=200,
        help_text=_("For example RUS-samordnare or analyst."),
    )
    knowledge = forms.ChoiceField(
        label=_("How do you know the regional development mission?"),
        help_text=_(
            "The participants are expected to know the regional development mission and/or have "
            "an overview of regional development work."
        ),
        choices=Registration.Knowledge.choices,
        widget=forms.RadioSelect,
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        max_length=300,
        required=False,
        help_text=_("For the physical workshops."),
    )
    travel_acknowledged = forms.BooleanField(
        label=_("I know that participants pay their own travel and lodging."),
        error_messages={"required": _("Please confirm that you pay your own travel and lodging.")},
    )
    listed = forms.BooleanField(
        label=_(
            "Show my name and organisation on the participant list for the other participants."
        ),
        required=False,
    )

    def __init__(self, *args, lab: Lab, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lab = lab
        if not lab.show_participant_list:
            del self.fields["listed"]
        if not lab.travel_at_own_cost:
            del self.fields["travel_acknowledged"]
        if lab.allow_single_workshops:
            self.fields["workshops"] = forms.ModelMultipleChoiceField(
                label=_("Workshops"),
                queryset=lab.workshops.exclude(status="cancelled"),
                required=False,
                widget=ContentCheckboxSelectMultiple,
                help_text=_("Leave empty for the whole series."),
            )

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            title=data["title"],
            knowledge=data["knowledge"],
            dietary_needs=data.get("dietary_needs", ""),
            travel_acknowledged=data.get("travel_acknowledged", True),
            listed=data.get("listed", False),
        )


class RegistrationForm(AnswersForm):
    organisation = GroupedModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        group=organisation_group,
        empty_label=_("Choose an organisation"),
        help_text=_("Member organisations of the invited networks."),
    )
    field_order = ["organisation", "title", "knowledge", "dietary_needs"]

    def __init__(self, *args, lab: Lab, **kwargs) -> None:
        super().__init__(*args, lab=lab, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = eligible_organisations(
            lab
        )


# The colleague form asks about someone else, so its answers are in the third person; the
# model's choices (first person, for the registrant's own form) stay as they are.
COLLEAGUE_KNOWLEDGE = [
    (Registration.Knowledge.MISSION, _("Knows the regional development mission")),
    (Registration.Knowledge.OVERVIEW, _("Has an overview of regional development work")),
    (Registration.Knowledge.BOTH, Registration.Knowledge.BOTH.label),
    (Registration.Knowledge.NEITHER, Registration.Knowledge.NEITHER.label),
]


class ColleagueForm(AnswersForm):
    name = forms.CharField(label=_("Your colleague's name"), max_length=200)
    email = forms.EmailField(label=_("Your colleague's email address"))
    field_order = ["name", "email", "title", "knowledge", "dietary_needs"]

    def __init__(self, *args, lab: Lab, **kwargs) -> None:
        super().__init__(*args, lab=lab, **kwargs)
        self.fields["title"].label = _("Their role or title")
        self.fields["knowledge"].label = _("How does your colleague know the mission?")
        cast(forms.ChoiceField, self.fields["knowledge"]).choices = COLLEAGUE_KNOWLEDGE
        self.fields["travel_acknowledged"].label = _(
            "My colleague knows that participants pay their own travel and lodging."
        )
        self.fields.pop("listed", None)


class ByHandForm(AnswersForm):
    """An organiser adds a person by hand (also after the deadline)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email address"))
    organisation = GroupedModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        group=organisation_group,
        empty_label=_("Choose an organisation"),
    )
    field_order = ["name", "email", "organisation", "title", "knowledge", "dietary_needs"]

    def __init__(self, *args, lab: Lab, **kwargs) -> None:
        super().__init__(*args, lab=lab, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = eligible_organisations(
            lab
        )
        self.fields.pop("listed", None)


class ExceptionForm(forms.Form):
    organisation = GroupedModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        group=organisation_group,
        help_text=_("An organisation outside the invited networks that may register."),
    )


class SelfCheckInForm(forms.Form):
    code = forms.CharField(label=_("Code shown in the room"), max_length=12)
