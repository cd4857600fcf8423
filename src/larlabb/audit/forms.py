from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.audit.models import Entry
from larlabb.audit.queries import LogFilter


def _labs() -> Any:
    """The labs' model, reached through the entry (audit sits below labs)."""
    return Entry._meta.get_field("lab").related_model


class LogFilterForm(forms.Form):
    """The audit log's filters (a GET form: a bad value is left out, never an error page)."""

    action = forms.ChoiceField(label=_("What"), required=False)
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=100,
        help_text=_("Part of an email address or a name."),
    )
    lab: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Lab"), queryset=None, required=False, empty_label=_("All labs")
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        action = cast(forms.ChoiceField, self.fields["action"])
        action.choices = [("", _("All actions")), *Entry.Action.choices]
        lab = cast(forms.ModelChoiceField, self.fields["lab"])
        lab.queryset = _labs().objects.order_by("title")

    def chosen(self) -> LogFilter:
        """The filter the form picks; fields that do not validate are left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        lab = data.get("lab")
        return LogFilter(
            action=data.get("action") or "",
            person=(data.get("person") or "").strip(),
            lab_id=lab.pk if lab is not None else None,
            since=data.get("since"),
            until=data.get("until"),
        )
