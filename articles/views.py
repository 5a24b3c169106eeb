from django.shortcuts import redirect
from django.views.generic import DetailView, ListView

from .models import Article


class PublishedArticleMixin:
    """Every public page reads from ``Article.objects.published()``."""

    model = Article

    def get_queryset(self):
        return Article.objects.published().for_listing().newest_first()


class FrontPageView(PublishedArticleMixin, ListView):
    template_name = "articles/front_page.html"
    paginate_by = 20


class ArticleDetailView(PublishedArticleMixin, DetailView):
    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return redirect(canonical, permanent=True)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags")
