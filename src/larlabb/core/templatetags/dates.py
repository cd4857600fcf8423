"""The filters that write dates and times as :mod:`larlabb.core.dates` does."""

from django import template

from larlabb.core import dates

register = template.Library()

register.filter("day", dates.format_day)
register.filter("weekday", dates.format_weekday)
register.filter("clock", dates.format_clock)
register.filter("moment", dates.format_moment)
