"""What every admin page of the newsroom shares: checked forms, safe filters.

``NewsroomModelAdmin`` is the base of the project's ModelAdmins. Its forms
refuse control characters, and its lists refuse, with a message instead of a
database error, a filter value no database integer can hold
(``?reporter=99999999999999999999``).
"""

import re

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from .cleaning import CheckedModelForm

# The largest integer PostgreSQL's bigint and SQLite's INTEGER can hold.
LARGEST_INTEGER = 2**63 - 1
_INTEGER = re.compile(r"-?\d+")


def out_of_range_parameter(query):
    """Return the first ``(name, value)`` holding an integer out of range, or None."""
    for name, values in query.lists():
        for value in values:
            for part in value.split(","):
                part = part.strip()
                if _INTEGER.fullmatch(part) and abs(int(part)) > LARGEST_INTEGER:
                    return name, value
    return None


class NewsroomModelAdmin(admin.ModelAdmin):
    form = CheckedModelForm

    def changelist_view(self, request, extra_context=None):
        bad = out_of_range_parameter(request.GET)
        if bad is not None:
            name, value = bad
            messages.error(
                request,
                _("The filter %(name)s=%(value)s is out of range and was removed.")
                % {"name": name, "value": value[:40]},
            )
            kept = request.GET.copy()
            del kept[name]
            query = kept.urlencode()
            return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))
        return super().changelist_view(request, extra_context)
