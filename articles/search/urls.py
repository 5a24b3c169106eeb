from django.urls import path

from articles.page_cache import cached_public_page as cached

from . import views

app_name = "search"

# What the results page reads from the address: the form's fields and the page.
SEARCH_PARAMETERS = ["q", "department", "since", "until", "page"]

urlpatterns = [
    path(
        "",
        # A story in the news is searched for by many readers at once; each
        # search is tens of milliseconds of work, its page the same for all.
        cached(views.SearchView.as_view(), reads=SEARCH_PARAMETERS),
        name="search",
    ),
]
