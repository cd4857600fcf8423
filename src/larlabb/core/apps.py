from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "larlabb.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        clean_every_typed_text()


def clean_every_typed_text() -> None:
    """Make every form's text field (ours, the admin's, allauth's) clean what a person typed
    with :func:`larlabb.core.text.clean_typed` before it validates: a hook Django does not
    offer, so ``CharField.to_python`` is wrapped once, here. Passwords are left as typed."""
    from django import forms

    from larlabb.core.text import clean_typed

    if getattr(forms.CharField.to_python, "cleans_typed_text", False):
        return
    original = forms.CharField.to_python

    def to_python(self: forms.CharField, value: Any) -> Any:
        value = original(self, value)
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            return clean_typed(value)
        return value

    to_python.cleans_typed_text = True  # type: ignore[attr-defined]
    forms.CharField.to_python = to_python  # type: ignore[method-assign]
