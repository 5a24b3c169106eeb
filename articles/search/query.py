"""Run a parsed query against an ``Article`` queryset, on either engine."""

from django.core.exceptions import EmptyResultSet

from .backends import ALL, HEADLINE, REST, get_backend, key_range

# Counting stops here: past it a reader is told "more than 100", and a word
# found in every article costs no more to count than a rare one.
COUNT_LIMIT = 100


def matching(queryset, query):
    """Narrow ``queryset`` to articles containing every term of ``query``.

    For the admin's changelist, which orders and counts for itself.
    """
    if not query:
        return queryset.none()
    return queryset.filter(*get_backend(queryset.db).filters(query))


class SearchPage:
    """One page of results, with what templates ask a Django ``Page``."""

    def __init__(self, number, object_list, has_next):
        self.number = number
        self.object_list = object_list
        self._has_next = has_next

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


class SearchResults:
    """Articles of ``queryset`` that match ``query``, ranked.

    Articles whose headline holds every term come first, then the others;
    each group newest first. Publication times from ``since`` and before
    ``before`` bound both the queryset and the part of the index read.
    """

    def __init__(self, queryset, query, since=None, before=None):
        self.query = query
        if since:
            queryset = queryset.filter(published_at__gte=since)
        if before:
            queryset = queryset.filter(published_at__lt=before)
        self.queryset = queryset
        self.backend = get_backend(queryset.db)
        self.low, self.high = key_range(since, before)

    def _ids(self, tier, limit, offset):
        return self.backend.ranked_ids(
            self.query, self.queryset, tier, self.low, self.high, limit, offset
        )

    def _count(self, tier, cap):
        return self.backend.count(
            self.query, self.queryset, tier, self.low, self.high, cap
        )

    def count(self):
        """Return how many articles match, stopping at ``COUNT_LIMIT + 1``."""
        if not self.query:
            return 0
        try:
            return self._count(ALL, COUNT_LIMIT + 1)
        except EmptyResultSet:
            return 0

    def ids(self, offset, limit):
        """Return ``limit`` ranked ids from ``offset``, and whether more follow."""
        if not self.query:
            return [], False
        try:
            first = self._ids(HEADLINE, limit + 1, offset)
            if len(first) > limit:
                return first[:limit], True
            # The page reaches past the headline matches; how far decides the
            # offset into the rest.
            if first or not offset:
                headline_total = offset + len(first)
            else:
                headline_total = self._count(HEADLINE, offset)
            wanted = limit - len(first)
            rest = self._ids(REST, wanted + 1, max(0, offset - headline_total))
        except EmptyResultSet:
            return [], False
        return first + rest[:wanted], len(rest) > wanted

    def page(self, number, per_page):
        """Return page ``number`` (from 1) of ``per_page`` articles."""
        ids, has_next = self.ids((number - 1) * per_page, per_page)
        articles = self.queryset.in_bulk(ids) if ids else {}
        # An article deleted since its id was read is left out.
        found = [articles[pk] for pk in ids if pk in articles]
        return SearchPage(number, found, has_next)
