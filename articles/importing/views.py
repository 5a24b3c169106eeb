from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Article
from ..workflow import WorkflowError
from .forms import ImportEditionForm
from .service import SUBMITTED, check_import_allowed, describe_warning, import_page


def can_import_edition(user):
    """Tell whether ``user`` may import print editions: add articles and import."""
    return (
        user.is_active
        and user.is_staff
        and user.has_perm("articles.add_article")
        and user.has_perm("articles.import_edition")
    )


def import_edition(request, *, model_admin):
    """Preview a printed page's stories, then create them once confirmed.

    The confirmation posts the text back, never the parsed stories: the text
    is parsed again here and imported only if it and the options are exactly
    what the editor previewed.
    """
    if not can_import_edition(request.user):
        raise PermissionDenied
    preview = None
    if request.method == "POST":
        form = ImportEditionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = request.FILES.get("upload")
            source = upload.name if upload else data["source"]
            options = {
                "name": source or _("pasted text"),
                "edition": data["edition"],
                "print_page": data["page"],
                "department": data["department"],
                "mode": data["mode"],
                "user": request.user,
            }
            try:
                check_import_allowed(request.user, data["mode"])
            except WorkflowError as exc:
                form.add_error("mode", str(exc))
                return _render(request, model_admin, form, None, status=403)
            if "_confirm" in request.POST:
                if form.matches_preview():
                    result = import_page(data["page_parse"], **options)
                    _report(request, result)
                    return redirect(_changelist_url(data))
                messages.warning(
                    request,
                    _(
                        "The text or the options changed since the preview. "
                        "Check this preview and confirm again."
                    ),
                )
            result = import_page(data["page_parse"], dry_run=True, **options)
            preview = _preview_rows(result)
            form = ImportEditionForm(
                initial={
                    "edition": data["edition"],
                    "page": data["page"],
                    "department": data["department"],
                    "mode": data["mode"],
                    "text": data["text"],
                    "preview": form.signed_digest(),
                    "source": source,
                }
            )
            preview["result"] = result
    else:
        reporter = getattr(request.user, "reporter", None)
        form = ImportEditionForm(
            initial={
                "edition": timezone.localdate(),
                "mode": SUBMITTED,
                "department": reporter.department if reporter else None,
            }
        )
    return _render(request, model_admin, form, preview)


def _render(request, model_admin, form, preview, status=200):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Import print edition"),
        "form": form,
        "preview": preview,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(
        request, "admin/articles/article/import_edition.html", context, status=status
    )


def _preview_rows(result):
    rows = []
    for number, story_result in enumerate(result.stories, start=1):
        story = story_result.story
        warnings = story_result.warnings
        if story_result.already_imported:
            warnings = [warning.as_dict() for warning in story.warnings]
        rows.append(
            {
                "number": number,
                "story": story,
                "already_imported": story_result.already_imported,
                "existing_pk": (
                    story_result.article.pk if story_result.already_imported else None
                ),
                "warnings": [describe_warning(warning) for warning in warnings],
            }
        )
    return {"rows": rows}


def _report(request, result):
    if result.created:
        messages.success(
            request,
            ngettext(
                "Imported %(created)d story from %(name)s.",
                "Imported %(created)d stories from %(name)s.",
                result.created,
            )
            % {"created": result.created, "name": result.name},
        )
    if result.already_imported:
        messages.info(
            request,
            ngettext(
                "%(count)d story was already imported and was left as it is.",
                "%(count)d stories were already imported and were left as they are.",
                result.already_imported,
            )
            % {"count": result.already_imported},
        )
    if result.warning_count:
        messages.warning(
            request,
            ngettext(
                "%(count)d warning to check: see the flagged articles.",
                "%(count)d warnings to check: see the flagged articles.",
                result.warning_count,
            )
            % {"count": result.warning_count},
        )


def _changelist_url(data):
    query = {"print_edition": data["edition"].isoformat()}
    if data["page"]:
        query["print_page"] = data["page"]
    return f"{reverse('admin:articles_article_changelist')}?{urlencode(query)}"
