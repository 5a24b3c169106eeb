from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import ListView

from articles.body import plain_text
from articles.models import Article
from articles.views import PublishedArticleMixin, with_departments

from .forms import SearchForm
from .highlight import highlight, snippet
from .query import COUNT_LIMIT, SearchPage, SearchResults
from .tokens import MAX_QUERY_LENGTH, MAX_TERMS

# Deep pages cost a scan of everything before them; past this page readers
# narrow by date or desk instead.
MAX_PAGE = 250


@dataclass(frozen=True)
class ResultCount:
    """How many stories matched, or that more than ``limit`` did."""

    count: int
    limit: int

    @property
    def over_limit(self):
        return self.count > self.limit


class SearchView(PublishedArticleMixin, ListView):
    """Search published stories; nothing else is ever found here."""

    template_name = "search/search_results.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        self.form.full_clean()
        # The query field cleans anything it is given, so it is always there.
        self.query = self.form.cleaned_data["q"]
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # Snippets are cut from the body, which summaries() leaves behind;
        # desks come from the list the page holds (get_context_data).
        queryset = Article.objects.published().newest_first()
        department = self.form.cleaned_data.get("department")
        if department:
            queryset = queryset.in_department(department)
        return queryset

    def paginate_queryset(self, queryset, page_size):
        if not self.query or self.form.errors:
            return None, SearchPage(1, [], False), [], False
        try:
            number = int(self.request.GET.get(self.page_kwarg) or 1)
        except ValueError:
            raise Http404(_("That page does not exist.")) from None
        if not 1 <= number <= MAX_PAGE:
            raise Http404(_("That page does not exist."))
        since, before = self.form.time_range()
        results = SearchResults(queryset, self.query, since=since, before=before)
        page = results.page(number, page_size)
        if number > 1 and not page.object_list:
            raise Http404(_("That page does not exist."))
        if number == 1 and not page.has_next():
            # Everything fits on page one, so it is the count.
            count = len(page.object_list)
        else:
            count = results.count()
        if number == MAX_PAGE:
            page = SearchPage(number, page.object_list, has_next=False)
        return (
            ResultCount(count, COUNT_LIMIT),
            page,
            page.object_list,
            page.has_other_pages(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with_departments(context["object_list"], context["departments"])
        for article in context["object_list"]:
            article.search_headline = highlight(article.headline, self.query)
            text = "\n".join(filter(None, [article.dek, plain_text(article.body)]))
            article.search_snippet = snippet(text, self.query)
        context.update(
            form=self.form,
            query=self.query,
            max_query_length=MAX_QUERY_LENGTH,
            max_terms=MAX_TERMS,
            max_page=MAX_PAGE,
        )
        return context
