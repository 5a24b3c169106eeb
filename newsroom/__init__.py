"""The project: settings read once from the environment, the root URLs, WSGI
and ASGI entry points, and the few rules every app shares (``text`` for
Chinese characters, 字数 and slugs; ``addresses`` for remembered reverse();
``middleware``; ``context_processors``). It imports no app of its own.
"""
