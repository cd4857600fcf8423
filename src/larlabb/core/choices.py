"""Lists to choose from that read the way a Swede looks for things: in groups (an
``<optgroup>`` each) and in Swedish alphabetical order (å, ä, ö after z; é as e)."""

import unicodedata
from collections.abc import Callable, Iterator
from itertools import groupby
from typing import Any

from django import forms
from django.db.models import Model
from django.forms.models import ModelChoiceIterator

_LAST_LETTERS = str.maketrans({"å": "{", "ä": "|", "ö": "}"})  # after "z", in this order


def swedish_key(text: str) -> str:
    """A sort key for Swedish alphabetical order, whatever the database's collation."""
    folded = text.casefold().translate(_LAST_LETTERS)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


Group = tuple[int, str]
"""Where an object goes in a grouped list: the group's place and its heading."""


class GroupedModelChoiceIterator(ModelChoiceIterator):
    """The field's objects in their groups, each group sorted by name the Swedish way. The
    database is asked when the list is shown, as for a plain select."""

    field: "GroupedModelChoiceField"

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        group = self.field.group
        objects = sorted(self.queryset, key=lambda obj: (group(obj), swedish_key(str(obj))))
        for (_, heading), members in groupby(objects, key=group):
            yield (heading, [self.choice(obj) for obj in members])


class GroupedModelChoiceField(forms.ModelChoiceField):
    """A select of model objects in groups: ``group(obj)`` gives the group's place and
    heading, for example an organisation's kind ("Regioner", "Myndigheter", …)."""

    iterator = GroupedModelChoiceIterator

    def __init__(self, queryset: Any, *, group: Callable[[Model], Group], **kwargs: Any) -> None:
        super().__init__(queryset, **kwargs)
        self.group = group


def grouped(
    field: forms.Field, group: Callable[[Model], Group], **overrides: Any
) -> GroupedModelChoiceField:
    """A grouped copy of the ModelChoiceField ``field`` (as a ModelForm makes it), with its
    label, help text, requiredness and empty choice unless ``overrides`` says otherwise."""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{field!r} is not a ModelChoiceField")
    options = {
        "required": field.required,
        "label": field.label,
        "help_text": field.help_text,
        "empty_label": field.empty_label,
        "initial": field.initial,
        **overrides,
    }
    return GroupedModelChoiceField(field.queryset, group=group, **options)
