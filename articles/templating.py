"""The Jinja2 environment of the public templates (templates/jinja2/).

The public pages render several times faster in Jinja2 than in Django
templates; the admin, emails and sitemaps stay on Django templates. The
environment gives the templates what Django's tags and filters gave them:
translations (``_()`` and ``{% trans %}``, with Django's catalogues and
msgids), ``url()``, ``static()``, the date filters, ``querystring()`` and the
helpers of articles/presentation.py and pictures/.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import defaultfilters
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import ngettext, npgettext, pgettext
from jinja2 import ChainableUndefined, Environment

from newsroom.addresses import remembered_reverse, remembered_static
from newsroom.render_scope import gettext, template_localtime
from newsroom.render_scope import language as get_language
from pictures.renditions import picture_sources

from . import presentation


def url(viewname, *args):
    """The address of a named view, as {% url %} gives it."""
    return remembered_reverse(viewname, *args)


def date(value, day_format=None):
    """Django's |date filter, in the local time as Django templates give it."""
    return defaultfilters.date(template_localtime(value), day_format)


def time(value, time_format=None):
    """Django's |time filter, in the local time."""
    return defaultfilters.time(template_localtime(value), time_format)


def now(format_string):
    """Django's {% now %}: the current local time in a format."""
    return format_date(template_localtime(timezone.now()), format_string)


def querystring(request, **kwargs):
    """Django's {% querystring %}: the page's query with some parameters changed."""
    query = request.GET
    params = query.copy()
    for key, value in kwargs.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    if not params and not query:
        return ""
    return f"?{params.urlencode()}"


def environment(**options):
    # Undefined names and attributes write nothing, as in Django templates:
    # an error page rendered without a request still has a frame.
    options.setdefault("undefined", ChainableUndefined)
    # Django templates keep a template's last newline; so do these, so the
    # markup is the same byte for byte.
    options.setdefault("keep_trailing_newline", True)
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
    env.globals.update(
        url=url,
        static=remembered_static,
        now=now,
        get_language=get_language,
        querystring=querystring,
        time_element=presentation.time_element,
        picture_sources=picture_sources,
        share_images=presentation.share_images,
        news_article_jsonld=presentation.news_article_jsonld,
        front_page_jsonld=presentation.front_page_jsonld,
        PHOTO_SIZES=presentation.PHOTO_SIZES,
    )
    env.filters.update(
        chinese_date=presentation.chinese_date,
        chinese_day=presentation.chinese_day,
        iso_time=presentation.iso_time,
        date=date,
        time=time,
        localtime=template_localtime,
        urlencode=defaultfilters.urlencode,
        intcomma=intcomma,
    )
    return env
