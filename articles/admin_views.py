"""Admin pages around an article: workflow actions, revisions, previews."""

import difflib

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from reversion.models import Version

from newsroom.clock import local_minute

from . import wechat
from .body import plain_text
from .models import Article
from .revisions import versions_of
from .views import render_preview
from .workflow import Action, WorkflowError, finding_key, review_stages


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def workflow_context(request, article):
    """What the change form shows about the article's place in the workflow."""
    user = request.user
    stages = review_stages()
    blocks = article.action_blocks(user)
    signatures = {
        event.stage: event
        for event in article.events.filter(
            action=Action.SIGN, round=article.review_round
        ).select_related("actor__reporter")
    }
    return {
        "changes_since_signature": changes_since_signature(article),
        "workflow_actions": [
            (
                action,
                action_label(article, action),
                reverse("admin:articles_article_transition", args=[article.pk, action]),
                blocks.get(action, []),
            )
            for action in article.available_actions(user)
        ],
        "workflow_stages": [
            (stage, signatures.get(stage.index) if article.review_round else None)
            for stage in stages
        ],
        "workflow_current_stage": article.current_stage,
        "timeline": article.events.select_related("actor__reporter").order_by(
            "-created_at", "-pk"
        ),
        "corrections": article.corrections.all(),
        "preview_links": article.preview_links.select_related("created_by"),
        "publish_problems": article.publish_problems(),
        "proofreading": proofreading_rows(article),
        "can_fix_text": article.can_edit(user)
        and article.text_edit_refusal(user) is None,
        "publish_warnings": article.publish_warnings(),
    }


def action_label(article, action):
    """The button's words: the pass it records, or the action's name."""
    if action == Action.PROOFREAD and article.next_pass_number():
        return _("Record %(pass)s") % {"pass": article.next_pass_name()}
    if action == Action.PUBLISH and article.status == Article.Status.SUBMITTED:
        return _("Sign off and publish (签发)")
    return Action.LABELS[action]


def proofreading_rows(article):
    """The proofreading panel: each field's findings, with their fix keys."""
    labels = {"headline": _("Headline"), "dek": _("Summary"), "body": _("Body")}
    rows = []
    for field, findings in article.proofreading_findings().items():
        if findings:
            rows.append(
                {
                    "field": field,
                    "label": labels[field],
                    "findings": [(f, finding_key(f)) for f in findings],
                    "fixable": sum(f.fix is not None for f in findings),
                }
            )
    return rows


def changes_since_signature(article):
    """Link the next reviewer to what changed since the last stage was signed."""
    if article.status != Article.Status.SUBMITTED:
        return None
    signature = (
        article.events.filter(action=Action.SIGN, round=article.review_round)
        .order_by("-created_at", "-pk")
        .first()
    )
    if signature is None:
        return None
    versions = Version.objects.get_for_object(article)
    at_signature = versions.filter(
        revision__date_created__lte=signature.created_at
    ).first()
    newest = versions.first()
    if at_signature is None or newest is None or at_signature.pk == newest.pk:
        return None
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return {
        "signature": signature,
        "url": f"{url}?a={at_signature.pk}&b={newest.pk}",
        "older": at_signature,
        "newer": newest,
    }


class ArticleAdminView(View):
    """An admin page about one article the user may see."""

    model_admin = None

    def dispatch(self, request, object_id, *args, **kwargs):
        self.article = self.model_admin.get_object(request, unquote(object_id))
        if self.article is None or not self.article.can_view(request.user):
            raise Http404(_("No such article."))
        return super().dispatch(request, *args, **kwargs)

    def render(self, template, status=200, **context):
        context = {
            **self.model_admin.admin_site.each_context(self.request),
            "opts": Article._meta,
            "original": self.article,
            "article": self.article,
            **context,
        }
        return TemplateResponse(
            self.request, f"admin/articles/article/{template}", context, status=status
        )


class RevokePreviewLinkView(ArticleAdminView):
    def get(self, request, link_id):
        link = get_object_or_404(self.article.preview_links, pk=link_id)
        return self.render(
            "revoke_preview.html", title=_("Revoke preview link"), link=link
        )

    def post(self, request, link_id):
        link = get_object_or_404(self.article.preview_links, pk=link_id)
        try:
            self.article.revoke_preview_link(request.user, link)
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The preview link no longer works."))
        return HttpResponseRedirect(change_url(self.article))


