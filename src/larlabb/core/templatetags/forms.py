"""How Lärlabb writes a form (WCAG 3.3.1 and 3.3.2): every field that must be filled in has an
asterisk after its label, one line at the top of the form says what the asterisk means, and a
form shown again with errors starts with a summary that links to each field in error.

The project's form templates (``core/templates/django/forms/``) use these tags, so every
``{{ form }}`` and ``{{ form.as_div }}`` gets them; a template that writes its fields by hand
uses them too::

    {% load forms %}
    {% error_summary form %}{% required_note form %}
    {% for field in form %}{% field_row field %}{% endfor %}  (or {% field_label field %}, …)

``error_summary`` and ``required_note`` take several forms and formsets when one ``<form>``
holds them (``{% error_summary form program %}``). The script ``core/forms.js`` moves focus to
the summary when the page opens and from a link in it to the field.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.formsets import BaseFormSet
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from larlabb.core.templatetags.language import content_lang

register = template.Library()

FormLike = forms.BaseForm | BaseFormSet


def is_required(field: BoundField) -> bool:
    """Whether the field is marked as one that must be filled in. The fields of a formset's
    extra row are not (the row as a whole may stay empty), nor a select without an empty
    choice (it always has a value; Django gives it no ``required`` either)."""
    widget = field.field.widget
    always_chosen = (
        isinstance(widget, forms.Select)
        and not widget.allow_multiple_selected
        and not widget.use_required_attribute(field.initial)
    )
    return (
        field.field.required
        and not field.is_hidden
        and not field.field.disabled
        and not field.form.empty_permitted
        and not always_chosen
    )


def _required_is_announced(field: BoundField) -> bool:
    """Whether the input itself tells assistive technology that it is required (its
    ``required`` attribute). A group of checkboxes has none, nor does a formset's form."""
    widget = field.field.widget
    if isinstance(widget, forms.FileInput) and field.initial:
        return True  # a file is already there: nothing more to choose
    return bool(field.form.use_required_attribute and widget.use_required_attribute(field.initial))


@register.simple_tag
def required_mark(field: BoundField) -> SafeString:
    """The asterisk after the label of a field that must be filled in (hidden from screen
    readers, which hear the input's ``required``; where the input has no ``required`` they
    hear "(required)" instead)."""
    if not is_required(field):
        return mark_safe("")
    mark = mark_safe('<span class="required-mark" aria-hidden="true">*</span>')
    if _required_is_announced(field):
        return mark
    return format_html('{}<span class="visually-hidden"> {}</span>', mark, _("(required)"))


@register.simple_tag
def field_label(field: BoundField, content: bool = False) -> SafeString:
    """The field's ``<label>`` (``<legend>`` for a group of radios or checkboxes), with the
    required mark and without Django's colon. ``content=True``: the label is text people wrote
    (a survey's statement), marked with its language (``{% content_lang %}``)."""
    text = conditional_escape(field.label)
    if content and (lang := content_lang()):
        text = format_html("<span{}>{}</span>", lang, text)
    contents = format_html("{}{}", text, required_mark(field))
    if field.use_fieldset:
        return field.legend_tag(contents, label_suffix="")
    return field.label_tag(contents, label_suffix="")


@register.inclusion_tag("core/forms/row.html")
def field_row(field: BoundField) -> dict:
    """One field as the form template writes it: its label, help, errors and input in a
    ``<div class="field">``, for a template that writes some of its fields by hand."""
    return {"field": field}


def _forms(items: Iterable[FormLike]) -> Iterator[forms.BaseForm]:
    for item in items:
        if isinstance(item, BaseFormSet):
            yield from item.forms
        elif isinstance(item, forms.BaseForm):
            yield item


@register.simple_tag
def required_note(*items: FormLike) -> SafeString:
    """ "Fields marked with * are required.", when the forms have such a field."""
    if not any(is_required(field) for form in _forms(items) for field in form.visible_fields()):
        return mark_safe("")
    return format_html('<p class="required-note">{}</p>', _("Fields marked with * are required."))


@dataclass(frozen=True)
class Error:
    """One line of the error summary: the message and, for a field, its label, the id of the
    input the link moves to and the field's name (for an input a template writes by hand with
    an id of its own: the script then moves to the first input of that name)."""

    message: str
    label: str = ""
    target: str = ""
    name: str = ""


def first_input_id(field: BoundField) -> str:
    """The id of the field's input, or of the first radio or checkbox of a group."""
    widget = field.field.widget
    auto_id = widget.attrs.get("id") or field.auto_id
    if not auto_id:
        return ""
    if isinstance(widget, forms.widgets.ChoiceWidget):
        return widget.id_for_label(auto_id, "0")
    return widget.id_for_label(auto_id)


def _field_errors(field: BoundField) -> list[Error]:
    messages: list[str] = [str(message) for message in field.errors]
    if field.is_hidden:  # as Django writes it: a programming error rather than the person's
        hidden = _("(Hidden field %(name)s) %(error)s")
        return [Error(hidden % {"name": field.name, "error": message}) for message in messages]
    label, target = str(field.label or field.name), first_input_id(field)
    return [Error(message, label, target, field.html_name) for message in messages]


def errors_of(items: Iterable[FormLike]) -> list[Error]:
    """The errors of the forms and formsets in the order a person meets them on the page."""
    errors: list[Error] = []
    for item in items:
        if isinstance(item, BaseFormSet):
            errors += [Error(str(message)) for message in item.non_form_errors()]
        for form in _forms([item]):
            if form.is_bound:
                errors += [Error(str(message)) for message in form.non_field_errors()]
                for field in form:
                    errors += _field_errors(field)
    return errors


@register.inclusion_tag("core/forms/error_summary.html")
def error_summary(*items: FormLike) -> dict:
    """At the top of a form shown again with errors: how many there are and a link to each
    field in error."""
    return {"errors": errors_of(items)}
