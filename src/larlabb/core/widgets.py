"""Widgets whose choices are text people wrote, marked with its language where the interface
speaks another (WCAG 3.1.2, ``{% content_lang %}``)."""

from django import forms


class ContentCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes labelled with what organisers wrote (a lab's workshop titles)."""

    option_template_name = "core/forms/content_option.html"
