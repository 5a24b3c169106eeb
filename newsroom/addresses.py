"""reverse(), remembered per process.

A front page links to nearly forty stories and a dozen desks, and reversing
each address took a tenth of its render. An address depends only on the view
name, its arguments and what reverse() reads from the request (the URLconf,
the script prefix and, for translated patterns, the language), so it can be
remembered by all of them.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@functools.lru_cache(maxsize=20_000)
def _reverse(urlconf, script_prefix, language, viewname, args):
    return reverse(viewname, urlconf=urlconf, args=args)


def remembered_reverse(viewname, *args):
    return _reverse(get_urlconf(), get_script_prefix(), get_language(), viewname, args)
