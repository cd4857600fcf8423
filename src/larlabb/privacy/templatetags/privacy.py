from typing import Any

from django import template

register = template.Library()


@register.filter
def is_list(value: Any) -> bool:
    """Whether a value of the own-data page is a list of texts (shown as a list)."""
    return isinstance(value, list)
