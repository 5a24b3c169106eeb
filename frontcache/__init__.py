"""Purging the front cache (Varnish, a CDN) when what a page shows changes.

In the pattern of Wagtail's ``wagtail.contrib.frontend_cache``: backends
chosen by settings, each told what to purge after the change commits.
Public pages carry an ``xkey`` header of surrogate keys, one per story and per
listing they show (``articles/cache_keys.py`` decides which); a change purges
its keys, and the addresses of the pages it is on for backends that purge by
address. A purge that fails is logged and kept as a ``PendingPurge`` row,
tried again on a later request or by ``manage.py retry_purges``; it never
fails the editor's action.
"""
