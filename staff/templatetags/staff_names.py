"""``{{ user|staff_name }}``: a colleague by their real name, never their login."""

from django import template

from staff.models import staff_name as name_of

register = template.Library()


@register.filter
def staff_name(user):
    return name_of(user)
