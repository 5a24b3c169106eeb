"""Filters for the Django templates still on the public side (sitemaps) and
the admin's history; the public pages are Jinja2 (articles/templating.py)."""

from django import template

from articles import presentation
from newsroom.text import xml_safe as _xml_safe

register = template.Library()

register.filter("chinese_date", presentation.chinese_date)
register.filter("chinese_day", presentation.chinese_day)
register.filter("iso_time", presentation.iso_time)


@register.filter
def xml_safe(value):
    """Drop the characters XML cannot carry (sitemaps of stored text)."""
    return _xml_safe(value)
