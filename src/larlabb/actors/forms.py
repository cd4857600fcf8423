from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: name, name_en, kind, county_code, abbreviation, website, networks "
            "(network names separated by semicolons). The first row holds the column names."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return upload


class EmailDomainsForm(forms.Form):
    domains = forms.CharField(
        label=_("Email domains"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocapitalize": "none"}),
        help_text=_(
            "One per line, for example norrbotten.se. A person whose address is in one of them "
            "belongs to the organisation without approval; colleagues can be registered only "
            "with such an address."
        ),
    )
