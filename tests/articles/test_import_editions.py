"""The import places stories on the pages of their edition and joins jumps.

The pages are the hand-written samples: ``daily_front.txt`` (page 1, whose
last story jumps to page 3) and ``continuation.txt`` (page 3, which carries
that story's continuation under its repeated headline).
"""

import contextlib
import json
import re
import threading
from datetime import UTC, date, datetime, time

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import pre_save
from django.urls import reverse
from django.utils import timezone

from articles.body import plain_text
from articles.importing.pages import MissingEdition
from articles.importing.parser import parse_page
from articles.importing.service import PUBLISHED, import_page
from articles.models import Article, Byline, PrintPage, PrintPlacement
from staff.models import Reporter
from tests.articles.import_samples import sample_text
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

EDITION = date(2025, 10, 3)
JUMPED = "我市新增5条城市公交线路"
FRONT_PART = [
    "本报讯（记者 宋佳）为方便市民国庆假期出行，市公交集团自10月1日起新开通5条公交"
    "线路，覆盖城南新区、高铁站和多个大型居住区。新线路采用新能源车辆运营，首末班"
    "时间与地铁衔接。",
    "市公交集团相关负责人介绍，下一步将根据客流变化动态调整发车间隔，并在重点站点"
    "增设临时引导员。",
]
CONTINUATION = [
    "新线路开通首日，记者在城南新区公交首末站看到，不少市民专程前来体验。市民王女士"
    "说：“以前去高铁站要换乘两次，现在一趟车就到了。”",
    "据了解，市公交集团还将在年底前对全市200个公交站亭进行升级改造。",
]


def import_sample(name, **kwargs):
    page = parse_page(sample_text(name), edition=kwargs.get("edition"))
    return import_page(page, name=name, **kwargs)


def jumped_article():
    return Article.objects.get(headline=JUMPED)


class TestPages:
    def test_the_masthead_gives_the_edition_the_page_its_name_and_editors(self):
        result = import_sample("daily_front.txt")

        assert result.target.edition == EDITION
        assert result.target.edition_from_header and result.target.page_from_header
        assert result.notices == []
        page = PrintPage.objects.get(label="1")
        assert (page.edition, page.label, page.number, page.name, page.paper) == (
            EDITION,
            "1",
            1,
            "要闻",
            "东湖日报",
        )
        assert page.editors == [["责任编辑", "周海波"], ["美术编辑", "林珊"]]
        assert set(Article.objects.values_list("print_edition", "print_page")) == {
            (EDITION, 1)
        }

    def test_stories_are_placed_in_print_order_with_their_column(self):
        import_sample("daily_front.txt")

        placements = PrintPlacement.objects.select_related("article").order_by(
            "position"
        )
        assert [(p.position, p.headline, p.column) for p in placements] == [
            (1, "东湖区万人健步走活动举行", ""),
            (2, "市政府召开第三季度经济运行分析会", ""),
            (3, "全国铁路国庆假期运输平稳有序", ""),
            (4, "秋收时节稻谷香", "图片新闻"),
            (5, JUMPED, ""),
        ]
        assert all(p.article.headline == p.headline for p in placements)
        assert placements[4].continues_on == 3

    def test_what_the_importer_gives_wins_and_a_disagreeing_masthead_is_reported(
        self,
    ):
        result = import_sample(
            "daily_front.txt", edition=date(2025, 10, 4), print_page="2"
        )

        assert [n.split("：")[0] for n in result.notices] == [
            "报头上的日期是 2025-10-03（“2025年10月3日”），"
            "但填写的出版日期是 2025-10-04",
            "报头上是第 1 版，但填写的是 2 版",
        ]
        page = PrintPage.objects.get(label="2")
        assert (page.edition, page.label) == (date(2025, 10, 4), "2")
        # The name and editors are the masthead's page's, not page 2's.
        assert (page.name, page.editors) == ("", [])
        assert set(Article.objects.values_list("print_edition", "print_page")) == {
            (date(2025, 10, 4), 2)
        }

    def test_a_page_with_neither_masthead_nor_date_given_is_refused(self):
        with pytest.raises(MissingEdition, match="缺少出版日期"):
            import_sample("one_story.txt")
        assert Article.objects.count() == 0

    def test_a_lettered_page_keeps_its_label_and_no_number(self):
        import_sample("one_story.txt", edition=EDITION, print_page="a01")
        page = PrintPage.objects.get()
        assert (page.label, page.number, page.page_text) == ("A01", None, "A01版")
        assert Article.objects.get().print_page is None

    def test_a_page_named_once_keeps_its_name(self):
        import_sample("daily_front.txt")
        PrintPage.objects.filter(label="1").update(name="头版")
        import_sample("daily_front.txt")
        assert PrintPage.objects.get(label="1").name == "头版"

    def test_the_page_a_story_jumps_to_waits_empty_until_imported(self, client):
        import_sample("daily_front.txt", mode=PUBLISHED)
        waiting = PrintPage.objects.get(label="3")
        assert (waiting.name, waiting.placements.count()) == ("", 0)
        edition = client.get("/edition/2025-10-03/")
        assert edition.status_code == 200
        assert 'id="page-1"' in edition.text and 'id="page-3"' not in edition.text

        import_sample("continuation.txt", mode=PUBLISHED)
        waiting.refresh_from_db()
        assert (waiting.name, waiting.placements.count()) == ("要闻", 4)


