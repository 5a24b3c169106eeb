"""The articles app: stories and everything that happens to them.

``models`` holds the story with its parts and records; ``workflow`` the
三审三校 review and its verbs; ``proofreading`` the pure copy checks;
``importing`` the print-page importer; ``search`` the full-text index;
``page_cache`` the public pages' cache and what clears it, with
``cache_keys`` the surrogate keys it purges from front caches; ``revisions`` and
``previews`` the history and private previews of a story. The public site is
``views``, ``feeds`` and ``sitemaps``; the newsroom's side is ``admin``.
"""
