"""The article list's bulk actions: each calls the workflow verb, all or none."""

from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .workflow import WorkflowError, review_stages
from .workflow.policy import has_perm, user_in_stage_group


class ArticleBulkActionsMixin:
    """Mixed into ``ArticleAdmin``, which lists these in ``actions``."""

    # Bulk actions are offered only to those who may take them; the verbs
    # still decide story by story.
    def has_submit_permission(self, request):
        return has_perm(request.user, "articles.submit_article")

    def has_sign_permission(self, request):
        return any(
            user_in_stage_group(request.user, stage) for stage in review_stages()
        )

    def has_publish_permission(self, request):
        return has_perm(request.user, "articles.publish_article")

    def has_unpublish_permission(self, request):
        return has_perm(request.user, "articles.unpublish_article")

    def has_review_permission(self, request):
        return has_perm(request.user, "articles.review_article")

    @admin.action(
        description=_("Mark import warnings as checked"), permissions=["review"]
    )
    def clear_import_warnings(self, request, queryset):
        count = queryset.exclude(import_warnings=[]).update(import_warnings=[])
        self.message_user(
            request,
            ngettext(
                "Cleared the import warnings of %(count)d article.",
                "Cleared the import warnings of %(count)d articles.",
                count,
            )
            % {"count": count},
        )

    def _run_bulk(self, request, queryset, verb, done_message):
        """Apply ``verb`` to every selected article, or to none of them."""
        failures = []
        try:
            with transaction.atomic():
                for article in queryset:
                    try:
                        verb(article)
                    except WorkflowError as exc:
                        failures.append(f"{article.headline}: {exc}")
                if failures:
                    raise WorkflowError("; ".join(failures))
        except WorkflowError:
            self.message_user(
                request,
                _("Nothing was changed. %(failures)s")
                % {"failures": "; ".join(failures)},
                messages.ERROR,
            )
            return
        count = queryset.count()
        self.message_user(request, done_message(count), messages.SUCCESS)

    @admin.action(
        description=_("Submit selected articles for review"), permissions=["submit"]
    )
    def submit_selected(self, request, queryset):
        self._run_bulk(
            request,
            queryset,
            lambda article: article.submit(request.user),
            lambda n: (
                ngettext(
                    "%(count)d article submitted.", "%(count)d articles submitted.", n
                )
                % {"count": n}
            ),
        )

    @admin.action(
        description=_("Sign the current review stage of selected articles"),
        permissions=["sign"],
    )
    def sign_selected(self, request, queryset):
        self._run_bulk(
            request,
            queryset,
            lambda article: article.sign(request.user),
            lambda n: (
                ngettext("%(count)d article signed.", "%(count)d articles signed.", n)
                % {"count": n}
            ),
        )

    @admin.action(
        description=_("Publish selected articles now"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        self._run_bulk(
            request,
            queryset,
            lambda article: article.publish(request.user),
            lambda n: (
                ngettext(
                    "%(count)d article published.", "%(count)d articles published.", n
                )
                % {"count": n}
            ),
        )

    @admin.action(
        description=_("Unpublish selected articles…"), permissions=["unpublish"]
    )
    def unpublish_selected(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if "confirm" not in request.POST or not reason:
            return TemplateResponse(
                request,
                "admin/articles/article/unpublish_selected.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Unpublish articles"),
                    "queryset": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                    "missing_reason": "confirm" in request.POST,
                },
            )
        self._run_bulk(
            request,
            queryset,
            lambda article: article.unpublish(request.user, reason),
            lambda n: (
                ngettext(
                    "%(count)d article unpublished.",
                    "%(count)d articles unpublished.",
                    n,
                )
                % {"count": n}
            ),
        )
