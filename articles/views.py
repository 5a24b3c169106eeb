from datetime import UTC, date, datetime, time

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView, View
from taggit.models import Tag

from staff.models import Department, Reporter

from .models import (
    Article,
    ArticleRedirect,
    PreviewLink,
    TaggedArticle,
    edition_contents,
)
from .models.page_queries import (
    DEPARTMENTS,
    PUBLISHED_BY_SLUG,
    latest_summaries,
    side_lists,
    top_per_department,
)


class BadCursor(Exception):
    pass


class KeysetPage:
    """One page of a list read by position, not by OFFSET: page 5,000 costs as
    much as page 1, and nothing counts the whole archive."""

    def __init__(self, items, *, older=None, newer=None):
        self.items = items
        self.older = older
        self.newer = newer

    @staticmethod
    def cursor_for(article):
        return f"{article.published_at.timestamp():.6f}_{article.pk}"

    @staticmethod
    def parse(cursor):
        try:
            stamp, pk = cursor.split("_")
            when = datetime.fromtimestamp(float(stamp), tz=UTC)
            return when, int(pk)
        except (ValueError, OverflowError, OSError) as exc:
            raise BadCursor(cursor) from exc


def with_departments(stories, departments):
    """Give each story its desk from the list of desks the page already holds,
    instead of a join or a query per story."""
    desks = {desk.pk: desk for desk in departments}
    for story in stories:
        desk = desks.get(story.department_id)
        if desk is not None:
            story.department = desk
    return stories


class PublishedArticleMixin:
    """Every public page reads from ``Article.objects.published()``."""

    model = Article
    page_size = 20

    def get_queryset(self):
        return self.get_base_queryset().published().summaries().newest_first()

    def get_base_queryset(self):
        return Article.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["departments"] = DEPARTMENTS.fetch()
        return context


class KeysetListView(PublishedArticleMixin, TemplateView):
    """A list of stories paged with ``?before=`` and ``?after=`` cursors."""

    def get(self, request, *args, **kwargs):
        try:
            self.page = self.paginate(self.get_queryset())
        except BadCursor:
            response = TemplateResponse(
                request,
                "bad_request.html",
                {
                    "message": _("That page address is not valid."),
                    "departments": Department.objects.all(),
                },
                status=400,
            )
            return response
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        before = self.request.GET.get("before")
        if not before:
            return super().get_base_queryset()
        when, _pk = KeysetPage.parse(before)
        # The cursor's bound goes ahead of published()'s own (now): SQLite walks
        # the index from the first bound it is given on published_at, and from
        # now it would step through every newer story to reach the page.
        return super().get_base_queryset().filter(published_at__lte=when)

    def paginate(self, queryset):
        before = self.request.GET.get("before")
        after = self.request.GET.get("after")
        size = self.page_size
        if before:
            when, pk = KeysetPage.parse(before)
            # A range the index can walk (get_base_queryset() bounds it), less
            # the ties already shown.
            queryset = queryset.exclude(published_at=when, pk__gte=pk)
        elif after:
            when, pk = KeysetPage.parse(after)
            rows = list(
                queryset.filter(published_at__gte=when)
                .exclude(published_at=when, pk__lte=pk)
                .order_by("published_at", "pk")[: size + 1]
            )
            has_newer = len(rows) > size
            items = list(reversed(rows[:size]))
            return KeysetPage(
                items,
                older=KeysetPage.cursor_for(items[-1]) if items else None,
                newer=KeysetPage.cursor_for(items[0]) if has_newer else None,
            )
        rows = list(queryset[: size + 1])
        items = rows[:size]
        return KeysetPage(
            items,
            older=KeysetPage.cursor_for(items[-1]) if len(rows) > size else None,
            newer=KeysetPage.cursor_for(items[0]) if (before and items) else None,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["object_list"] = with_departments(
            self.page.items, context["departments"]
        )
        return context


class FrontPageView(PublishedArticleMixin, TemplateView):
    template_name = "articles/front_page.html"
    latest_count = 13
    per_department = 4

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        departments = context["departments"]
        latest = with_departments(
            latest_summaries(self.latest_count).fetch(), departments
        )
        blocks = {d.pk: [] for d in departments}
        # A story both among the latest and in its desk's block is one object,
        # so its address is worked out once.
        newest = {article.pk: article for article in latest}
        for article in top_per_department(departments, self.per_department):
            blocks[article.department_id].append(newest.get(article.pk, article))
        context["lead"] = latest[0] if latest else None
        context["latest"] = latest[1:]
        context["department_blocks"] = [
            (d, blocks[d.pk]) for d in departments if blocks[d.pk]
        ]
        return context


class LatestView(KeysetListView):
    template_name = "articles/article_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Latest news")
        return context


