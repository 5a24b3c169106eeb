"""The site's settings with no cache at all: every request makes its page.

For benchmarks of uncached pages (bench/search_load.py), as the Wagtail
comparison measures them.
"""

from newsroom.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
