from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ..models import Article
from ..workflow import WorkflowError
from .decoding import MAX_PAGE_BYTES, size_text
from .forms import ImportEditionForm
from .service import SUBMITTED, check_import_allowed, describe_warning, import_page
from .stories import ParsedStory, Unparsed
from .writing import printed_credits

# What a request holds besides the page's text: the other fields, the
# multipart boundaries, the preview's signature.
FORM_OVERHEAD_BYTES = 64 * 1024


def can_import_edition(user):
    """Tell whether ``user`` may import print editions: add articles and import."""
    return (
        user.is_active
        and user.is_staff
        and user.has_perm("articles.add_article")
        and user.has_perm("articles.import_edition")
    )


def import_edition_view(model_admin):
    """Return the admin's import view, bound to ``model_admin``.

    It is exempt from the CSRF middleware, which would read the whole body
    for its token before the size is checked: the check runs inside, after
    the size, in ``_import_edition``.
    """
    return csrf_exempt(partial(import_edition, model_admin=model_admin))


def import_edition(request, *, model_admin):
    """Refuse a request larger than any page before reading it, else go on.

    Refusing changes nothing, so it needs no CSRF token; everything else
    goes through ``_import_edition``, which checks it.
    """
    if not can_import_edition(request.user):
        raise PermissionDenied
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if request.method == "POST" and length > MAX_PAGE_BYTES + FORM_OVERHEAD_BYTES:
        refusal = _(
            "The upload is %(size)s, more than the %(limit)s a page may be: "
            "nothing was read. Import one page at a time."
        ) % {"size": size_text(length), "limit": size_text(MAX_PAGE_BYTES)}
        form = ImportEditionForm(initial={"mode": SUBMITTED})
        return _render(request, model_admin, form, None, status=413, refusal=refusal)
    return _import_edition(request, model_admin=model_admin)


@csrf_protect
def _import_edition(request, *, model_admin):
    """Preview a printed page's stories, then create them once confirmed.

    The confirmation posts the text back, never the parsed stories: the text
    is parsed again here and imported only if it and the options are exactly
    what the editor previewed.
    """
    preview = None
    if request.method == "POST":
        form = ImportEditionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = request.FILES.get("upload")
            source = upload.name if upload else data["source"]
            target = data["target"]
            options = {
                "name": source or _("pasted text"),
                "target": target,
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
                    return redirect(_changelist_url(target))
                messages.warning(
                    request,
                    _(
                        "The text or the options changed since the preview. "
                        "Check this preview and confirm again."
                    ),
                )
            result = import_page(data["page_parse"], dry_run=True, **options)
            preview = _preview_rows(result)
            preview["lines"] = page_map(data["text"], data["page_parse"])
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
                "mode": SUBMITTED,
                "department": reporter.department if reporter else None,
            }
        )
    return _render(request, model_admin, form, preview)


def _render(request, model_admin, form, preview, status=200, refusal=None):
    context = {
        "refusal": refusal,
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
                "joined_with": story_result.joined_with,
                "credits": printed_credits(story),
            }
        )
    return {"rows": rows, "target": result.target}


def page_map(text, page):
    """Return the page's lines as the parser placed them, for the preview.

    Each non-blank line says which story it went to (``story`` is its
    number), or that it is the page's own (``page_line``), or that it was
    left out (``unparsed``), so an editor sees at once what was not placed.
    """
    starts = []
    number = 0
    for item in page.items:
        if isinstance(item, ParsedStory):
            number += 1
            first = min((part.line for part in item.parts), default=item.line)
            starts.append((first, "story", number))
        elif isinstance(item, Unparsed):
            starts.append((item.line, "unparsed", None))
        else:
            starts.append((item.line, "page_line", None))
    starts.sort(key=lambda start: start[0])
    rows, owner, index = [], None, 0
    for line_number, line in enumerate(text.splitlines(), start=1):
        while index < len(starts) and starts[index][0] <= line_number:
            owner = starts[index]
            index += 1
        if not line.strip() or owner is None:
            continue
        rows.append(
            {
                "number": line_number,
                "text": line,
                "kind": owner[1],
                "story": owner[2],
            }
        )
    return rows


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
    if result.joined:
        messages.success(
            request,
            ngettext(
                "Joined %(count)d story to its part from another page.",
                "Joined %(count)d stories to their parts from other pages.",
                result.joined,
            )
            % {"count": result.joined},
        )
    for notice in result.notices:
        messages.warning(request, notice)
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


def _changelist_url(target):
    query = {"print_edition": target.edition.isoformat()}
    if target.number:
        query["print_page"] = target.number
    return f"{reverse('admin:articles_article_changelist')}?{urlencode(query)}"