class TestJumps:
    def check_joined(self):
        article = jumped_article()
        assert plain_text(article.body).splitlines() == FRONT_PART + CONTINUATION
        assert [
            (p.page.label, p.continues_on, p.continued_from)
            for p in article.print_placements()
        ] == [("1", 3, None), ("3", None, 1)]
        assert (article.print_edition, article.print_page) == (EDITION, 1)
        assert [(b.reporter.name, b.role) for b in article.bylines.all()] == [
            ("宋佳", "text")
        ]
        codes = [w["code"] for w in article.import_warnings]
        assert "jump" not in codes and "continued" not in codes
        assert "no_byline" not in codes
        return article

    def test_front_page_then_continuation_become_one_article(self):
        front = import_sample("daily_front.txt")
        pages = import_sample("continuation.txt")

        assert (front.created, front.joined) == (5, 0)
        assert (pages.created, pages.joined) == (3, 1)
        assert pages.stories[0].joined_with.label == "1"
        self.check_joined()
        assert Article.objects.filter(headline=JUMPED).count() == 1
        assert Article.objects.count() == 8

    def test_continuation_then_front_page_become_the_same_article(self):
        pages = import_sample("continuation.txt")
        assert jumped_article().print_page == 3
        front = import_sample("daily_front.txt")

        assert (pages.created, front.created, front.joined) == (4, 4, 1)
        article = self.check_joined()
        # The continuation's article took the first part's place and words.
        assert article.import_warnings == [{"code": "no_dateline", "text": ""}]
        assert Article.objects.count() == 8

    def test_importing_either_page_again_creates_and_joins_nothing(self):
        import_sample("daily_front.txt")
        import_sample("continuation.txt")
        body = jumped_article().body

        for name in ("continuation.txt", "daily_front.txt"):
            again = import_sample(name)
            assert (again.created, again.joined) == (0, 0)
        assert jumped_article().body == body
        assert Article.objects.count() == 8

    def test_a_dry_run_reports_the_join_and_keeps_nothing(self):
        import_sample("daily_front.txt")
        preview = import_sample("continuation.txt", dry_run=True)

        assert preview.joined == 1
        assert plain_text(jumped_article().body).splitlines() == FRONT_PART
        assert PrintPlacement.objects.filter(page__label="3").count() == 0

    def test_edits_made_before_the_join_are_kept(self):
        import_sample("continuation.txt")
        article = jumped_article()
        article.headline = "新增5条公交线路方便出行"
        article.body = article.body.replace("王女士", "王阿姨")
        article.save()

        import_sample("daily_front.txt")

        article.refresh_from_db()
        assert article.headline == "新增5条公交线路方便出行"
        assert "王阿姨" in article.body
        assert plain_text(article.body).startswith(FRONT_PART[0])

    def test_a_continuation_under_another_headline_is_not_joined(self):
        import_sample("daily_front.txt")
        text = sample_text("continuation.txt").replace(
            "（上接第1版）\n我市新增5条城市公交线路",
            "（上接第1版）\n秋季森林防火形势严峻",
        )
        result = import_page(parse_page(text), name="p3.txt")

        assert result.joined == 0
        assert Article.objects.filter(headline=JUMPED).count() == 1
        assert plain_text(jumped_article().body).splitlines() == FRONT_PART

    def test_a_join_into_a_story_the_importer_may_not_publish_is_refused(self):
        import_sample("continuation.txt", mode=PUBLISHED)
        reviewer = make_user(
            perm_names=[
                "articles.add_article",
                "articles.change_article",
                "articles.review_article",
                "articles.import_edition",
            ]
        )

        result = import_sample("daily_front.txt", user=reviewer)

        assert result.joined == 0
        head = Article.objects.filter(headline=JUMPED).exclude(
            status=Article.Status.PUBLISHED
        )
        assert [w["code"] for w in head.get().import_warnings][-1] == "join_refused"
        assert plain_text(jumped_article_published().body).splitlines() == (
            CONTINUATION
        )


