"""Posting Django admin forms as a browser does, for the tests that show the admin keeps to the
rules: the fields a change page shows, with their values, changed where a test says."""

from html.parser import HTMLParser
from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse

from larlabb.accounts.models import User

Values = dict[str, list[str]]


def change_url(obj: Model) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


class _FormFields(HTMLParser):
    """The values a browser would post from the admin's form (``<form id="…_form">``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: Values = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form" and attributes.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attributes.get("name", "")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._add(name, attributes.get("value", "on"))
                return
            self._add(name, attributes.get("value", ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self._add(self._select, attributes.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self._add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)


def page_values(html: str) -> Values:
    parser = _FormFields()
    parser.feed(html)
    return parser.values


def post_change_page(client: Client, obj: Model, **changes: Any) -> Any:
    """Open ``obj``'s change page, change the fields named in ``changes`` (also fields the page
    does not show, as someone crafting the request could) and save."""
    url = change_url(obj)
    page = client.get(url)
    assert page.status_code == 200
    values = page_values(page.content.decode())
    assert values, "the page has no form"
    for name, value in changes.items():
        values[name] = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    values["_save"] = ["Spara"]
    return client.post(url, values)


def full_form_values(user: User, obj: Model, **changes: Any) -> Values:
    """Every field of ``obj``'s model form, as the admin would show it were the model editable,
    with its inlines left as they are: what a request that tried to change a view-only model
    would post."""
    model_admin = admin.site._registry[type(obj)]
    request = RequestFactory().get(change_url(obj))
    request.user = user
    form = admin.ModelAdmin.get_form(model_admin, request, obj, fields=None)(instance=obj)
    values = page_values(f'<form id="x_form">{form.as_div()}</form>')
    for inline in model_admin.get_inline_instances(request, obj):
        prefix = inline.get_formset(request, obj).get_default_prefix()
        values |= {f"{prefix}-TOTAL_FORMS": ["0"], f"{prefix}-INITIAL_FORMS": ["0"]}
    for name, value in changes.items():
        values[name] = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    values["_save"] = ["Spara"]
    return values
