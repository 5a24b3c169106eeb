"""The queries every page reads: ``Article.objects.published()`` and the
fetches that lists, feeds, sitemaps and search build on."""

from django.db import models
from django.db.models import Max, Min, Q
from django.utils import timezone

from articles.search import index as search_index
from articles.workflow import Status
from newsroom.prepared import late_param

from .page_parts import write_parts
from .parts import Byline

# What a story's summary in a list shows: see story_summary() (templates/jinja2).
SUMMARY_FIELDS = ["headline", "slug", "dek", "department", "published_at", "created_at"]


def _now():
    return timezone.now()


class CurrentTime(models.Expression):
    """The time a query is run, not the time it was built.

    A queryset that reads "published by now" can then be built once per
    process and run on every request; the database's own clock is not used,
    so the application's idea of now (and tests that move it) decides.
    """

    output_field = models.DateTimeField()

    def as_sql(self, compiler, connection):
        # Looked up on each run, so that a test moving the clock moves it here.
        return "%s", [late_param(self.output_field, _now, connection)]


class ArticleQuerySet(search_index.IndexedQuerySet):
    def published(self):
        """Articles the public may read now; a future ``published_at`` is a
        schedule or an embargo and stays hidden until that moment."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=CurrentTime())

    def visible_to(self, user):
        """Articles ``user`` may see in the admin: all for reviewers, else their own."""
        if user.is_superuser or user.has_perm("articles.review_article"):
            return self
        return self.filter(
            Q(created_by=user)
            | Q(pk__in=Byline.objects.filter(reporter__user=user).values("article_id"))
        )

    def last_public_edit(self):
        """When a story the public can read was last edited."""
        # Sorting every published story by its edit time would sort the
        # archive: walk the stories edited last instead. Only if a hundred
        # scheduled stories were edited since is the whole archive asked.
        edited_last = (
            self.filter(status=Status.PUBLISHED)
            .order_by("-updated_at")
            .only("status", "published_at", "updated_at")[:100]
        )
        for story in edited_last:
            if story.is_published():
                return story.updated_at
        return self.published().aggregate(latest=Max("updated_at"))["latest"]

    def in_review(self):
        return self.filter(status=Status.SUBMITTED)

    def scheduled(self):
        return self.filter(status=Status.PUBLISHED, published_at__gt=CurrentTime())

    def in_department(self, department):
        return self.filter(department=department)

    def by_reporter(self, reporter):
        return self.filter(
            pk__in=Byline.objects.filter(reporter=reporter).values("article_id")
        )

    def latest_print_edition(self):
        """The day of the newest print edition with a story here, or None."""
        return self.aggregate(day=Max("print_edition"))["day"]

    def print_editions_around(self, day):
        """The days of the print editions just before and after ``day``, in
        one query; None where there is none."""
        around = self.aggregate(
            previous=Max("print_edition", filter=Q(print_edition__lt=day)),
            next=Min("print_edition", filter=Q(print_edition__gt=day)),
        )
        return around["previous"], around["next"]

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def summaries(self):
        """Fetch what a list of stories shows and nothing else: no bodies.

        Bylines and photos come from ``parts``, the desk from the list of
        desks a page already holds (``Article.with_departments()``).
        """
        return self.only(*SUMMARY_FIELDS, "parts")

    def for_listing(self):
        """Fetch stories with their desks; ``parts`` holds the rest."""
        return self.select_related("department")

    def refresh_parts(self):
        """Write ``parts`` of these stories afresh from their parts' rows.

        Receivers call it when a part changes; code that writes bylines,
        photos, tags or print placements in bulk calls it itself.
        """
        return write_parts(self)
