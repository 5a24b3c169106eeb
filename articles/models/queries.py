"""The queries every page reads: ``Article.objects.published()`` and the
fetches that lists, feeds, sitemaps and search build on."""

from django.db import models
from django.db.models import Max, Min, Q
from django.utils import timezone

from articles.search import index as search_index
from articles.workflow import Status

from .parts import Byline, Photo

# What a story's summary in a list shows: see {% story_summary %}.
SUMMARY_FIELDS = ["headline", "slug", "dek", "department", "published_at", "created_at"]
SUMMARY_REPORTER_FIELDS = ["reporter__name", "reporter__slug", "reporter__title"]


class CurrentTime(models.Expression):
    """The time a query is run, not the time it was built.

    A queryset that reads "published by now" can then be built once per
    process and run on every request; the database's own clock is not used,
    so the application's idea of now (and tests that move it) decides.
    """

    output_field = models.DateTimeField()

    def as_sql(self, compiler, connection):
        value = self.output_field.get_db_prep_value(timezone.now(), connection)
        return "%s", [value]


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
        """Fetch what a list of stories shows and nothing else: no bodies,
        reporters' profiles or photo credits."""
        return (
            self.select_related("department")
            .only(*SUMMARY_FIELDS)
            .prefetch_related(
                listed_bylines(
                    Byline.objects.select_related("reporter").only(
                        "article", "role", "order", *SUMMARY_REPORTER_FIELDS
                    )
                ),
                listed_photos(Photo.objects.all()),
            )
        )

    def for_listing(self):
        """Fetch a story with its bylines and photos, in a fixed number of
        queries."""
        return self.select_related("department").prefetch_related(
            listed_bylines(Byline.objects.select_related("reporter")),
            listed_photos(Photo.objects.select_related("credit_reporter")),
        )


# Plain lists (to_attr), not the related managers' caches: Django builds a
# queryset per story to hold a manager's cache, which cost a front page more
# than the two queries themselves.
def listed_bylines(queryset):
    return models.Prefetch("bylines", queryset=queryset, to_attr="listed_bylines")


def listed_photos(queryset):
    return models.Prefetch("photos", queryset=queryset, to_attr="listed_photos")
