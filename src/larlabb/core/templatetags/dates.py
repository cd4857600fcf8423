"""The filters that write dates and times as :mod:`larlabb.core.dates` does."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from larlabb.core import dates

register = template.Library()

register.filter("day", dates.format_day)
register.filter("weekday", dates.format_weekday)
register.filter("clock", dates.format_clock)
register.filter("moment", dates.format_moment)


TIME_RANGE = re.compile(r"((?:kl\.\s)?\d{1,2}[.:]\d{2}\s?[–-]\s?\d{1,2}[.:]\d{2})")


@register.filter(needs_autoescape=True)
def unbroken_times(text: str, autoescape: bool = True) -> str:
    """The text with each time range ("kl. 9.30–16.30") in a span that does not break at its dash
    (the CSS class ``nowrap``): ``{% when a b as text %}{{ text|unbroken_times }}``."""
    escape = conditional_escape if autoescape else str
    parts = TIME_RANGE.split(str(text))
    return mark_safe(  # noqa: S308 - every part is escaped
        "".join(
            f'<span class="nowrap">{escape(part)}</span>' if number % 2 else escape(part)
            for number, part in enumerate(parts)
        )
    )
