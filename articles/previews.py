"""Private previews: expiring, revocable links to a story not yet public.

Mixed into ``Article``: a preview link is created and revoked through these
verbs, which check the person and record the step in the story's timeline.
The pages themselves are ``articles.views.preview`` and the admin's preview.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.workflow import Action, WorkflowError


class ArticlePreviewsMixin:
    @transaction.atomic
    def create_preview_link(self, by, note="", hours=None):
        self._require_perm(
            by, "articles.preview_article", _("You may not create preview links.")
        )
        if not self.can_view(by):
            raise WorkflowError(_("You may not see this story."))
        hours = hours or settings.NEWSROOM_PREVIEW_LINK_HOURS
        if not 0 < hours <= 24 * 30:
            raise WorkflowError(_("A preview link lasts between 1 hour and 30 days."))
        link = self.preview_links.create(
            token=secrets.token_urlsafe(32),
            note=(note or "").strip()[:100],
            created_by=by,
            expires_at=timezone.now() + timedelta(hours=hours),
        )
        self._record(by, Action.PREVIEW_LINK, link.note or _("preview link"))
        return link

    @transaction.atomic
    def revoke_preview_link(self, by, link):
        self._require_perm(
            by, "articles.preview_article", _("You may not revoke preview links.")
        )
        if link.article_id != self.pk:
            raise WorkflowError(_("That preview link belongs to another story."))
        if link.revoked_at is None:
            link.revoked_at = timezone.now()
            link.save(update_fields=["revoked_at"])
            self._record(by, Action.REVOKE_PREVIEW_LINK, link.note)
        return link
