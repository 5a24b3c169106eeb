"""Do once, before the app servers fork, what every worker would otherwise
do on its first requests: import the views, compile the templates and load
the translations.

gunicorn calls ``warm_up()`` in its master (``deploy/gunicorn.conf.py``), so
a worker starts with all of it in memory, shared copy-on-write, and a
replaced worker answers its first page as fast as its hundredth. Without it,
each new worker spent its first second compiling, while readers queued.

Nothing here touches the database, the cache or storage: the master's
connections would be shared by every forked worker.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def warm_up():
    """Import, compile and load; return how many templates were compiled."""
    resolver = get_resolver()
    # Reading the reverse dictionary imports every URLconf and the views.
    resolver.reverse_dict  # noqa: B018
    for code, _name in settings.LANGUAGES:
        translation.trans_real.translation(code)
    return sum(_compile_templates(engine) for engine in engines.all())


def _compile_templates(engine):
    names = (
        _django_template_names(engine)
        if isinstance(engine, DjangoTemplates)
        else engine.env.list_templates()
    )
    compiled = 0
    for name in names:
        try:
            engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
            # A third-party template that needs what this site lacks fails
            # when it is rendered, as it would have without the warm-up.
            logger.debug("Not warmed: %s (%s)", name, exc)
        else:
            compiled += 1
    return compiled


def _django_template_names(engine):
    for folder in engine.template_dirs:
        root = Path(folder)
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".txt", ".xml") and path.is_file():
                yield path.relative_to(root).as_posix()
