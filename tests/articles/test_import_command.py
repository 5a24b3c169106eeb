import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from staff.models import Reporter
from tests.articles.import_samples import sample_path, sample_text, seed_path
from tests.factories import make_department, make_reporter, make_user

pytestmark = pytest.mark.django_db


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_edition", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def write(tmp_path, name, text, encoding="utf-8", line_end="\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", line_end).encode(encoding))
    return str(path)


def test_seed_page_imports_from_the_command_line_with_a_summary():
    make_department(name="经开要闻", slug="jingkai")

    out, _err = run(
        str(seed_path()),
        "--date",
        "2023-03-20",
        "--page",
        "2",
        "--department",
        "jingkai",
    )

    assert (
        Article.objects.filter(
            status=Article.Status.SUBMITTED,
            print_edition=date(2023, 3, 20),
            print_page=2,
            department__slug="jingkai",
        ).count()
        == 9
    )
    assert "9 stories" in out
    assert "城市精细化管理工作推进会召开" in out
    assert "记者 鲁慧 文/图" in out
    assert "2023-03-16" in out
    assert "Text may be missing before paragraph 2" in out
    assert "New reporters (no login): 鲁慧" in out
    assert "Created 9 articles from 1 file(s); 0 already imported; 6 warnings." in out


def test_second_run_says_already_imported_and_creates_nothing():
    run(str(seed_path()), "--date", "2023-03-20")
    out, _err = run(str(seed_path()), "--date", "2023-03-20")
    assert "already imported (9 stories)" in out
    assert "Created 0 articles from 1 file(s); 9 already imported" in out
    assert Article.objects.count() == 9


@pytest.mark.parametrize(
    ("flag", "status"),
    [("--publish", Article.Status.PUBLISHED), ("--draft", Article.Status.DRAFT)],
)
def test_publish_and_draft_modes(flag, status):
    run(str(sample_path("one_story.txt")), "--date", "2024-05-08", flag)
    assert Article.objects.get().status == status


def test_publish_and_draft_exclude_each_other():
    with pytest.raises(CommandError, match="not allowed with"):
        run(
            str(sample_path("one_story.txt")),
            "--date",
            "2024-05-08",
            "--publish",
            "--draft",
        )


def test_dry_run_shows_the_table_and_saves_nothing():
    out, _err = run(
        str(sample_path("bylines.txt")), "--date", "2024-05-08", "--dry-run"
    )
    assert "见习记者 周文博 文 记者 林晓雪 图" in out
    assert "Would create 6 articles" in out
    assert "Dry run: nothing was saved." in out
    assert Article.objects.count() == 0
    assert Reporter.objects.count() == 0


def test_user_is_recorded_and_their_desk_is_the_default():
    desk = make_department(name="社会新闻", slug="society")
    editor = make_user(username="chief")
    make_reporter(name="程编辑", user=editor, department=desk)

    run(str(sample_path("one_story.txt")), "--date", "2024-05-08", "--user", "chief")

    article = Article.objects.get()
    assert (article.imported_by, article.created_by) == (editor, None)
    assert article.department == desk


def test_without_department_or_user_the_stories_have_no_desk():
    run(str(sample_path("one_story.txt")), "--date", "2024-05-08")
    article = Article.objects.get()
    assert article.department is None
    assert article.created_by is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2024-13-01"], "--date must be YYYY-MM-DD"),
        (["--date", "2024-05-08", "--department", "nope"], "No department with slug"),
        (["--date", "2024-05-08", "--user", "ghost"], "No login named 'ghost'"),
        (["--date", "2024-05-08", "--page", "0"], "--page must be between"),
    ],
)
def test_bad_options_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        run(str(sample_path("one_story.txt")), *args)
    assert Article.objects.count() == 0


def test_gbk_bom_and_crlf_files_import_like_utf8(tmp_path):
    text = sample_text("bylines.txt")
    files = [
        write(tmp_path, "gbk.txt", text, "gbk", "\r\n"),
        write(tmp_path, "bom.txt", text, "utf-8-sig", "\r\n"),
        write(tmp_path, "gb18030.txt", text, "gb18030"),
    ]
    out, _err = run(files[0], "--date", "2024-05-08")
    assert Article.objects.count() == 6
    headlines = set(Article.objects.values_list("headline", flat=True))
    assert "经开区召开夏季防汛工作部署会" in headlines

    out, _err = run(*files[1:], "--date", "2024-05-08")
    assert Article.objects.count() == 6
    assert "Created 0 articles from 2 file(s); 12 already imported" in out


