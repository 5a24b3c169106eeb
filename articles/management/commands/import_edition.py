"""Import the plain text of printed pages as articles."""

import os
import unicodedata
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, no_translations

from articles.importing.decoding import UndecodablePage, check_page_size, decode_page
from articles.importing.pages import (
    BadPageLabel,
    MissingEdition,
    clean_page_label,
    page_target,
)
from articles.importing.parser import parse_page
from articles.importing.service import (
    DRAFT,
    PUBLISHED,
    SUBMITTED,
    check_import_allowed,
    describe_warning,
    import_page,
)
from articles.importing.writing import printed_credits
from articles.workflow import WorkflowError
from newsroom.db import refresh_planner_statistics
from staff.models import Department

BAR_WIDTH = 30


def display_width(text):
    """Count terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit(text, width):
    """Cut or pad ``text`` to exactly ``width`` terminal columns."""
    if display_width(text) > width:
        while display_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - display_width(text))


def lower_priority(niceness):
    """Run at ``niceness`` at least; a process already lower stays so."""
    if not 0 <= niceness <= 19:
        raise CommandError(f"--nice must be between 0 and 19, not {niceness}.")
    if hasattr(os, "nice"):
        current = os.nice(0)
        if current < niceness:
            os.nice(niceness - current)


def edition_date(value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}.") from exc


class Command(BaseCommand):
    help = (
        "Import printed pages (plain text in UTF-8, UTF-8 with BOM, GB18030/GBK "
        "or UTF-16) as articles, one transaction per file. Stories already "
        "imported are skipped, so running it again is safe."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--date",
            help="Date of the printed edition, YYYY-MM-DD; datelines take its year. "
            "Default: the date in each page's masthead.",
        )
        parser.add_argument(
            "--page",
            help="Page in the edition (3, or A01 for a lettered page). Default: "
            "the page in each file's masthead.",
        )
        parser.add_argument(
            "--department",
            help="Slug of the desk the stories belong to. Default: the desk of "
            "--user's reporter profile, else none.",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--publish",
            action="store_const",
            dest="mode",
            const=PUBLISHED,
            help="Publish at once, dated the edition's morning (archive back-fill).",
        )
        mode.add_argument(
            "--draft",
            action="store_const",
            dest="mode",
            const=DRAFT,
            help="Create drafts for the bylined reporters instead of submitting.",
        )
        parser.set_defaults(mode=SUBMITTED)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be imported without saving anything.",
        )
        parser.add_argument("--user", help="Username recorded as the importer.")
        parser.add_argument(
            "--nice",
            type=int,
            metavar="N",
            help=(
                "Run at CPU niceness N or lower in priority, 0 to 19 (default: "
                "DJANGO_IMPORT_NICENESS, 10): on a machine that also serves "
                "the site, readers' pages come first."
            ),
        )

    # The summary is for the terminal, in English like the other commands.
    @no_translations
    def handle(self, *args, files, page, department, mode, dry_run, user, **options):
        # Checked here, not by argparse: an error raised by an argparse type
        # function escapes as a traceback.
        edition = edition_date(options["date"])
        self.verbosity = options["verbosity"]
        niceness = options["nice"]
        lower_priority(
            settings.NEWSROOM_IMPORT_NICENESS if niceness is None else niceness
        )
        try:
            label = clean_page_label(page)
        except BadPageLabel as exc:
            raise CommandError(
                f"--page must be between 1 and 999, or a letter and a number "
                f"(A01), not {page!r}."
            ) from exc
        importer = self.find_user(user)
        try:
            check_import_allowed(importer, mode)
        except WorkflowError as exc:
            raise CommandError(f"{user}: {exc}") from exc
        desk = self.find_department(department, importer)
        pages = self.read_pages(files, edition)

        results = []
        for done, (name, parsed) in enumerate(pages, start=1):
            results.append(
                import_page(
                    parsed,
                    name=name,
                    edition=edition,
                    print_page=label or None,
                    department=desk,
                    mode=mode,
                    user=importer,
                    dry_run=dry_run,
                )
            )
            if len(pages) > 1 and self.verbosity >= 1:
                self.progress(done, len(pages))
        if not dry_run:
            refresh_planner_statistics()

        if self.verbosity >= 1:
            for result in results:
                self.report(result)
        created = sum(result.created for result in results)
        joined = sum(result.joined for result in results)
        skipped = sum(result.already_imported for result in results)
        warnings = sum(result.warning_count for result in results)
        verb = "Would create" if dry_run else "Created"
        summary = f"{verb} {created} articles from {len(results)} file(s); "
        if joined:
            summary += f"{joined} joined to their other page; "
        summary += f"{skipped} already imported; {warnings} warnings."
        if dry_run:
            summary += " Dry run: nothing was saved."
        self.stdout.write(self.style.SUCCESS(summary))

    def find_user(self, username):
        if not username:
            return None
        User = get_user_model()
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"No login named {username!r}.") from exc

    def find_department(self, slug, importer):
        if slug is None:
            reporter = getattr(importer, "reporter", None) if importer else None
            return reporter.department if reporter else None
        desk = Department.objects.filter(slug=slug).first()
        if desk is None:
            known = (
                ", ".join(Department.objects.values_list("slug", flat=True))
                or "none yet"
            )
            raise CommandError(f"No department with slug {slug!r}. Known: {known}.")
        return desk

    def read_pages(self, files, edition):
        """Read, decode and parse every file before importing any."""
        pages, problems = [], []
        for name in files:
            path = Path(name)
            try:
                # The size first: a huge file is refused before it is read.
                check_page_size(path.stat().st_size, name)
                text = decode_page(path.read_bytes(), name)
            except OSError as exc:
                problems.append(f"{name}: cannot be read ({exc.strerror}).")
                continue
            except UndecodablePage as exc:
                problems.append(str(exc))
                continue
            parsed = parse_page(text, edition=edition)
            if not parsed.stories:
                problems.append(
                    f"{name}: no stories found (a headline followed by 本报讯 or "
                    f"ending in a byline); is it a newspaper page?"
                )
                continue
            try:
                page_target(parsed, edition=edition)
            except MissingEdition:
                problems.append(
                    f"{name}: no edition date: give --date, or import a page "
                    f"whose masthead prints it (东湖日报 2025年10月3日 星期五 第1版)."
                )
                continue
            pages.append((name, parsed))
        if problems:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {p}" for p in problems)
            )
        return pages

    def progress(self, done, total):
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        ending = "\n" if done == total else ""
        self.stderr.write(f"\r[{bar}] {done}/{total} files", ending=ending)

    def report(self, result):
        if result.created == 0 and result.joined == 0:
            state = f"already imported ({result.already_imported} stories)"
        else:
            state = f"{len(result.stories)} stories"
            if result.already_imported:
                state += f", {result.already_imported} already imported"
        target = result.target
        where = " ".join(
            part
            for part in (
                target.edition.isoformat(),
                f"page {target.label}" if target.label else "",
                target.name,
            )
            if part
        )
        self.stdout.write(
            self.style.MIGRATE_HEADING(f"{result.name} ({where}): {state}")
        )
        for notice in result.notices:
            self.stdout.write(self.style.WARNING(f"  {notice}"))
        columns = [
            ("#", 3),
            ("Headline", 44),
            ("Dateline", 10),
            ("Byline", 34),
            ("Paras", 5),
            ("Status", 8),
            ("Warnings", 8),
        ]
        self.stdout.write("  ".join(fit(title, width) for title, width in columns))
        for number, story_result in enumerate(result.stories, start=1):
            story = story_result.story
            dateline = (
                story.dateline.isoformat()
                if story.dateline
                else story.dateline_text or "-"
            )
            if story_result.already_imported:
                status = "skipped"
            elif story_result.joined_with is not None:
                status = "joined"
            else:
                status = "new"
            count = len(story_result.warnings)
            cells = [
                str(number),
                story.headline,
                dateline,
                printed_credits(story) or "-",
                str(len(story.paragraphs)),
                status,
                str(count or "-"),
            ]
            self.stdout.write(
                "  ".join(
                    fit(cell, width)
                    for cell, (_title, width) in zip(cells, columns, strict=True)
                ).rstrip()
            )
        for number, story_result in enumerate(result.stories, start=1):
            if story_result.joined_with is not None:
                self.stdout.write(
                    f"  {number}. Joined to its other part, on page "
                    f"{story_result.joined_with.label}."
                )
            for warning in story_result.warnings:
                self.stdout.write(
                    self.style.WARNING(f"  {number}. {describe_warning(warning)}")
                )
        for piece in result.page.unparsed:
            self.stdout.write(
                self.style.WARNING(f"  Unparsed line {piece.line}: {piece.text}")
            )
        if result.new_reporters:
            self.stdout.write(
                f"  New reporters (no login): {', '.join(result.new_reporters)}"
            )
