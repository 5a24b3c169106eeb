import reversion
from django.contrib import admin, messages
from django.db.models import Q, prefetch_related_objects
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.search.query import matching
from articles.search.tokens import parse_query
from newsroom.admin import NewsroomModelAdmin
from newsroom.admin_ui import TranslatedHistoryMixin, yes_no
from newsroom.cleaning import CheckedModelForm

from . import admin_live, admin_transitions, admin_views, presence
from .admin_actions import ArticleBulkActionsMixin
from .admin_filters import ImportWarningsFilter, ReporterFilter, StateFilter
from .admin_inlines import (
    BylineInline,
    CappedCountPaginator,
    PhotoInline,
    writer_profile,
)
from .body import sanitize_body
from .forms import ArticleAdminForm
from .importing.admin import PrintedStoryAdminMixin
from .importing.views import can_import_edition, import_edition_view
from .models import Article, AutosavedDraft, BannedWord, Byline
from .workflow import Action, WorkflowError, review_stages
from .workflow.policy import has_perm


@admin.register(Article)
class ArticleAdmin(
    PrintedStoryAdminMixin,
    TranslatedHistoryMixin,
    ArticleBulkActionsMixin,
    NewsroomModelAdmin,
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline",
        "department",
        "status",
        "credits",
        "char_count",
        "published_at",
        "public",
        "updated_at",
        "import_flag",
        "open_now",
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
        "imported_by",
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
                    "imported_by",
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

    # -- the common path: a reporter's new story, saved and submitted at once --

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        reporter = writer_profile(request.user)
        if reporter is not None and reporter.department_id:
            initial.setdefault("department", reporter.department_id)
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        reporter = writer_profile(request.user)
        if isinstance(inline, BylineInline) and obj.pk is None and reporter:
            # Offered on the form and sent back with it: the same initial
            # tells Django the byline was given.
            kwargs["initial"] = [
                {"reporter": reporter.pk, "role": Byline.Role.TEXT, "order": 0}
            ]
        return kwargs

    def response_add(self, request, obj, post_url_continue=None):
        if "_submit_for_review" in request.POST:
            return self._submit_after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_submit_for_review" in request.POST:
            return self._submit_after_save(request, obj)
        return super().response_change(request, obj)

    def _submit_after_save(self, request, obj):
        """Submit the story just saved; the save stands if the submission fails."""
        try:
            obj.submit(request.user)
        except WorkflowError as exc:
            self.message_user(
                request,
                _("The story was saved but not submitted: %(reason)s")
                % {"reason": exc},
                messages.ERROR,
            )
        else:
            self.message_user(
                request,
                _("“%(headline)s” was saved and submitted for review.")
                % {"headline": obj.headline},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[obj.pk])
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only: the body as readers will see it, not its HTML source.
            swap, drop = {"body": "rendered_body"}, {"expected_version"}
        else:
            # Editable: 字数 is counted under the body while typing.
            swap, drop = {}, {"char_count"}
        fieldsets = [
            (
                name,
                {
                    **options,
                    "fields": [
                        swap.get(field, field)
                        for field in options["fields"]
                        if field not in drop
                    ],
                },
            )
            for name, options in fieldsets
        ]
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
        fields = [*super().get_readonly_fields(request, obj), "rendered_body"]
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
        # Saved: the person's autosaved text has become the story.
        AutosavedDraft.objects.filter(
            user=request.user, article=obj if change else None
        ).delete()
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

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        page = getattr(response, "context_data", {}).get("action_list")
        if page is not None:
            # Names, not logins: each entry's person with their byline profile.
            prefetch_related_objects(page.object_list, "user__reporter")
        return response

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        if request.method == "POST":
            # Shown again after an error: keep the photos already chosen.
            for inline in context.get("inline_admin_formsets", []):
                for form in inline.formset.forms:
                    if hasattr(form, "keep_uploads"):
                        form.keep_uploads()
        obj = context.get("original")
        if obj is not None:
            context.update(admin_views.workflow_context(request, obj))
            presence.report(
                obj.pk, request.user, editing=obj.can_edit(request.user), dirty=False
            )
            others = presence.present([obj.pk], exclude_user=request.user)
            context["editing_now"] = [
                presence.describe(entry) for entry in others.get(obj.pk, [])
            ]
        context["can_save_and_submit"] = (
            has_perm(request.user, "articles.submit_article")
            if add
            else obj is not None
            and Action.SUBMIT in obj.available_actions(request.user)
        )
        editable = add or (obj is not None and obj.can_edit(request.user))
        if add or obj is not None:
            context["live_config"] = admin_live.live_config(
                request,
                obj,
                admin_live.draft_to_offer(request.user, obj) if editable else None,
                editable=editable,
            )
            context["can_autosave"] = editable
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
                "autosave/",
                view(admin_live.AutosaveView.as_view(model_admin=self)),
                name="articles_article_autosave_new",
            ),
            path(
                "<path:object_id>/autosave/",
                view(admin_live.AutosaveView.as_view(model_admin=self)),
                name="articles_article_autosave",
            ),
            path(
                "<path:object_id>/presence/",
                view(admin_live.PresenceView.as_view(model_admin=self)),
                name="articles_article_presence",
            ),
            path(
                "<path:object_id>/workflow/<str:action>/",
                view(admin_transitions.TransitionView.as_view(model_admin=self)),
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

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        changelist.result_list = presence.others_editing(
            list(changelist.result_list), request.user
        )
        return changelist

    @admin.display(description=_("open now"))
    def open_now(self, obj):
        return format_html_join(
            mark_safe("<br>"), "{}", ((line,) for line in obj.editing_now)
        )

    def get_view_on_site_url(self, obj=None):
        if obj is not None and not obj.is_published():
            # A draft or scheduled story has no public page yet: show it as
            # it will look, signed in.
            return reverse("admin:articles_article_preview", args=[obj.pk])
        return super().get_view_on_site_url(obj)

    @admin.display(description=_("body"))
    def rendered_body(self, obj):
        # Bodies are sanitized when saved; sanitized again because this
        # output is marked safe.
        return format_html(
            '<div class="rendered-body">{}</div>', mark_safe(sanitize_body(obj.body))
        )

    @admin.display(description=_("public"))
    def public(self, obj):
        return yes_no(obj.is_published())

    @admin.display(description=_("byline"))
    def credits(self, obj):
        return obj.byline_text()


@admin.register(BannedWord)
class BannedWordAdmin(TranslatedHistoryMixin, NewsroomModelAdmin):
    form = CheckedModelForm
    list_display = ["word", "kind", "note", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["word", "note"]