def jumped_article_published():
    return Article.objects.get(headline=JUMPED, status=Article.Status.PUBLISHED)


class TestHonestArchives:
    def publication_time(self):
        return timezone.make_aware(datetime.combine(EDITION, time(6, 0)))

    def test_a_back_filled_story_was_last_modified_when_it_was_printed(self, client):
        import_sample("daily_front.txt", mode=PUBLISHED)
        article = Article.objects.get(headline="市政府召开第三季度经济运行分析会")
        printed = self.publication_time()
        assert article.updated_at == article.published_at == printed

        page = client.get(article.get_absolute_url()).text
        data = json.loads(
            page.split('<script type="application/ld+json">')[1].split("</script>")[0]
        )
        modified = datetime.fromisoformat(data["dateModified"])
        assert modified == datetime.fromisoformat(data["datePublished"]) == printed
        atom = client.get(reverse("articles:feed-atom")).text
        url = article.get_absolute_url()
        entry = next(e for e in atom.split("<entry>") if url in e)
        assert re.search(r"<updated>([^<]+)</updated>", entry).group(1) == (
            printed.astimezone(UTC).isoformat()
        )
        sitemap = client.get("/sitemap-articles.xml").text
        entry = next(e for e in sitemap.split("<url>") if url in e)
        assert re.search(r"<lastmod>([^<]+)</lastmod>", entry).group(1) == (
            printed.astimezone(UTC).isoformat()
        )

    def test_an_edit_makes_it_modified_now(self):
        import_sample("daily_front.txt", mode=PUBLISHED)
        article = Article.objects.get(headline="市政府召开第三季度经济运行分析会")
        article.dek = "前三季度主要指标好于预期"
        article.save()
        article.refresh_from_db()
        assert article.updated_at > article.published_at

    def test_a_join_of_two_back_filled_parts_keeps_the_printed_time(self):
        import_sample("continuation.txt", mode=PUBLISHED)
        import_sample("daily_front.txt", mode=PUBLISHED)
        article = jumped_article()
        assert article.updated_at == article.published_at == self.publication_time()

    def test_stories_for_review_keep_their_import_time(self):
        import_sample("daily_front.txt")
        article = Article.objects.first()
        assert article.published_at is None
        assert article.updated_at >= article.created_at


