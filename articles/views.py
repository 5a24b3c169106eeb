from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from .models import Article, PreviewLink


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
        return super().get_queryset().prefetch_related("tags", "corrections")


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
