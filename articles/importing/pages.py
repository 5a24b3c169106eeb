"""Which edition and page a parsed page is: from the importer, else its masthead.

``page_target()`` decides once, for the command and the admin alike: a date
or page the importing person gives wins over the masthead, and a masthead
that says otherwise is reported (``PageTarget.notices``) rather than
silently ignored. ``print_page_for()`` keeps the page's name and editors.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from ..models import PrintPage, page_label

# 3, 12, A01, B3: a page as the paper numbers it.
PAGE_LABEL = re.compile(r"[A-Za-z]?[0-9]{1,3}")
PAGE_MAX = 999


class MissingEdition(ValueError):
    """Neither the importer nor the page's masthead gives the edition date."""


class BadPageLabel(ValueError):
    """A page given by the importer is not a number or a letter and a number."""


def clean_page_label(value):
    """Return the label of a page typed by a person (``"3"``, ``"a01"``), or ""."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        return ""
    if not PAGE_LABEL.fullmatch(text):
        raise BadPageLabel(
            _("The page is a number from 1 to 999, or a letter and a number (A01).")
        )
    label = page_label(text)
    if label.isdigit() and not 1 <= int(label) <= PAGE_MAX:
        raise BadPageLabel(_("The page is a number from 1 to 999."))
    return label


@dataclass
class PageTarget:
    """The edition and page a parsed page is imported as, and where they came from."""

    edition: date
    label: str = ""
    name: str = ""
    paper: str = ""
    editors: list = field(default_factory=list)
    edition_from_header: bool = False
    page_from_header: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def number(self):
        return int(self.label) if self.label.isdigit() else None

    @property
    def page_text(self):
        return PrintPage(edition=self.edition, label=self.label).page_text


def header_label(header):
    if header.page is not None:
        return str(header.page)
    return page_label(header.page_label)


def page_target(page, *, edition=None, label=""):
    """Return the :class:`PageTarget` of ``page``; raise MissingEdition if none.

    ``edition`` and ``label`` are what the importing person gave, if anything.
    """
    header = page.header
    target = PageTarget(edition=edition or header.date)
    if target.edition is None:
        if header.date_text:
            raise MissingEdition(
                _(
                    "The masthead's date %(date)s is not a real date: give the "
                    "edition date."
                )
                % {"date": header.date_text}
            )
        raise MissingEdition(
            _("No edition date: the page has no masthead with a date; give it.")
        )
    target.edition_from_header = edition is None
    if edition is not None and header.date is not None and header.date != edition:
        target.notices.append(
            _(
                "The masthead says %(printed)s (“%(text)s”) but the edition was "
                "given as %(given)s: imported as %(given)s."
            )
            % {
                "printed": header.date.isoformat(),
                "text": header.date_text,
                "given": edition.isoformat(),
            }
        )
    printed = header_label(header)
    target.label = label or printed
    target.page_from_header = not label and bool(printed)
    if label and printed and printed != label:
        target.notices.append(
            _(
                "The masthead says page %(printed)s but the page was given as "
                "%(given)s: imported as page %(given)s, without the masthead's "
                "page name and editors."
            )
            % {"printed": printed, "given": label}
        )
    elif header:
        # The name and editors belong to the page the masthead numbers.
        target.name = header.page_name
        target.paper = header.paper
        target.editors = [[e.title, e.name] for e in header.editors]
    return target


def print_page_for(target):
    """Return the edition's page for ``target``, keeping what its header adds."""
    page, created = PrintPage.objects.get_or_create(
        edition=target.edition, label=target.label
    )
    changed = []
    for name in ("name", "paper", "editors"):
        value = getattr(target, name)
        # A page named once (or corrected in the admin) keeps its name.
        if value and not getattr(page, name):
            setattr(page, name, value)
            changed.append(name)
    if changed:
        page.save(update_fields=changed)
    return page


def lock_jump_pages(target, stories):
    """Lock this page and the pages its stories jump to or from, in order.

    Two pages of one jump imported at once would each miss the other's
    part; with their pages locked first (always in the same order, so no
    two imports wait for each other), the second sees the first's and
    joins it. Pages not imported yet get an empty row, named when they are.
    """
    if target.number is None:
        return
    others = {s.continued_from for s in stories if s.continued_from is not None}
    others |= {s.continues_on for s in stories if s.continues_on is not None}
    if not others:
        return
    labels = sorted({target.label, *(str(n) for n in others)})
    for label in labels:
        PrintPage.objects.get_or_create(edition=target.edition, label=label)
    list(
        PrintPage.objects.select_for_update()
        .filter(edition=target.edition, label__in=labels)
        .order_by("label")
        .values_list("pk", flat=True)
    )
