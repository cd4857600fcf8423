"""The filters that write numbers as :mod:`larlabb.core.numbers` does::

{% load numbers %}
{{ mean|number }}        7,5     at most one decimal ({{ value|number:2 }}: at most two)
{{ density|decimals:2 }} 0,30    exactly two decimals
{{ median|signed }}      +1,5    a score or a change: +1,5, 0, −2
"""

from decimal import Decimal

from django import template

from larlabb.core.numbers import format_number, format_signed

register = template.Library()


@register.filter
def number(value: int | float | Decimal | None, places: int = 1) -> str:
    return format_number(value, int(places))


@register.filter
def decimals(value: int | float | Decimal | None, places: int = 1) -> str:
    return format_number(value, int(places), fixed=True)


@register.filter
def signed(value: int | float | Decimal | None, places: int = 1) -> str:
    return format_signed(value, int(places))