def test_a_bad_file_is_named_and_nothing_is_imported(tmp_path):
    good = str(sample_path("one_story.txt"))
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff\xfe\x00\x00binary")
    not_news = str(sample_path("not_news.txt"))
    missing = str(tmp_path / "missing.txt")

    with pytest.raises(CommandError) as excinfo:
        run(good, str(binary), not_news, missing, "--date", "2024-05-08")

    message = str(excinfo.value)
    assert "Nothing was imported" in message
    assert f"{binary}: not text in UTF-8, GB18030/GBK or UTF-16" in message
    assert f"{not_news}: no stories found" in message
    assert f"{missing}: cannot be read" in message
    assert good not in message
    assert Article.objects.count() == 0


def test_many_files_show_a_progress_bar(tmp_path):
    files = [
        str(sample_path("one_story.txt")),
        str(sample_path("bylines.txt")),
        str(sample_path("no_lead.txt")),
    ]
    out, err = run(*files, "--date", "2024-05-08")
    assert "[" + "#" * 30 + "] 3/3 files" in err
    assert "1/3 files" in err
    assert "Created 9 articles from 3 file(s)" in out


def test_one_file_shows_no_progress_bar():
    _out, err = run(str(sample_path("one_story.txt")), "--date", "2024-05-08")
    assert err == ""


def test_unparsed_lines_are_reported():
    out, _err = run(str(sample_path("furniture.txt")), "--date", "2024-05-08")
    # The masthead is the page's header now, not an unplaced line.
    assert "Unparsed line 1:" not in out
    assert "Unparsed line 3: (上接第1版)" in out
    assert "Paragraph 4 continues on another page: (下转第3版)" in out


def test_an_impossible_date_is_one_line_on_the_command_line(tmp_path):
    """From a shell, a bad --date is one line naming it, not a traceback."""
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_edition",
            str(sample_path("one_story.txt")),
            "--date",
            "2023-02-30",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **os.environ,
            "DJANGO_SECRET_KEY": "k",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: --date must be YYYY-MM-DD, not '2023-02-30'."
    ]


def test_a_user_who_may_not_publish_cannot_import_as_published():
    make_user(username="reporter", groups=["reporters"])
    with pytest.raises(CommandError, match="may publish"):
        run(str(seed_path()), "--date", "2023-03-20", "--publish", "--user", "reporter")
    assert Article.objects.count() == 0


def test_the_masthead_gives_the_date_and_page_when_none_is_given():
    out, _err = run(str(sample_path("daily_front.txt")))

    assert "daily_front.txt (2025-10-03 page 1 要闻): 5 stories" in out
    assert set(Article.objects.values_list("print_edition", "print_page")) == {
        (date(2025, 10, 3), 1)
    }
    # The lead's parenthesis is the byline when none is printed under the text.
    assert "记者 何晓燕 实习生 谢雨桐" in out


def test_a_page_without_masthead_needs_a_date():
    with pytest.raises(CommandError) as excinfo:
        run(str(sample_path("one_story.txt")))
    assert "one_story.txt: no edition date: give --date" in str(excinfo.value)
    assert Article.objects.count() == 0


def test_a_masthead_that_disagrees_with_the_options_is_reported():
    out, _err = run(
        str(sample_path("daily_front.txt")), "--date", "2025-10-04", "--page", "2"
    )
    assert (
        "The masthead says 2025-10-03 (“2025年10月3日”) but the edition was given "
        "as 2025-10-04: imported as 2025-10-04." in out
    )
    assert "The masthead says page 1 but the page was given as 2" in out
    assert Article.objects.filter(print_edition=date(2025, 10, 4), print_page=2).count()


def test_a_lettered_page_is_taken_as_printed():
    run(str(sample_path("one_story.txt")), "--date", "2024-05-08", "--page", "A01")
    article = Article.objects.get()
    assert article.print_page is None
    assert [p.page.label for p in article.print_placements()] == ["A01"]


