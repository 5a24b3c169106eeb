"""Create articles from parsed print pages: one page, one transaction."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from newsroom.db import share_write_lock
from staff.models import Reporter

from ..models import Article, ArticleEvent, Byline
from ..workflow import Status, WorkflowError, import_refusal
from .parser import is_blank
from .stories import ParsedPage, ParsedStory

SUBMITTED, PUBLISHED, DRAFT = Status.SUBMITTED, Status.PUBLISHED, Status.DRAFT
MODES = (SUBMITTED, PUBLISHED, DRAFT)
# Sent inside a page's import transaction once its articles exist, with
# ``result`` (a PageResult), ``edition`` (the date) and ``user``: apps that
# follow the printed paper (the planning desk) hook in here. A dry run rolls
# their changes back with the import's.
page_imported = Signal()

# The paper is on the streets in the morning; back-filled stories go online
# at that hour of the edition day.
PUBLISH_TIME = time(6, 0)

WARNING_MESSAGES = {
    "lost_text": lambda w: _(
        "Text may be missing before paragraph %(paragraph)s, which starts "
        "mid-sentence: “%(text)s…”"
    ),
    "unfinished": lambda w: _(
        "The story ends mid-sentence (“…%(text)s”); its end may be on another page."
    ),
    "jump": lambda w: _("Paragraph %(paragraph)s continues on another page: %(text)s"),
    "no_byline": lambda w: _("No byline found."),
    "photo_credit": lambda w: _(
        "The byline credits a photo to %(text)s, but the import brings no photo: "
        "add it or correct the byline."
    ),
    "no_lead": lambda w: _("No 本报讯 lead: check where the story starts."),
    "no_dateline": lambda w: (
        _("No dateline: the lead says “%(text)s”.")
        if w.get("text")
        else _("No dateline found.")
    ),
    "bad_dateline": lambda w: _("The dateline %(text)s is not a real date."),
    "future_dateline": lambda w: _("The dateline %(text)s is after the edition date."),
    "ambiguous_reporter": lambda w: _(
        "Several reporters are named %(text)s; the byline went to one of them."
    ),
}


def describe_warning(warning):
    """Return an editor-facing sentence for a stored warning ``{"code": …}``."""
    message = WARNING_MESSAGES.get(warning.get("code"))
    values = {"text": warning.get("text", ""), "paragraph": warning.get("paragraph")}
    if message is None:
        return f"{warning.get('code')}: {values['text']}".strip(": ")
    return message(warning) % values


@dataclass
class StoryResult:
    story: ParsedStory
    article: Article | None = None
    already_imported: bool = False
    warnings: list[dict] = field(default_factory=list)


@dataclass
class PageResult:
    name: str
    page: ParsedPage
    stories: list[StoryResult] = field(default_factory=list)
    new_reporters: list[str] = field(default_factory=list)

    @property
    def created(self):
        return sum(1 for result in self.stories if not result.already_imported)

    @property
    def already_imported(self):
        return sum(1 for result in self.stories if result.already_imported)

    @property
    def warning_count(self):
        return sum(len(result.warnings) for result in self.stories)


def fingerprint(story, edition):
    """Return a stable hash of a printed story, blind to layout whitespace."""
    digest = hashlib.sha256(edition.isoformat().encode())
    for text in story.fields():
        digest.update(b"\x1f")
        digest.update("".join(c for c in text if not is_blank(c)).encode())
    return digest.hexdigest()


def check_import_allowed(user, mode):
    """Refuse modes the importing person could not reach by hand."""
    refusal = import_refusal(user, mode)
    if refusal:
        raise WorkflowError(refusal)


def import_page(
    page,
    *,
    name,
    edition,
    print_page=None,
    department=None,
    mode=SUBMITTED,
    user=None,
    dry_run=False,
):
    """Create the articles of a parsed page, all or none, skipping known ones.

    With ``dry_run`` everything is done and then rolled back, so the result
    says exactly what a real import would create.
    """
    if mode not in MODES:
        raise ValueError(f"Unknown import mode {mode!r}")
    check_import_allowed(user, mode)
    options = {
        "name": name,
        "edition": edition,
        "print_page": print_page,
        "department": department,
        "mode": mode,
        "user": user,
    }
    try:
        result = _import_atomically(page, options, dry_run)
    except IntegrityError:
        # A concurrent import of the same page committed first; run again so
        # its stories are reported as already imported.
        result = _import_atomically(page, options, dry_run)
    share_write_lock()
    return result


def _import_atomically(page, options, dry_run):
    with transaction.atomic():
        result = _import(page, **options)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _import(page, *, name, edition, print_page, department, mode, user):
    result = PageResult(name=name, page=page)
    stories = page.stories
    prints = [fingerprint(story, edition) for story in stories]
    existing = _imported_articles(prints)
    reporters = _ReporterBook(
        {credit.name for story in stories for credit in story.credits}
    )
    bylines = []
    events = []
    for story, print_id in zip(stories, prints, strict=True):
        story_result = StoryResult(story=story)
        result.stories.append(story_result)
        if print_id in existing:
            story_result.already_imported = True
            story_result.article = Article(pk=existing[print_id])
            continue
        warnings = [warning.as_dict() for warning in story.warnings]
        credited = []
        for credit in story.credits:
            reporter, ambiguous = reporters.find_or_create(credit)
            if ambiguous:
                warnings.append({"code": "ambiguous_reporter", "text": credit.name})
            credited.extend((reporter, role) for role in credit.roles)
        article = Article(
            headline=story.headline,
            dek=story.dek.lstrip("—－-").strip(),
            body="".join(f"<p>{escape(p)}</p>" for p in story.paragraphs),
            department=department,
            dateline=story.dateline,
            print_edition=edition,
            print_page=print_page,
            created_by=user,
            import_warnings=warnings,
            import_fingerprint=print_id,
        )
        event = article.enter_from_print(
            user, mode, published_at=_edition_morning(edition), source=name
        )
        article.save()
        events.append(event)
        existing[print_id] = article.pk
        story_result.article = article
        story_result.warnings = warnings
        seen = set()
        for reporter, role in credited:
            if (reporter.pk, role) not in seen:
                seen.add((reporter.pk, role))
                bylines.append(
                    Byline(
                        article=article, reporter=reporter, role=role, order=len(seen)
                    )
                )
    Byline.objects.bulk_create(bylines)
    ArticleEvent.objects.bulk_create(events)
    result.new_reporters = reporters.created
    page_imported.send(sender=Article, result=result, edition=edition, user=user)
    return result


def _edition_morning(edition):
    return timezone.make_aware(datetime.combine(edition, PUBLISH_TIME))


def _imported_articles(prints):
    """Map the fingerprints already imported to their articles' ids."""
    return dict(
        Article.objects.filter(import_fingerprint__in=set(prints))
        .order_by()
        .values_list("import_fingerprint", "pk")
    )


class _ReporterBook:
    """Reporters of one page, matched by printed name, created when unknown."""

    def __init__(self, names):
        self.by_name = {}
        for reporter in Reporter.objects.filter(name__in=names).order_by(
            "-is_active", "pk"
        ):
            self.by_name.setdefault(reporter.name, []).append(reporter)
        self.created = []

    def find_or_create(self, credit):
        """Return ``(reporter, ambiguous)`` for a byline credit."""
        candidates = self.by_name.get(credit.name)
        if not candidates:
            # Correspondents and archive bylines have no login; staff who
            # sign in later are linked to this profile in the admin.
            reporter = Reporter.objects.create(name=credit.name, title=credit.title)
            self.by_name[credit.name] = [reporter]
            self.created.append(credit.name)
            return reporter, False
        same_title = [r for r in candidates if r.title == credit.title]
        return (same_title or candidates)[0], len(candidates) > 1
