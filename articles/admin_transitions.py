"""The page of one workflow action: what is signed, what blocks it, its form."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from newsroom.clock import local_minute

from .admin_views import (
    ArticleAdminView,
    action_label,
    change_url,
    changes_since_signature,
    compare_rows,
    proofreading_rows,
)
from .body import sanitize_body
from .forms import TransitionForm
from .models import Article, PreviewLink
from .workflow import Action, WorkflowError


class TransitionView(ArticleAdminView):
    def dispatch(self, request, *args, action, **kwargs):
        if action not in TransitionForm.FIELDS:
            raise Http404(_("No such action."))
        self.action = action
        return super().dispatch(request, *args, **kwargs)

    @property
    def publishes(self):
        """Whether this action would put the story out (签发, publish, republish)."""
        stage = self.article.current_stage
        if self.action == Action.SIGN:
            return stage is not None and stage.is_last
        return self.action in (Action.PUBLISH, Action.REPUBLISH)

    def get_form(self, data=None):
        stage = self.article.current_stage
        last_stage = stage is not None and stage.is_last
        return TransitionForm(data, action=self.action, last_stage=last_stage)

    def get(self, request):
        return self.show(self.get_form())

    def blocked_reasons(self):
        """Why the verb would refuse now, known before the form is sent."""
        article, user = self.article, self.request.user
        if self.action == Action.PROOFREAD:
            refusal = article.proofreading_refusal(user)
            return [refusal] if refusal else []
        if self.action == Action.REPUBLISH:
            refusal = article.republish_refusal(user)
            if refusal:
                return [refusal]
            return article.publish_problems(proofreading=False)
        if self.publishes and article.status != Article.Status.PUBLISHED:
            return article.publish_problems()
        return []

    def show(self, form, error=None, status=200):
        article = self.article
        signing = self.action in (Action.SIGN, Action.PUBLISH) and (
            article.status == Article.Status.SUBMITTED
        )
        # One list of what stands in the way: the refusal's, else the checks'.
        reasons = list(error.reasons) if error is not None else self.blocked_reasons()
        if self.action == Action.PROOFREAD and article.next_pass_number():
            title = _("Record %(pass)s") % {"pass": article.next_pass_name()}
        else:
            title = action_label(article, self.action)
        return self.render(
            "transition.html",
            status=status,
            title=title,
            action=self.action,
            form=form,
            error=error,
            blocked_reasons=reasons,
            publish_warnings=article.publish_warnings() if self.publishes else [],
            findings=proofreading_rows(article) if self.publishes else [],
            passes=article.passes_this_round()
            if self.action == Action.PROOFREAD
            else [],
            signed=signed_text(article) if signing else None,
        )

    def post(self, request):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.show(form, status=400)
        data = form.cleaned_data
        user = request.user
        article = self.article
        verbs = {
            Action.SUBMIT: lambda: article.submit(user),
            Action.WITHDRAW: lambda: article.withdraw(user),
            Action.SIGN: lambda: article.sign(
                user, opinion=data["comment"], publish_at=data.get("publish_at")
            ),
            Action.REQUEST_CHANGES: lambda: article.request_changes(
                user, data["comment"]
            ),
            Action.PUBLISH: lambda: article.publish(
                user, at=data["publish_at"], opinion=data["comment"]
            ),
            Action.UNPUBLISH: lambda: article.unpublish(user, data["comment"]),
            Action.REPUBLISH: lambda: article.republish(user, data["comment"]),
            Action.CORRECT: lambda: article.add_correction(user, data["comment"]),
            Action.PREVIEW_LINK: lambda: article.create_preview_link(
                user, note=data["note"], hours=data["hours"]
            ),
            Action.PROOFREAD: lambda: article.record_proofreading(
                user, data["comment"]
            ),
        }
        try:
            result = verbs[self.action]()
        except WorkflowError as exc:
            return self.show(form, error=exc, status=403)
        messages.success(request, done_message(request, article, self.action, result))
        return HttpResponseRedirect(change_url(article))


def done_message(request, article, action, result):
    if isinstance(result, PreviewLink):
        return _("Preview link created: %(url)s") % {
            "url": request.build_absolute_uri(result.get_absolute_url())
        }
    if action == Action.PROOFREAD:
        return _("%(pass)s is recorded.") % {"pass": result.name}
    if article.status == Article.Status.PUBLISHED and not article.is_published():
        return _("Done: %(action)s. The story will be published at %(time)s.") % {
            "action": Action.LABELS[action],
            "time": local_minute(article.published_at),
        }
    return _("Done: %(action)s. The story is now %(status)s.") % {
        "action": Action.LABELS[action],
        "status": article.get_status_display(),
    }


def signed_text(article):
    """What a reviewer signs: the saved text, and what changed since the last
    signature of this round."""
    changes = changes_since_signature(article)
    return {
        "headline": article.headline,
        "dek": article.dek,
        # Saved bodies are sanitized; sanitized again as this is marked safe.
        "body": mark_safe(sanitize_body(article.body)),
        "since": changes["signature"] if changes else None,
        "diff": compare_rows(changes["older"], changes["newer"]) if changes else [],
    }
