"""The story form's live side: presence and autosave, polled by its scripts.

Small JSON endpoints under the article's admin URL. Presence lives in the
cache (``articles.presence``); autosaved text in its own table
(``AutosavedDraft``), never in the story. Both answer within one request;
nothing runs between requests.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from newsroom.cleaning import RejectControlCharactersMixin
from newsroom.clock import local_minute
from staff.models import staff_name

from . import presence
from .body import sanitize_body
from .models import AutosavedDraft
from .revisions import versions_of

# A body this long is not a news story; the autosave refuses to keep it.
BODY_LIMIT = 500_000


def live_config(request, article, draft, *, editable=True):
    """What the form's scripts need, for ``json_script``.

    A reader who may not edit gets presence only: no autosave URL.
    """
    story = article.pk if article else "new"
    if article is None:
        autosave = reverse("admin:articles_article_autosave_new")
        presence_url = None
    else:
        autosave = reverse("admin:articles_article_autosave", args=[article.pk])
        presence_url = reverse("admin:articles_article_presence", args=[article.pk])
    if not editable:
        autosave, draft = None, None
    return {
        "presenceUrl": presence_url,
        "autosaveUrl": autosave,
        "presenceSeconds": settings.NEWSROOM_PRESENCE_SECONDS,
        "autosaveSeconds": settings.NEWSROOM_AUTOSAVE_SECONDS,
        "version": article.version if article else None,
        "storageKey": f"newsroom:draft:{request.user.pk}:{story}",
        "saved": {
            "headline": article.headline if article else "",
            "dek": article.dek if article else "",
            "body": article.body if article else "",
        },
        "headlineLimit": settings.NEWSROOM_HEADLINE_MAX_LENGTH,
        "dekLimit": settings.NEWSROOM_DEK_MAX_LENGTH,
        "draft": None
        if draft is None
        else {
            "headline": draft.headline,
            "dek": draft.dek,
            "body": draft.body,
            "baseVersion": draft.base_version,
            "savedAt": draft.saved_at.timestamp() * 1000,
            "savedAtText": local_minute(draft.saved_at),
        },
    }


def draft_to_offer(user, article):
    """The person's autosaved draft of ``article`` (None: a new story), if it
    holds something the saved story does not."""
    draft = AutosavedDraft.objects.filter(user=user, article=article).first()
    if draft is not None and draft.differs_from(article):
        return draft
    return None


@method_decorator(never_cache, name="dispatch")
class PresenceView(View):
    """Report that the user has the story open; answer who else has."""

    model_admin = None

    def post(self, request, object_id):
        article = self.model_admin.get_object(request, unquote(object_id))
        if article is None or not article.can_view(request.user):
            raise Http404(_("No such article."))
        if request.POST.get("leave"):
            presence.leave(article.pk, request.user)
            return JsonResponse({"left": True})
        presence.report(
            article.pk,
            request.user,
            editing=article.can_edit(request.user),
            dirty=request.POST.get("dirty") == "1",
        )
        others = presence.present([article.pk], exclude_user=request.user)
        answer = {
            "others": [
                {**entry, "text": presence.describe(entry)}
                for entry in others.get(article.pk, [])
            ],
            "version": article.version,
        }
        if _int(request.POST.get("version")) < article.version:
            answer["newer"] = newer_version_note(article)
        return JsonResponse(answer)


def newer_version_note(article):
    newest = versions_of(article).first()
    values = {
        "name": staff_name(newest.revision.user) if newest else _("someone"),
        "time": local_minute(newest.revision.date_created if newest else None),
    }
    return (
        _(
            "%(name)s saved a newer version at %(time)s: a save from this page "
            "would be refused. Copy your changes, then open the newer version."
        )
        % values
    )


class AutosaveForm(RejectControlCharactersMixin, forms.Form):
    headline = forms.CharField(max_length=200, required=False, strip=False)
    dek = forms.CharField(required=False, strip=False)
    body = forms.CharField(max_length=BODY_LIMIT, required=False, strip=False)
    base_version = forms.IntegerField(required=False, min_value=1)


@method_decorator(never_cache, name="dispatch")
class AutosaveView(View):
    """Keep the form's unsaved text as the user's draft, or discard it."""

    model_admin = None

    def post(self, request, object_id=None):
        article = None
        if object_id is not None:
            article = self.model_admin.get_object(request, unquote(object_id))
            if article is None or not article.can_view(request.user):
                raise Http404(_("No such article."))
            if not article.can_edit(request.user):
                return JsonResponse(
                    {"error": _("You may not edit this story now.")}, status=403
                )
        elif not self.model_admin.has_add_permission(request):
            return JsonResponse({"error": _("You may not write stories.")}, status=403)
        drafts = AutosavedDraft.objects.filter(user=request.user, article=article)
        if request.POST.get("discard"):
            drafts.delete()
            return JsonResponse({"discarded": True})
        form = AutosaveForm(request.POST)
        if not form.is_valid():
            errors = [str(e) for field in form.errors.values() for e in field]
            return JsonResponse({"error": " ".join(errors)}, status=400)
        data = form.cleaned_data
        now = timezone.now()
        AutosavedDraft.objects.update_or_create(
            user=request.user,
            article=article,
            defaults={
                "headline": data["headline"],
                "dek": data["dek"],
                "body": sanitize_body(data["body"]),
                "base_version": data["base_version"],
                "saved_at": now,
            },
        )
        return JsonResponse(
            {
                "savedAt": now.timestamp() * 1000,
                "text": _("Draft kept at %(time)s") % {"time": local_minute(now)},
            }
        )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
