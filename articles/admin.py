import reversion
from django import forms
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.search.query import matching
from articles.search.tokens import parse_query
from newsroom.admin import LARGEST_INTEGER, NewsroomModelAdmin
from newsroom.cleaning import CheckedModelForm
from pictures.renditions import image_preview
from staff.models import Reporter

from . import admin_views
from .forms import ArticleAdminForm
from .importing.admin import PrintedStoryAdminMixin
from .importing.views import can_import_edition, import_edition_view
from .models import Article, BannedWord, Byline, Photo
from .workflow import WorkflowError, review_stages


class CappedCountPaginator(Paginator):
    """Count at most ``CAP`` rows, so a list never scans the whole archive to count."""

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list.values("pk")[: self.CAP + 1].count()


class BylineInline(admin.TabularInline):
    model = Byline
    form = CheckedModelForm
    extra = 1
    autocomplete_fields = ["reporter"]
    fields = ["reporter", "role", "order"]


class PhotoInline(admin.StackedInline):
    model = Photo
    form = CheckedModelForm
    extra = 0
    autocomplete_fields = ["credit_reporter"]
    # Tuples share a line: the thumbnail sits beside its file.
    fields = [
        ("thumbnail", "image"),
        "caption",
        "alt_text",
        ("credit_reporter", "credit_text"),
        "order",
    ]
    readonly_fields = ["thumbnail"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})},
    }

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        return image_preview(obj.image)


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            *Article.Status.choices,
            ("scheduled", _("Scheduled")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


class ReporterFilter(admin.SimpleListFilter):
    title = _("reporter")
    parameter_name = "reporter"

    def lookups(self, request, model_admin):
        return [(r.pk, r.name) for r in Reporter.objects.active()]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and int(value) <= LARGEST_INTEGER:
            return queryset.filter(
                pk__in=Byline.objects.filter(reporter_id=value).values("article_id")
            )
        return queryset


class ImportWarningsFilter(admin.SimpleListFilter):
    title = _("import warnings")
    parameter_name = "import_warnings"

    def lookups(self, request, model_admin):
        return [("yes", _("To check")), ("no", _("No warnings"))]

    def queryset(self, request, queryset):
        flagged = ~Q(import_warnings=[])
        if self.value() == "yes":
            return queryset.filter(flagged)
        if self.value() == "no":
            return queryset.exclude(flagged)
        return queryset


@admin.register(Article)
class ArticleAdmin(PrintedStoryAdminMixin, NewsroomModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline",
        "department",
        "status",
        "credits",
        "char_count",
        "published_at",
        "is_published",
        "updated_at",
        "import_flag",
    ]
    list_filter = [
        StateFilter,
        "department",
        ReporterFilter,
        "published_at",
        "print_edition",
        ImportWarningsFilter,
    ]
    search_fields = ["headline", "dek", "bylines__reporter__name"]
    search_help_text = _(
        "Finds every article, in any state, whose headline, summary or body "
        "contains all the words, or whose reporter's name contains the search."
    )
    autocomplete_fields = ["department"]
    readonly_fields = [
        "status",
        "char_count",
        "created_by",
        "created_at",
        "updated_at",
        "first_published_at",
        "import_warnings_list",
        "print_captions_list",
        "printed_on",
    ]
    inlines = [BylineInline, PhotoInline]
    actions = [
        "submit_selected",
        "sign_selected",
        "publish_selected",
        "unpublish_selected",
        "clear_import_warnings",
    ]
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_per_page = 50
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kicker",
                    "headline",
                    "dek",
                    "body",
                    "char_count",
                    "expected_version",
                ]
            },
        ),
        (
            _("Placement"),
            {
                "fields": [
                    "department",
                    "tags",
                    "kind",
                    "dateline",
                    "published_at",
                    "status",
                ]
            },
        ),
        (_("Source (来源)"), {"fields": ["source", "source_byline"]}),
        (
            _("Advanced"),
            {
                "classes": ["collapse"],
                "fields": [
                    "slug",
                    "print_edition",
                    "print_page",
                    "printed_on",
                    "created_by",
                    "created_at",
                    "updated_at",
                    "first_published_at",
                ],
            },
        ),
    ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import_edition": can_import_edition(request.user),
        }
        return super().changelist_view(request, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and (obj.import_warnings or obj.print_captions):
            fields = ["import_warnings_list"] if obj.import_warnings else []
            if obj.print_captions:
                fields.append("print_captions_list")
            heading = (_("Print import: to check"), {"fields": fields})
            return [heading, *fieldsets]
        return fieldsets

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("department")
            .prefetch_related("bylines__reporter")
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # The publication time moves only through publish/schedule.
        fields.append("published_at")
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_edit(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.can_delete(request.user))

    def delete_queryset(self, request, queryset):
        refused = [a for a in queryset if not a.can_delete(request.user)]
        if refused:
            raise WorkflowError(
                _("Published stories cannot be deleted; unpublish them instead: %s")
                % ", ".join(a.headline for a in refused)
            )
        super().delete_queryset(request, queryset)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        # The form checks rules that depend on who is editing.
        return type(form_class.__name__, (form_class,), {"user": request.user})

    def get_search_results(self, request, queryset, search_term):
        """Search the full-text index instead of scanning with LIKE."""
        query = parse_query(search_term)
        if not query:
            if query.text.strip():
                # Only quotes or punctuation: nothing to look for, so nothing
                # is found, rather than every story.
                self.message_user(
                    request,
                    _(
                        "“%(search)s” holds no letters or characters to look "
                        "for; type a word of the story."
                    )
                    % {"search": query.text},
                    messages.WARNING,
                )
                return queryset.none(), False
            return super().get_search_results(request, queryset, search_term)
        by_reporter = Byline.objects.filter(
            reporter__name__icontains=query.text
        ).values("article_id")
        found = matching(queryset, query) | queryset.filter(Q(pk__in=by_reporter))
        return found, False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data and obj.first_published_at:
            obj.remember_old_slug(form.initial["slug"])
        if change and obj.status == Article.Status.PUBLISHED and form.text_changed():
            if len(review_stages()) > 1:
                obj.record_text_signoff(request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Edited in the admin"))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        obj = context.get("original")
        if obj is not None:
            context.update(admin_views.workflow_context(request, obj))
        return super().render_change_form(request, context, add, change, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import-edition/",
                view(import_edition_view(self)),
                name="articles_article_import_edition",
            ),
            path(
                "<path:object_id>/workflow/<str:action>/",
                view(admin_views.TransitionView.as_view(model_admin=self)),
                name="articles_article_transition",
            ),
            path(
                "<path:object_id>/revisions/",
                view(admin_views.RevisionListView.as_view(model_admin=self)),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                view(admin_views.RevisionCompareView.as_view(model_admin=self)),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                view(admin_views.RevisionRestoreView.as_view(model_admin=self)),
                name="articles_article_restore",
            ),
            path(
                "<path:object_id>/proofreading-fix/",
                view(admin_views.ProofreadingFixView.as_view(model_admin=self)),
                name="articles_article_proofreading_fix",
            ),
            path(
                "<path:object_id>/wechat/",
                view(admin_views.WeChatExportView.as_view(model_admin=self)),
                name="articles_article_wechat",
            ),
            path(
                "<path:object_id>/review-record/",
                view(admin_views.ReviewRecordView.as_view(model_admin=self)),
                name="articles_article_review_record",
            ),
            path(
                "<path:object_id>/preview/",
                view(admin_views.StaffPreviewView.as_view(model_admin=self)),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                view(admin_views.RevokePreviewLinkView.as_view(model_admin=self)),
                name="articles_article_revoke_preview",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("byline"))
    def credits(self, obj):
        return obj.byline_text()

    @admin.action(
        description=_("Mark import warnings as checked"), permissions=["change"]
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

    @admin.action(description=_("Submit selected articles for review"))
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

    @admin.action(description=_("Sign the current review stage of selected articles"))
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

    @admin.action(description=_("Publish selected articles now"))
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

    @admin.action(description=_("Unpublish selected articles…"))
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


@admin.register(BannedWord)
class BannedWordAdmin(NewsroomModelAdmin):
    list_display = ["word", "kind", "note", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["word", "note"]
