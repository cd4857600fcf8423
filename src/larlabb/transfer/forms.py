from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.labs.forms import DateInput
from larlabb.labs.models import Lab


class CopyForm(forms.Form):
    """What an organiser gives a copy of a lab: its title, its address and its first day."""

    title = forms.CharField(label=_("Title of the new lab"), max_length=200)
    slug = forms.SlugField(
        label=_("Address of the new lab"),
        max_length=80,
        help_text=_("Letters, digits and hyphens, for example hallbar-utveckling-2028."),
    )
    starts_on = forms.DateField(
        label=_("First day of the new lab"),
        widget=DateInput(),
        help_text=_(
            "The first workshop moves to this day; every other date moves by as many days."
        ),
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Lab.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another lab already has this address."))
        return slug
