from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.urls import set_script_prefix
from django.utils import timezone

from articles.models import Article, Byline
from tests.factories import (
    make_article,
    make_department,
    make_photo,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = pytest.mark.django_db


class TestPublishedQuerySet:
    def test_includes_only_published_articles_whose_time_has_come(self):
        now = timezone.now()
        visible = make_published_article(published_at=now - timedelta(minutes=1))
        make_published_article(published_at=now + timedelta(minutes=1))
        make_article(status=Article.Status.DRAFT)
        make_article(status=Article.Status.SUBMITTED)
        make_article(
            status=Article.Status.UNPUBLISHED, published_at=now - timedelta(days=1)
        )

        assert list(Article.objects.published()) == [visible]

    def test_instance_twin_agrees_with_the_queryset(self):
        now = timezone.now()
        past = make_published_article(published_at=now - timedelta(seconds=5))
        future = make_published_article(published_at=now + timedelta(hours=1))
        draft = make_article(published_at=now - timedelta(hours=1))

        assert past.is_published()
        assert not future.is_published()
        assert not draft.is_published()

    def test_by_reporter_and_in_department_chain(self):
        desk = make_department()
        reporter = make_reporter()
        mine = make_published_article(
            department=desk,
            bylines=[(reporter, Byline.Role.TEXT), (reporter, Byline.Role.PHOTO)],
        )
        make_published_article(department=desk)
        make_published_article(bylines=[(reporter, Byline.Role.TEXT)])

        found = Article.objects.published().in_department(desk).by_reporter(reporter)
        assert list(found) == [mine]

    def test_last_public_edit_is_the_newest_edit_the_public_can_read(self):
        now = timezone.now()
        assert Article.objects.last_public_edit() is None
        public = make_published_article(published_at=now - timedelta(days=2))
        other = make_published_article(published_at=now - timedelta(days=1))
        draft = make_article()
        edited = now - timedelta(hours=1)
        Article.objects.filter(pk=public.pk).update(updated_at=edited)
        Article.objects.filter(pk=other.pk).update(updated_at=now - timedelta(hours=3))
        Article.objects.filter(pk=draft.pk).update(updated_at=now)
        assert Article.objects.last_public_edit() == edited

        # More scheduled stories edited since than the walk looks at.
        scheduled = Article.objects.bulk_create(
            Article(
                headline=f"定时{n}",
                slug=f"scheduled-{n}",
                status=Article.Status.PUBLISHED,
                published_at=now + timedelta(days=1),
            )
            for n in range(101)
        )
        Article.objects.filter(pk__in=[a.pk for a in scheduled]).update(updated_at=now)
        assert Article.objects.last_public_edit() == edited

    def test_published_article_needs_a_publication_time(self):
        with pytest.raises(IntegrityError):
            make_article(status=Article.Status.PUBLISHED, published_at=None)


class TestDerivedFields:
    def test_slug_is_pinyin_of_the_headline_and_unique(self):
        first = make_article(headline="经开区开展义务植树活动")
        second = make_article(headline="经开区开展义务植树活动")

        assert first.slug == "jing-kai-qu-kai-zhan-yi-wu-zhi-shu-huo-dong"
        assert second.slug == "jing-kai-qu-kai-zhan-yi-wu-zhi-shu-huo-dong-2"

    def test_address_follows_a_new_slug_or_publication_day(self):
        article = make_published_article(
            slug="old-slug", published_at=datetime(2023, 3, 16, 2, 0, tzinfo=UTC)
        )
        assert article.get_absolute_url() == "/2023/3/16/old-slug/"

        article.slug = "new-slug"
        assert article.get_absolute_url() == "/2023/3/16/new-slug/"
        article.published_at = datetime(2023, 3, 17, 2, 0, tzinfo=UTC)
        assert article.get_absolute_url() == "/2023/3/17/new-slug/"

    def test_address_follows_the_script_prefix_and_time_zone(self):
        # Addresses are remembered per process; what reverse() reads from the
        # request must still change them.
        article = make_published_article(
            slug="night", published_at=datetime(2023, 3, 16, 17, 0, tzinfo=UTC)
        )
        assert article.get_absolute_url() == "/2023/3/17/night/"
        set_script_prefix("/paper/")
        try:
            assert article.get_absolute_url() == "/paper/2023/3/17/night/"
        finally:
            set_script_prefix("/")
        with timezone.override(UTC):
            assert article.get_absolute_url() == "/2023/3/16/night/"

    def test_long_headline_gives_a_slug_cut_at_a_syllable(self):
        article = make_article(headline="经开区" * 30)

        assert len(article.slug) <= 80
        assert not article.slug.endswith("-")
        assert article.slug.split("-")[-1] in {"jing", "kai", "qu"}

    def test_explicit_slug_is_kept(self):
        assert make_article(slug="tree-planting").slug == "tree-planting"

    def test_character_count_follows_the_body(self):
        article = make_article(body="<p>本报讯 3月16日，2023年CBD项目开工。</p>")
        # 本报讯(3) 3 月 16 日 ，2023 年 CBD 项目开工(4) 。
        assert article.char_count == 16

        article.body = "<p>植树。</p>"
        article.save(update_fields=["body"])
        article.refresh_from_db()
        assert article.char_count == 3

    @pytest.mark.parametrize(
        ("dirty", "clean"),
        [
            ("<p>好<script>alert(1)</script></p>", "<p>好</p>"),
            ('<p onclick="steal()">好</p>', "<p>好</p>"),
            ('<p><a href="javascript:alert(1)">链接</a></p>', "<p><a rel"),
            ('<p style="color:red">好</p>', "<p>好</p>"),
            ("<style>p{}</style><p>好</p>", "<p>好</p>"),
            ('<img src="x" onerror="steal()"><p>好</p>', "<p>好</p>"),
            ("<iframe src='https://evil.example'></iframe>", ""),
        ],
    )
    def test_body_is_sanitized_on_every_save(self, dirty, clean):
        article = make_article(body=dirty)
        article.refresh_from_db()

        assert article.body.startswith(clean)
        for forbidden in ("script", "onclick", "javascript:", "style", "onerror"):
            assert forbidden not in article.body

    def test_allowed_markup_survives(self):
        html = (
            "<h2>小标题</h2><p><strong>粗</strong><em>斜</em>"
            '<a href="https://example.com/">链接</a></p>'
            "<ul><li>一</li></ul><ol><li>二</li></ol><blockquote><p>引</p></blockquote>"
        )
        article = make_article(body=html)

        for tag in (
            "<h2>",
            "<strong>",
            "<em>",
            '<a href="https://example.com/"',
            "<ul>",
            "<ol>",
            "<blockquote>",
        ):
            assert tag in article.body


class TestBylineText:
    def test_one_reporter_with_text_and_photo(self):
        lu = make_reporter(name="罗晓")
        article = make_article(
            bylines=[(lu, Byline.Role.TEXT), (lu, Byline.Role.PHOTO)]
        )
        assert article.byline_text() == "记者 罗晓 文/图"

    def test_text_only_byline_prints_no_role(self):
        article = make_article(bylines=[(make_reporter(name="罗晓"), "text")])
        assert article.byline_text() == "记者 罗晓"

    def test_writer_and_photographer(self):
        writer = make_reporter(name="赵一", title="trainee")
        shooter = make_reporter(name="孙二", title="reporter")
        article = make_article(bylines=[(writer, "text"), (shooter, "photo")])
        assert article.byline_text() == "见习记者 赵一 文 记者 孙二 图"

    def test_reporter_with_correspondent(self):
        article = make_article(
            bylines=[
                (make_reporter(name="罗晓"), "text"),
                (make_reporter(name="张三", title="correspondent"), "correspondent"),
            ]
        )
        assert article.byline_text() == "记者 罗晓 通讯员 张三"

    def test_listed_story_prints_its_byline_from_the_listing(
        self, django_assert_num_queries
    ):
        writer = make_reporter(name="赵一", title="trainee")
        shooter = make_reporter(name="孙二")
        story = make_published_article(bylines=[(writer, "text"), (shooter, "photo")])
        first, second = make_photo(story, order=1), make_photo(story, order=0)
        for listed in [
            Article.objects.filter(pk=story.pk).for_listing().get(),
            Article.objects.filter(pk=story.pk).summaries().get(),
        ]:
            with django_assert_num_queries(0):
                assert listed.byline_text() == "见习记者 赵一 文 记者 孙二 图"
                assert listed.lead_photo() == second
                assert listed.photos_in_order() == [second, first]
                assert listed.get_absolute_url() == story.get_absolute_url()
        plain = Article.objects.get(pk=story.pk)
        assert plain.byline_text() == listed.byline_text()
        assert plain.lead_photo() == second


class TestDeletesNeverCascadeIntoArticles:
    def test_department_with_articles_cannot_be_deleted(self):
        desk = make_department()
        article = make_article(department=desk)

        with pytest.raises(ProtectedError):
            desk.delete()
        assert Article.objects.filter(pk=article.pk).exists()

    def test_credited_reporter_cannot_be_deleted(self):
        reporter = make_reporter()
        article = make_article(bylines=[(reporter, "text")])

        with pytest.raises(ProtectedError):
            reporter.delete()
        assert article.bylines.count() == 1

    def test_photo_credit_protects_the_reporter(self):
        reporter = make_reporter()
        make_photo(make_article(), credit_reporter=reporter)

        with pytest.raises(ProtectedError):
            reporter.delete()

    def test_deleting_a_user_keeps_their_articles_and_profile(self):
        user = make_user()
        reporter = make_reporter(user=user)
        article = make_article(created_by=user, bylines=[(reporter, "text")])

        user.delete()

        article.refresh_from_db()
        reporter.refresh_from_db()
        assert article.created_by is None
        assert reporter.user is None

    def test_unused_department_can_be_deleted(self):
        desk = make_department()
        desk.delete()
        assert not type(desk).objects.filter(pk=desk.pk).exists()


def test_photo_stores_its_dimensions():
    photo = make_photo(make_article())
    assert (photo.width, photo.height) == (64, 48)


def test_reporter_slug_comes_from_pinyin():
    reporter = make_reporter(name="罗晓", slug="")
    again = make_reporter(name="罗晓", slug="")
    assert reporter.slug == "luo-xiao"
    assert again.slug == "luo-xiao-2"
