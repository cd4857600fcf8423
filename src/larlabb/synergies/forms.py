from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.actors.forms import ImportForm
from larlabb.labs.forms import https_urls
from larlabb.labs.models import Lab
from larlabb.synergies import rules
from larlabb.synergies.models import Catalogue, Goal, MappingSession


class CatalogueForm(forms.ModelForm):
    class Meta:
        model = Catalogue
        fields = ["key", "name", "name_en", "description", "source"]
        formfield_callback = https_urls
        help_texts = {"key": _("A short name for addresses, e.g. rus-skane-2030.")}


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["code", "title", "title_en"]


class GoalImportForm(ImportForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Columns: code, title, title_en. The first row holds the column names; a goal "
            "whose code is in the catalogue already is updated."
        )


class SessionForm(forms.ModelForm):
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals"),
        queryset=Goal.objects.select_related("catalogue"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose %(min)d–%(max)d goals from any catalogues.")
        % {"min": rules.MIN_GOALS, "max": rules.MAX_GOALS},
    )

    class Meta:
        model = MappingSession
        fields = ["title", "workshop", "question", "group_count", "show_individual_scores"]

    def __init__(self, *args, lab: Lab, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["workshop"]).queryset = lab.workshops.all()
        self.fields["group_count"].widget.attrs.update(min=1, max=rules.MAX_GROUPS)

    def clean_goals(self):
        goals = self.cleaned_data["goals"]
        if not rules.MIN_GOALS <= len(goals) <= rules.MAX_GOALS:
            raise forms.ValidationError(
                _("Choose between %(min)d and %(max)d goals; you chose %(chosen)d.")
                % {"min": rules.MIN_GOALS, "max": rules.MAX_GOALS, "chosen": len(goals)}
            )
        return goals