@pytest.mark.parametrize("value", ["0", "1000", "AB1", "第3版"])
def test_a_page_that_is_no_page_is_refused(value):
    with pytest.raises(CommandError, match="--page must be between 1 and 999"):
        run(str(sample_path("one_story.txt")), "--date", "2024-05-08", "--page", value)


@pytest.mark.parametrize(
    "order", [["daily_front", "continuation"], ["continuation", "daily_front"]]
)
def test_both_pages_of_a_jump_in_one_command_make_one_article(order):
    files = [str(sample_path(f"{name}.txt")) for name in order]

    out, _err = run(*files)

    assert "Created 8 articles from 2 file(s); 1 joined to their other page;" in out
    assert "Joined to its other part, on page" in out
    article = Article.objects.get(headline="我市新增5条城市公交线路")
    assert [p.page.label for p in article.print_placements()] == ["1", "3"]


def test_a_utf16_page_from_notepad_imports_like_utf8(tmp_path):
    text = sample_text("bylines.txt")
    files = [
        write(tmp_path, "unicode.txt", text, "utf-16", "\r\n"),
        write(tmp_path, "le.txt", text, "utf-16-le"),
        write(tmp_path, "be.txt", text, "utf-16-be"),
    ]
    out, _err = run(files[0], "--date", "2024-05-08")
    assert Article.objects.count() == 6
    assert "经开区召开夏季防汛工作部署会" in set(
        Article.objects.values_list("headline", flat=True)
    )
    out, _err = run(*files[1:], "--date", "2024-05-08")
    assert "Created 0 articles from 2 file(s); 12 already imported" in out


def test_a_broken_utf16_file_is_refused_naming_utf16(tmp_path):
    path = tmp_path / "broken.txt"
    # A BOM, then a lone high surrogate: no UTF-16 text.
    path.write_bytes(b"\xff\xfe" + "经开区".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(CommandError, match="looks like UTF-16"):
        run(str(path), "--date", "2024-05-08")


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    huge = tmp_path / "edition.txt"
    with huge.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    read = []
    original = Path.read_bytes
    monkeypatch.setattr(
        Path, "read_bytes", lambda self: read.append(self) or original(self)
    )

    with pytest.raises(CommandError) as excinfo:
        run(str(huge), str(sample_path("one_story.txt")), "--date", "2024-05-08")

    assert (
        f"{huge} is 20 MB, more than the 1 MB a page may be: import one page at a time"
        in str(excinfo.value)
    )
    assert huge not in read
    assert Article.objects.count() == 0


def _record_nice(monkeypatch, start=0):
    calls, level = [], [start]

    def nice(increment):
        calls.append(increment)
        level[0] += increment
        return level[0]

    monkeypatch.setattr(os, "nice", nice)
    return calls


@pytest.mark.parametrize(
    ("args", "configured", "raised_by"),
    [((), 10, [10]), (("--nice", "5"), 10, [5]), (("--nice", "0"), 10, [])],
)
def test_an_import_lowers_its_own_cpu_priority(
    tmp_path, monkeypatch, settings, args, configured, raised_by
):
    settings.NEWSROOM_IMPORT_NICENESS = configured
    make_user(is_superuser=True, username="chief")
    calls = _record_nice(monkeypatch)
    path = write(tmp_path, "a01.txt", sample_text("briefs.txt"))
    run(path, "--date", "2026-11-02", "--page", "1", "--user", "chief", *args)
    assert [n for n in calls if n] == raised_by


def test_a_process_already_lower_is_left_as_it_is(tmp_path, monkeypatch):
    calls = _record_nice(monkeypatch, start=15)
    from articles.management.commands.import_edition import lower_priority

    lower_priority(10)
    assert [n for n in calls if n] == []


@pytest.mark.parametrize("value", ["-1", "20"])
def test_a_niceness_out_of_range_is_a_one_line_error(tmp_path, value):
    with pytest.raises(CommandError, match="--nice must be between 0 and 19"):
        run(write(tmp_path, "a.txt", "x"), "--nice", value)