class RevisionListView(ArticleAdminView):
    def get(self, request):
        return self.render(
            "revisions.html",
            title=_("Revisions of “%(headline)s”") % {"headline": self.article},
            versions=versions_of(self.article),
            can_restore=self.article.can_edit(request.user),
        )


def diff_html(old, new):
    """Mark what changed between two texts, character by character."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    parts = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(old[a0:a1]))
            continue
        if a1 > a0:
            parts.append(f"<del>{escape(old[a0:a1])}</del>")
        if b1 > b0:
            parts.append(f"<ins>{escape(new[b0:b1])}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))


def compare_rows(older, newer):
    """``(label, changed, diff)`` for the headline, summary and body of two versions."""
    labels = [("headline", _("Headline")), ("dek", _("Summary")), ("body", _("Body"))]
    rows = []
    for field, label in labels:
        old = older.field_dict.get(field) or ""
        new = newer.field_dict.get(field) or ""
        if field == "body":
            old, new = plain_text(old), plain_text(new)
        rows.append((label, old != new, diff_html(old, new)))
    return rows


class RevisionCompareView(ArticleAdminView):
    def get(self, request):
        versions = versions_of(self.article)
        try:
            older = versions.get(pk=int(request.GET.get("a", "")))
            newer = versions.get(pk=int(request.GET.get("b", "")))
        except (ValueError, Version.DoesNotExist):
            messages.error(
                request, _("Choose two revisions of this article to compare.")
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_revisions", args=[self.article.pk])
            )
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        rows = compare_rows(older, newer)
        return self.render(
            "compare.html",
            title=_("Compare revisions"),
            older=older,
            newer=newer,
            rows=rows,
        )


class RevisionRestoreView(ArticleAdminView):
    def get_version(self, version_id):
        return get_object_or_404(versions_of(self.article), pk=version_id)

    def get(self, request, version_id):
        return self.render(
            "restore.html",
            title=_("Restore a revision"),
            version=self.get_version(version_id),
        )

    def post(self, request, version_id):
        version = self.get_version(version_id)
        try:
            self.article.restore_revision(request.user, version)
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Restored the revision of %(date)s.")
                % {"date": local_minute(version.revision.date_created)},
            )
        return HttpResponseRedirect(change_url(self.article))


@method_decorator(never_cache, name="dispatch")
class StaffPreviewView(ArticleAdminView):
    def get(self, request):
        return render_preview(request, self.article)


class ReviewRecordView(ArticleAdminView):
    """审稿单: the story's review record, printable and downloadable."""

    def get(self, request):
        article = self.article
        events = list(
            article.events.filter(
                action__in=[
                    Action.SUBMIT,
                    Action.SIGN,
                    Action.REQUEST_CHANGES,
                    Action.PUBLISH,
                    Action.UNPUBLISH,
                    Action.REPUBLISH,
                    Action.WITHDRAW,
                    Action.CORRECT,
                ]
            ).select_related("actor__reporter")
        )
        rounds = {}
        for event in events:
            rounds.setdefault(event.round, []).append(event)
        response = TemplateResponse(
            request,
            "admin/articles/article/review_record.html",
            {
                "article": article,
                "authors": article.byline_text(),
                "stages": review_stages(),
                "rounds": sorted(rounds.items()),
                "passes": article.proofreading_passes.select_related(
                    "proofreader__reporter"
                ),
                "corrections": article.corrections.all(),
                "printed_at": timezone.now(),
                "download": request.GET.get("format") == "html",
            },
        )
        if request.GET.get("format") == "html":
            filename = f"review-record-{article.pk}.html"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ProofreadingFixView(ArticleAdminView):
    """Apply the fix the proofreading panel suggested, from the saved text."""

    def post(self, request):
        field, _sep, key = request.POST.get("proofreading_fix", "").partition("|")
        try:
            self.article.apply_proofreading_fix(request.user, field, key=key or None)
        except (WorkflowError, ValueError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The fix was applied and saved as a revision."))
        return HttpResponseRedirect(change_url(self.article))


class WeChatExportView(ArticleAdminView):
    """The story as inline-styled HTML to paste into the 公众号 editor."""

    def get(self, request):
        exported = wechat.export(self.article)
        if request.GET.get("format") == "html":
            response = HttpResponse(
                f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">'
                f"<title>{escape(self.article.headline)}</title></head>"
                f"<body>{exported}</body></html>",
                content_type="text/html; charset=utf-8",
            )
            filename = f"wechat-{self.article.pk}.html"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return self.render(
            "wechat_export.html",
            title=_("Export for WeChat: “%(headline)s”") % {"headline": self.article},
            exported=exported,
        )
