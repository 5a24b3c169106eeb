"""Proofreading in the workflow: the passes (一校, 二校, 三校) and applied fixes.

Mixed into ``Article``. The checks themselves are pure functions in
``articles.proofreading``; here they meet the saved story, the banned-words
list and the person asking.
"""

import reversion
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from articles.proofreading import (
    apply_fix,
    apply_fixes,
    check_html,
    check_text,
    fix_html,
    fix_html_all,
)

from .policy import Action, Status, WorkflowError, has_perm


def finding_key(finding):
    """Name one finding stably enough to ask for its fix in a later request."""
    return f"{finding.code}:{finding.start}:{finding.end}"


PASSES_OPEN = frozenset({Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED})


class ArticleProofreadingMixin:
    # -- proofreading passes -------------------------------------------------

    def passes_this_round(self):
        prefetched = getattr(self, "round_passes", None)
        if prefetched is not None:
            return [p for p in prefetched if p.round == self.review_round]
        return list(self.proofreading_passes.filter(round=self.review_round))

    def next_pass_number(self):
        """The number of the pass to record next (1 for 一校), or None when done."""
        done = len(self.passes_this_round())
        return done + 1 if done < 3 else None

    def next_pass_name(self):
        number = self.next_pass_number()
        pass_model = self._meta.get_field("proofreading_passes").related_model
        return pass_model.name_of(number) if number else ""

    def proofreading_refusal(self, user):
        """Why ``user`` may not record the next pass now, or None."""
        if not has_perm(user, "articles.proofread_article"):
            return _("You may not record proofreading.")
        if self.status not in PASSES_OPEN:
            return _("“%(action)s” is not possible while the story is %(status)s.") % {
                "action": Action.LABELS[Action.PROOFREAD],
                "status": self.get_status_display(),
            }
        passes = self.passes_this_round()
        if len(passes) >= 3:
            return _("All three proofreading passes are recorded.")
        if settings.NEWSROOM_PROOFREADS_BY_DIFFERENT_PEOPLE:
            mine = [p for p in passes if p.proofreader_id == user.pk]
            if mine and mine[-1].version in (None, self.version):
                return _(
                    "You recorded %(pass)s and the text has not changed since: "
                    "%(next)s needs another proofreader, or an edit first."
                ) % {"pass": mine[-1].name, "next": self.next_pass_name()}
        return None

    @transaction.atomic
    def record_proofreading(self, by, note=""):
        """Record the next proofreading pass (一校, 二校, 三校) of this round."""
        self._locked()
        self._require_perm(
            by, "articles.proofread_article", _("You may not record proofreading.")
        )
        if not self.can_view(by):
            raise WorkflowError(_("You may not see this story."))
        self._require_status(PASSES_OPEN, Action.PROOFREAD)
        refusal = self.proofreading_refusal(by)
        if refusal:
            raise WorkflowError(refusal)
        proofreading = self.proofreading_passes.create(
            number=self.next_pass_number(),
            round=self.review_round,
            proofreader=by,
            note=(note or "").strip(),
            version=self.version,
        )
        self._record(by, Action.PROOFREAD, f"{proofreading.name} {proofreading.note}")
        return proofreading

    # -- proofreading aids ------------------------------------------------------

    def proofreading_findings(self):
        """Return ``{field: [Finding, …]}`` for the headline, summary and body."""
        # Looked up through the registry: the banned-words list is a model of
        # this app, which imports this module while it defines Article.
        banned_words = self._meta.apps.get_model("articles", "BannedWord")
        banned = list(
            banned_words.objects.filter(is_active=True).values_list("word", flat=True)
        )
        return {
            "headline": check_text(
                self.headline,
                field="headline",
                banned_words=banned,
                max_length=settings.NEWSROOM_HEADLINE_MAX_LENGTH,
            ),
            "dek": check_text(
                self.dek,
                field="dek",
                banned_words=banned,
                max_length=settings.NEWSROOM_DEK_MAX_LENGTH,
            ),
            "body": check_html(self.body, field="body", banned_words=banned),
        }

    @transaction.atomic
    def apply_proofreading_fix(self, by, field, key=None):
        """Apply one suggested fix (``key`` from ``Finding``), or all of a field's.

        The findings are computed again from the saved text, so only a fix the
        server itself suggests now is ever applied.
        """
        self._locked()
        fresh = type(self).objects.get(pk=self.pk)
        for name in ("headline", "dek", "body"):
            setattr(self, name, getattr(fresh, name))
        if not self.can_edit(by):
            raise WorkflowError(_("You may not edit this story now."))
        refusal = self.text_edit_refusal(by)
        if refusal:
            raise WorkflowError(refusal)
        findings = self.proofreading_findings().get(field)
        if findings is None:
            raise WorkflowError(_("There is no such field to proofread."))
        fixable = [f for f in findings if f.fix is not None]
        if key is not None:
            fixable = [f for f in fixable if finding_key(f) == key]
            if not fixable:
                raise WorkflowError(
                    _(
                        "That suggestion no longer applies: the text has changed. "
                        "Look at the current suggestions."
                    )
                )
        if not fixable:
            raise WorkflowError(_("Nothing here can be fixed automatically."))
        text = getattr(self, field)
        if field == "body":
            fixed = fix_html(text, fixable[0]) if key else fix_html_all(text, fixable)
        else:
            fixed = apply_fix(text, fixable[0]) if key else apply_fixes(text, fixable)
        setattr(self, field, fixed)
        with reversion.create_revision():
            reversion.set_user(by)
            reversion.set_comment(_("Applied proofreading fixes"))
            self.save()
        self._record(
            by,
            Action.PROOFREAD_FIX,
            "; ".join(str(f.message) for f in (fixable[:1] if key else fixable))[:500],
        )
        return self
