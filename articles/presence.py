"""Who has a story open, kept in the cache: no extra server process.

Each open story form reports every ``NEWSROOM_PRESENCE_SECONDS`` whether its
reader is editing and has unsaved changes. A report lives for
``NEWSROOM_PRESENCE_TIMEOUT`` seconds, so a closed tab or a lost network
drops out by itself. With Redis as the cache (``CACHE_URL``) every app server
sees every report.

Per story the cache holds one entry per person, and an index of who
reported lately. Two reports at the same moment may both rewrite the index
and one name drop from it; the next report, seconds later, puts it back.
"""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from staff.models import staff_name


def _entry_key(article_id, user_id):
    return f"articles:presence:{article_id}:{user_id}"


def _index_key(article_id):
    return f"articles:presence:{article_id}"


def _timeout():
    return settings.NEWSROOM_PRESENCE_TIMEOUT


def report(article_id, user, *, editing, dirty):
    """Record that ``user`` has the story open now; return their entry."""
    now = timezone.now()
    key = _entry_key(article_id, user.pk)
    previous = cache.get(key)
    entry = {
        "user_id": user.pk,
        "name": staff_name(user),
        # When they opened it: kept across reports while the form stays open.
        "since": previous["since"] if previous else now.isoformat(),
        "seen": now.isoformat(),
        "editing": bool(editing),
        "dirty": bool(dirty) and bool(editing),
    }
    cache.set(key, entry, _timeout())
    index = _fresh(cache.get(_index_key(article_id)) or {}, now)
    index[user.pk] = now.timestamp()
    cache.set(_index_key(article_id), index, _timeout())
    return entry


def leave(article_id, user):
    """Forget ``user``'s report at once (the form was closed or saved)."""
    cache.delete(_entry_key(article_id, user.pk))
    index = cache.get(_index_key(article_id)) or {}
    if index.pop(user.pk, None) is not None:
        cache.set(_index_key(article_id), index, _timeout())


def present(article_ids, exclude_user=None):
    """``{article_id: [entry, …]}`` of who has each story open, earliest first.

    Two cache reads, however many stories: one for the indexes, one for
    the entries.
    """
    now = timezone.now()
    ids = list(article_ids)
    if not ids:
        return {}
    indexes = cache.get_many([_index_key(pk) for pk in ids])
    wanted = {}
    for pk in ids:
        index = _fresh(indexes.get(_index_key(pk)) or {}, now)
        for user_id in index:
            if exclude_user is None or user_id != exclude_user.pk:
                wanted[_entry_key(pk, user_id)] = pk
    entries = cache.get_many(list(wanted))
    found = {}
    for key, entry in entries.items():
        found.setdefault(wanted[key], []).append(entry)
    for people in found.values():
        people.sort(key=lambda entry: entry["since"])
    return found


def since_local(entry):
    """When an entry's person opened the story: local, to the minute (10:02),
    with the day when it was not today."""
    since = timezone.localtime(datetime.fromisoformat(entry["since"]))
    if since.date() == timezone.localdate():
        return since.strftime("%H:%M")
    return since.strftime("%m-%d %H:%M")


def _fresh(index, now):
    horizon = now.timestamp() - _timeout()
    return {user_id: seen for user_id, seen in index.items() if seen >= horizon}


def describe(entry):
    """One line about who else has the story open, for the form and lists."""
    values = {"name": entry["name"], "time": since_local(entry)}
    if not entry["editing"]:
        return _("%(name)s is viewing, since %(time)s") % values
    if entry["dirty"]:
        return _("%(name)s is editing, since %(time)s, with unsaved changes") % values
    return _("%(name)s is editing, since %(time)s") % values


def others_editing(articles, user):
    """Set ``editing_now`` (lines from ``describe``) on each of ``articles``."""
    found = present([a.pk for a in articles], exclude_user=user)
    for article in articles:
        article.editing_now = [describe(e) for e in found.get(article.pk, [])]
    return articles