class TestCredits:
    def test_interns_and_graphics_get_the_roles_the_paper_prints(self):
        import_sample("daily_front.txt")
        import_sample("titles.txt", edition=EDITION)

        intern = Reporter.objects.get(name="谢雨桐")
        assert (intern.title, intern.printed_title) == ("intern", "实习生")
        assert not Reporter.objects.filter(name="实习生").exists()
        meeting = Article.objects.get(headline="市政府召开第三季度经济运行分析会")
        assert [(b.reporter.name, b.role) for b in meeting.bylines.all()] == [
            ("何晓燕", "text"),
            ("谢雨桐", Byline.Role.TRAINEE),
        ]
        assert meeting.byline_text() == "记者 何晓燕 实习生 谢雨桐"
        drawn = Byline.objects.get(reporter__name="叶青")
        assert drawn.role == Byline.Role.GRAPHICS
        assert drawn.article.byline_text().endswith("制图 叶青")
        assert drawn.get_role_display() == "制图"

    def test_a_wire_story_keeps_its_agency_and_creates_no_reporter(self):
        import_sample("daily_front.txt")
        wire = Article.objects.get(headline="全国铁路国庆假期运输平稳有序")
        assert (wire.source, wire.source_byline) == ("新华社", "记者 韦一鸣")
        assert not wire.bylines.exists()
        assert not Reporter.objects.filter(name="韦一鸣").exists()

    def test_a_photo_item_is_of_kind_photo_with_its_caption_as_text(self):
        import_sample("daily_front.txt")
        photo = Article.objects.get(headline="秋收时节稻谷香")
        assert photo.kind == Article.Kind.PHOTO
        assert plain_text(photo.body).startswith("10月1日，东湖区凤栖村")
        assert [(b.reporter.name, b.role) for b in photo.bylines.all()] == [
            ("孔德明", "photo")
        ]

    def test_the_kicker_and_subtitle_are_fields_not_text(self):
        import_sample("daily_front.txt")
        walk = Article.objects.get(headline="东湖区万人健步走活动举行")
        assert (walk.kicker, walk.dek) == (
            "喜迎国庆 共享欢乐",
            "沿湖步道串起12个打卡点",
        )
        assert "喜迎国庆 共享欢乐" not in walk.body


def test_the_migration_places_stories_imported_before_pages_were_kept():
    """0016 gives older printed stories a page and keeps their fingerprint."""
    migration = __import__(
        "articles.migrations.0016_print_pages_from_articles", fromlist=["x"]
    )
    first = make_article(
        print_edition=EDITION, print_page=2, import_fingerprint="a" * 64
    )
    second = make_article(print_edition=EDITION, print_page=2)
    unknown = make_article(print_edition=EDITION)
    make_article()

    migration.place_printed_stories(apps, None)

    placed = {
        p.article_id: (p.page.label, p.position, p.fingerprint)
        for p in PrintPlacement.objects.select_related("page")
    }
    assert placed == {
        first.pk: ("2", 1, "a" * 64),
        second.pk: ("2", 2, None),
        unknown.pk: ("", 1, None),
    }
    assert PrintPage.objects.get(label="2").number == 2


def test_a_page_imported_by_the_first_parser_is_recognised_again():
    """Its stories were hashed as headline, subtitle, paragraphs and byline."""
    from articles.importing.service import fingerprint, legacy_fingerprint

    page = parse_page(sample_text("own_line_bylines.txt"), edition=EDITION)
    story = page.stories[0]
    assert legacy_fingerprint(story, EDITION) != fingerprint(story, EDITION)
    old = make_article(
        headline=story.headline, import_fingerprint=legacy_fingerprint(story, EDITION)
    )

    result = import_page(page, name="again.txt", edition=EDITION)

    assert result.stories[0].already_imported
    assert result.stories[0].article.pk == old.pk
    assert result.created == len(page.stories) - 1
    assert Article.objects.filter(headline=story.headline).count() == 1


