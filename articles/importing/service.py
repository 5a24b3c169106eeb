"""Create articles from parsed print pages: one page, one transaction.

Each story enters the workflow through ``Article.enter_from_print`` and is
placed on its page of the edition (``PrintPage``, ``PrintPlacement``); a
part of a story that jumps joins the article its other page made
(``jumps``). A page seen before is recognised by its stories' fingerprints,
and nothing of it is written again.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.db import share_write_lock
from staff.models import Reporter

from ..models import Article, ArticleEvent, Byline, PrintPlacement
from ..models.page_parts import new_story_parts
from ..workflow import Status, WorkflowError, import_refusal
from .jumps import JumpBook, join_part, may_join
from .pages import lock_jump_pages, page_target, print_page_for
from .parser import is_blank
from .stories import ParsedPage, ParsedStory
from .writing import article_fields, kicker_doubt

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
    "headline_inferred": lambda w: _(
        "No headline is printed: “%(text)s” was taken from the text; write a "
        "better one."
    ),
    "continued": lambda w: _(
        "This is the continuation of a story on another page %(text)s; it "
        "joins that story when its page is imported."
    ),
    "kicker_or_wrap": lambda w: _(
        "“%(text)s” was read as the kicker (引题) above the headline. If it is "
        "the headline's first line, wrapped, put the two lines on one line in "
        "the page text and preview again, or join them in the headline here."
    ),
    "join_refused": lambda w: _(
        "The other part of this story is in “%(text)s”, which you may not "
        "edit: join them by hand."
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
    # The page of the other part this story was joined to (a PrintPage).
    joined_with: object = None


@dataclass
class PageResult:
    name: str
    page: ParsedPage
    stories: list[StoryResult] = field(default_factory=list)
    new_reporters: list[str] = field(default_factory=list)
    target: object = None

    @property
    def created(self):
        return sum(
            1
            for r in self.stories
            if not (r.already_imported or r.joined_with is not None)
        )

    @property
    def written(self):
        """Stories the import writes: new articles and parts joined to one."""
        return self.created + self.joined

    @property
    def joined(self):
        return sum(1 for result in self.stories if result.joined_with is not None)

    @property
    def already_imported(self):
        return sum(1 for result in self.stories if result.already_imported)

    @property
    def warning_count(self):
        return sum(len(result.warnings) for result in self.stories)

    @property
    def notices(self):
        return self.target.notices if self.target is not None else []


def fingerprint(story, edition):
    """Return a stable hash of a printed story, blind to layout whitespace."""
    return _digest(story.fields(), edition)


def legacy_fingerprint(story, edition):
    """Return the hash the first parser gave a story read the same way.

    It hashed headline, subtitle, paragraphs and closing byline, in that
    order; a page imported then is recognised again by it, as long as its
    stories are cut where they were.
    """
    texts = [story.headline]
    if story.subtitle:
        texts.append(story.subtitle)
    texts.extend(story.paragraphs)
    if story.byline_text:
        texts.append(story.byline_text)
    return _digest(texts, edition)


def _digest(texts, edition):
    digest = hashlib.sha256(edition.isoformat().encode())
    for text in texts:
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
    edition=None,
    print_page=None,
    department=None,
    mode=SUBMITTED,
    user=None,
    dry_run=False,
    target=None,
):
    """Create the articles of a parsed page, all or none, skipping known ones.

    ``edition`` and ``print_page`` (a number or a label such as A01) default
    to what the page's masthead says (``pages.page_target``), unless the
    caller has worked out that ``target`` already. With
    ``dry_run`` everything is done and then rolled back, so the result says
    exactly what a real import would create.
    """
    if mode not in MODES:
        raise ValueError(f"Unknown import mode {mode!r}")
    check_import_allowed(user, mode)
    if target is None:
        label = "" if print_page is None else str(print_page)
        target = page_target(page, edition=edition, label=label)
    options = {
        "name": name,
        "target": target,
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


def _import(page, *, name, target, department, mode, user):
    result = PageResult(name=name, page=page, target=target)
    edition = target.edition
    stories = page.stories
    prints = [fingerprint(story, edition) for story in stories]
    existing = _imported_articles(
        prints, [legacy_fingerprint(story, edition) for story in stories]
    )
    if all(print_id in existing for print_id in prints):
        for story, print_id in zip(stories, prints, strict=True):
            result.stories.append(_already(story, existing[print_id]))
        return result
    lock_jump_pages(target, stories)
    print_page = print_page_for(target)
    jumps = JumpBook(edition, print_page, target.number, stories)
    reporters = _ReporterBook(
        {credit.name for story in stories for credit in story.credits}
    )
    bylines, events, placements, created, joined = [], [], [], [], []
    for position, (story, print_id) in enumerate(
        zip(stories, prints, strict=True), start=1
    ):
        if print_id in existing:
            result.stories.append(_already(story, existing[print_id]))
            continue
        story_result = StoryResult(story=story)
        result.stories.append(story_result)
        warnings = [warning.as_dict() for warning in story.warnings]
        doubt = kicker_doubt(story)
        if doubt:
            warnings.insert(0, doubt)
        credited = []
        for credit in story.credits:
            reporter, ambiguous = reporters.find_or_create(credit)
            if ambiguous:
                warnings.append({"code": "ambiguous_reporter", "text": credit.name})
            credited.extend((reporter, role) for role in credit.roles)
        placement = PrintPlacement(
            page=print_page,
            position=position,
            headline=story.headline[:200],
            column=story.column[:20],
            continues_on=story.continues_on,
            continued_from=story.continued_from,
            fingerprint=print_id,
        )
        other, first = _other_part(jumps, story)
        if other is not None and not may_join(other.article, user):
            warnings.append({"code": "join_refused", "text": other.article.headline})
            other = None
        if other is not None:
            article = join_part(
                other,
                story,
                warnings,
                credited,
                first=first,
                print_page=target.number,
                by=user,
                source=name,
            )
            story_result.joined_with = other.page
            joined.append(article.pk)
            story_result.warnings = article.import_warnings
        else:
            article = Article(
                **article_fields(story),
                department=department,
                print_edition=edition,
                print_page=target.number,
                imported_by=user,
                import_warnings=warnings,
                import_fingerprint=print_id,
            )
            event = article.enter_from_print(
                user, mode, published_at=_edition_morning(edition), source=name
            )
            seen, own = set(), []
            for reporter, role in credited:
                if (reporter.pk, role) not in seen:
                    seen.add((reporter.pk, role))
                    own.append(
                        Byline(
                            article=article,
                            reporter=reporter,
                            role=role,
                            order=len(seen),
                        )
                    )
            # Its bylines and placement are written in bulk below, with no
            # post_save: the story's copy of them goes in with its row.
            article.parts = new_story_parts(own, [placement])
            article.save()
            for byline in own:
                byline.article = article
            bylines.extend(own)
            events.append(event)
            created.append(article)
            story_result.warnings = warnings
        placement.article = article
        placements.append(placement)
        existing[print_id] = article.pk
        story_result.article = article
    Byline.objects.bulk_create(bylines)
    ArticleEvent.objects.bulk_create(events)
    PrintPlacement.objects.bulk_create(placements)
    if joined:
        # A joined story's new bylines and placement, written in bulk, with
        # no post_save: its copy of its parts is written afresh.
        Article.objects.filter(pk__in=joined).refresh_parts()
    if mode == PUBLISHED and created:
        # A back-filled story was last changed when it was printed, not when
        # it was typed in: feeds, sitemaps and JSON-LD say so until an edit.
        Article.objects.filter(pk__in=[a.pk for a in created]).update(
            updated_at=F("published_at")
        )
    result.new_reporters = reporters.created
    page_imported.send(sender=Article, result=result, edition=edition, user=user)
    return result


def _other_part(jumps, story):
    """Return the placement of the part ``story`` joins, and whether it goes first.

    A middle part (上接第1版 … 下转第5版) joins what came before it when that
    is imported, else what follows it.
    """
    if story.continued_from is not None:
        head = jumps.head_of(story)
        if head is not None:
            return head, False
    if story.continues_on is not None:
        continuation = jumps.continuation_of(story)
        if continuation is not None:
            return continuation, True
    return None, False


def _already(story, pk):
    return StoryResult(story=story, article=Article(pk=pk), already_imported=True)


def _edition_morning(edition):
    return timezone.make_aware(datetime.combine(edition, PUBLISH_TIME))


def _imported_articles(prints, legacy_prints):
    """Map the fingerprints already imported to their articles' ids.

    A story is known by its placement's print, or by the article's own
    (its placement removed by hand), or by the print the first parser gave
    it; the result is keyed by the current print either way.
    """
    wanted = set(prints)
    found = dict(
        PrintPlacement.objects.filter(fingerprint__in=wanted)
        .order_by()
        .values_list("fingerprint", "article_id")
    )
    missing = [
        (new, old)
        for new, old in zip(prints, legacy_prints, strict=True)
        if new not in found
    ]
    if missing:
        known = dict(
            Article.objects.filter(
                import_fingerprint__in={p for pair in missing for p in pair}
            )
            .order_by()
            .values_list("import_fingerprint", "pk")
        )
        for new, old in missing:
            if new in known or old in known:
                found[new] = known.get(new, known.get(old))
    return found


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
