from decimal import Decimal

from django import template
from django.forms import BoundField
from django.utils.formats import number_format

register = template.Library()


@register.filter
def signed(value: int | None) -> str:
    """A change with its sign (+1, −2, ±0), or a dash when there is nothing to compare."""
    if value is None:
        return "–"
    if value == 0:
        return "±0"
    return f"+{value}" if value > 0 else f"−{abs(value)}"


@register.filter
def number(value: Decimal | None) -> str:
    """A decimal without trailing zeros, in the language's format (12,5 in Swedish)."""
    if value is None:
        return "–"
    normalised = value.normalize() if isinstance(value, Decimal) else value
    places = max(0, -normalised.as_tuple().exponent) if isinstance(normalised, Decimal) else None
    return number_format(normalised, decimal_pos=places, use_l10n=True)


@register.filter
def with_id(field: BoundField, prefix) -> str:
    """Render one of several copies of a form on a page with ids of its own."""
    return field.as_widget(attrs={"id": f"m{prefix}-{field.name}"})