@pytest.mark.parametrize(
    ("kicker", "headline", "doubted"),
    [
        ("喜迎国庆 共享欢乐", "东湖区万人健步走活动举行", False),
        ("小区新变化", "老旧小区改造让居民住得更舒心", False),
        ("聚焦高质量发展·走进重点项目", "东湖光伏园投产", False),
        # Wrapped headlines: a bracket left open, a dangling word, or a first
        # line longer than the second without a break.
        ("区人大常委会开展《东湖区物业", "管理条例》执法检查", True),
        ("东湖区召开推进会部署秋冬季的", "重点工作", True),
        ("区人大常委会开展物业管理条例执法检查", "情况通报会召开", True),
    ],
)
def test_a_kicker_that_may_be_a_wrapped_headline_is_flagged(kicker, headline, doubted):
    text = f"{kicker}\n{headline}\n　　本报讯（记者 何晓燕）9月30日，检查组深入小区。\n"
    page = parse_page(text)
    assert (page.stories[0].kicker, page.stories[0].headline) == (kicker, headline)

    import_page(page, name="p.txt", edition=EDITION)

    codes = [w["code"] for w in Article.objects.get().import_warnings]
    assert ("kicker_or_wrap" in codes) is doubted


CHAIN = {
    1: "东湖日报　2025年10月3日　星期五　第1版　要闻\n\n"
    "城南新区学校建设全面提速\n"
    "　　本报讯（记者 易航）10月2日，城南新区三所新建学校同时进入主体施工阶段。"
    "（下转第3版）",
    3: "东湖日报　2025年10月3日　星期五　第3版　要闻\n\n"
    "城南新区学校建设全面提速\n"
    "（上接第1版）\n　　三所学校共设置学位4500个，预计明年秋季投入使用。（下转第5版）",
    5: "东湖日报　2025年10月3日　星期五　第5版　要闻\n\n"
    "城南新区学校建设全面提速\n"
    "（上接第3版）\n　　区教育局将同步做好师资招聘和设备采购工作。",
}


@pytest.mark.parametrize(
    "order", [(1, 3, 5), (5, 3, 1), (3, 5, 1), (1, 5, 3), (5, 1, 3)]
)
def test_a_story_jumping_over_three_pages_becomes_one_article(order):
    for number in order:
        import_page(parse_page(CHAIN[number]), name=f"p{number}.txt")

    if order in ((1, 5, 3), (5, 1, 3)):
        # Two parts already apart: the middle one joins the first part only.
        assert Article.objects.count() == 2
        return
    article = Article.objects.get()
    assert plain_text(article.body).splitlines() == [
        "本报讯（记者 易航）10月2日，城南新区三所新建学校同时进入主体施工阶段。",
        "三所学校共设置学位4500个，预计明年秋季投入使用。",
        "区教育局将同步做好师资招聘和设备采购工作。",
    ]
    assert [p.page.label for p in article.print_placements()] == ["1", "3", "5"]
    assert article.print_page == 1


@pytest.mark.django_db(transaction=True)
def test_both_pages_of_a_jump_imported_at_once_still_make_one_article():
    """The second import waits for the first's pages, then joins its part."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the PostgreSQL run races.")
    # Each import waits (a little) for the other to be about to save too:
    # without the pages' locks both would get there, neither seeing the other.
    both_saving = threading.Barrier(2, timeout=3)
    waited = threading.local()

    def wait_for_the_other(sender, instance, **kwargs):
        if sender is Article and not getattr(waited, "done", False):
            waited.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                both_saving.wait()

    results, errors = [], []

    def editor_imports(name):
        try:
            results.append(import_sample(name))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    pre_save.connect(wait_for_the_other)
    try:
        threads = [
            threading.Thread(target=editor_imports, args=[name])
            for name in ("daily_front.txt", "continuation.txt")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        pre_save.disconnect(wait_for_the_other)

    assert errors == []
    assert sum(result.joined for result in results) == 1
    assert Article.objects.filter(headline=JUMPED).count() == 1