class DepartmentView(KeysetListView):
    template_name = "articles/department_detail.html"

    def get(self, request, *args, **kwargs):
        self.department = get_object_or_404(Department, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().in_department(self.department)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["department"] = self.department
        context["title"] = self.department.name
        return context


class ReporterView(KeysetListView):
    template_name = "articles/reporter_detail.html"

    def get(self, request, *args, **kwargs):
        self.reporter = get_object_or_404(
            Reporter.objects.select_related("department"), slug=kwargs["slug"]
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().by_reporter(self.reporter)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reporter"] = self.reporter
        context["title"] = self.reporter.name
        return context


class TagView(KeysetListView):
    template_name = "articles/tag_detail.html"

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        tagged = TaggedArticle.objects.filter(tag=self.tag).values("content_object_id")
        return super().get_queryset().filter(pk__in=tagged)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tag"] = self.tag
        context["title"] = self.tag.name
        return context


class DayArchiveView(PublishedArticleMixin, ListView):
    """A day's edition: the stories published that day, in page order."""

    template_name = "articles/day_archive.html"
    paginate_by = 50

    def get_queryset(self):
        try:
            self.day = date(
                self.kwargs["year"], self.kwargs["month"], self.kwargs["day"]
            )
        except (ValueError, OverflowError) as exc:
            raise Http404(_("No such day.")) from exc
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.day, time.min, tzinfo=zone)
        end = datetime.combine(self.day, time.max, tzinfo=zone)
        return (
            super()
            .get_queryset()
            .filter(published_at__range=(start, end))
            .order_by("print_page", "published_at", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with_departments(context["object_list"], context["departments"])
        context["day"] = self.day
        context["title"] = self.day
        return context


class EditionView(PublishedArticleMixin, TemplateView):
    """The print edition online (数字报): a day's pages, each with its stories."""

    template_name = "articles/edition_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            self.day = date.fromisoformat(kwargs["day"])
        except ValueError as exc:
            raise Http404(_("No such day.")) from exc
        self.pages = edition_contents(self.day)
        if not self.pages:
            raise Http404(_("No stories of this edition are online."))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["day"] = self.day
        context["pages"] = self.pages
        context["previous_edition"], context["next_edition"] = (
            Article.objects.published().print_editions_around(self.day)
        )
        return context


class LatestEditionView(View):
    """数字报 in the masthead: the newest print edition online."""

    def get(self, request):
        day = Article.objects.published().latest_print_edition()
        if day is None:
            raise Http404(_("No print edition is online yet."))
        return redirect("articles:edition", day.isoformat())


class ArticleDetailView(PublishedArticleMixin, DetailView):
    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            return self.missing(request, kwargs["slug"])
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return redirect(canonical, permanent=True)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def missing(self, request, slug):
        """Send an old address on, say 'gone' for a retracted story, else 404."""
        moved = (
            ArticleRedirect.objects.filter(old_slug=slug)
            .select_related("article")
            .first()
        )
        if moved is not None and moved.article.is_published():
            return redirect(moved.article.get_absolute_url(), permanent=True)
        if Article.objects.filter(
            slug=slug, status=Article.Status.UNPUBLISHED
        ).exists():
            return TemplateResponse(
                request,
                "410.html",
                {"departments": Department.objects.all()},
                status=410,
            )
        raise Http404(_("No such story."))

    def get_object(self, queryset=None):
        # Its bylines, photos, tags and corrections are in ``parts``; its desk
        # comes from the desks the page lists.
        found = PUBLISHED_BY_SLUG.fetch(slug=self.kwargs["slug"])
        if len(found) != 1:
            raise Http404(_("No such story."))
        return found[0]

    # How many stories each list in the right-hand column shows.
    side_list_size = 5

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        story = self.object
        with_departments([story], context["departments"])
        context["related"] = story.related_stories()
        context["base_url"] = settings.NEWSROOM_BASE_URL.rstrip("/")
        context["most_recent"], context["desk_latest"] = side_lists(
            story, self.side_list_size
        )
        return context


def render_preview(request, article, preview_link=None):
    """Render ``article`` in the public template, marked as a private preview."""
    response = TemplateResponse(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "object": article,
            "is_preview": True,
            "preview_link": preview_link,
            "departments": Department.objects.all(),
            "base_url": settings.NEWSROOM_BASE_URL.rstrip("/"),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response


def preview(request, token):
    link = get_object_or_404(
        PreviewLink.objects.active().select_related("article"), token=token
    )
    if link.article.is_published():
        return redirect(link.article.get_absolute_url())
    return render_preview(request, link.article, preview_link=link)


def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        f"Sitemap: {sitemap}",
        f"Sitemap: {request.build_absolute_uri('/news-sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
