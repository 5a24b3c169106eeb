from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, PreviewLink
from tests.articles.test_admin import article_form_data, inline_management
from tests.factories import make_article, make_department, make_reporter, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]


@pytest.fixture
def editor(client):
    user = make_user(groups=["editors"])
    client.force_login(user)
    return user


def save_via_admin(client, article, **changes):
    article.refresh_from_db()
    data = article_form_data(
        **{
            "headline": article.headline,
            "dek": article.dek,
            "body": article.body,
            "expected_version": article.version,
            **changes,
        }
    )
    data.update(inline_management("photos"))
    bylines = list(article.bylines.all())
    data.update(
        {
            "bylines-TOTAL_FORMS": str(len(bylines)),
            "bylines-INITIAL_FORMS": str(len(bylines)),
        }
    )
    for n, byline in enumerate(bylines):
        data.update(
            {
                f"bylines-{n}-id": byline.pk,
                f"bylines-{n}-article": article.pk,
                f"bylines-{n}-reporter": byline.reporter_id,
                f"bylines-{n}-role": byline.role,
                f"bylines-{n}-order": byline.order,
            }
        )
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


class TestRevisions:
    def test_every_admin_save_keeps_a_revision_with_bylines_and_tags(
        self, client, editor
    ):
        article = make_article(
            headline="初稿标题", bylines=[(make_reporter(name="罗晓"), "text")]
        )
        save_via_admin(client, article, tags="民生")
        save_via_admin(client, article, headline="二稿标题", tags="民生, 交通")

        versions = Version.objects.get_for_object(article)
        assert len(versions) == 2
        assert versions[0].field_dict["headline"] == "二稿标题"
        revision = versions[1].revision
        assert revision.version_set.filter(content_type__model="byline").exists()
        assert (
            revision.version_set.filter(content_type__model="taggedarticle").count()
            == 1
        )

    def test_compare_shows_a_readable_diff(self, client, editor):
        article = make_article(headline="初稿标题", body="<p>临水路今天通车。</p>")
        save_via_admin(client, article)
        save_via_admin(
            client, article, headline="二稿标题", body="<p>临水路明天通车。</p>"
        )
        newer, older = Version.objects.get_for_object(article)

        response = client.get(
            reverse("admin:articles_article_compare", args=[article.pk]),
            {"a": older.pk, "b": newer.pk},
        )

        assert response.status_code == 200
        assert "<del>初</del><ins>二</ins>稿标题" in response.text
        assert "<del>今</del><ins>明</ins>天通车" in response.text

    def test_compare_with_bad_input_redirects_with_a_message(self, client, editor):
        article = make_article()
        url = reverse("admin:articles_article_compare", args=[article.pk])

        for params in ({}, {"a": "x", "b": "1"}, {"a": "999", "b": "998"}):
            response = client.get(url, params)
            assert response.status_code == 302

    def test_restore_brings_back_words_bylines_and_tags_not_state(self, client, editor):
        first_reporter = make_reporter(name="罗晓")
        article = make_article(
            headline="初稿标题",
            department=make_department(),
            bylines=[(first_reporter, "text")],
        )
        save_via_admin(client, article, tags="民生", department=article.department_id)
        old = Version.objects.get_for_object(article)[0]
        article.bylines.all().delete()
        article.bylines.create(reporter=make_reporter(name="钱程"), role="text")
        save_via_admin(
            client,
            article,
            headline="二稿标题",
            tags="交通",
            department=article.department_id,
        )
        article.publish(editor)

        url = reverse("admin:articles_article_restore", args=[article.pk, old.pk])
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 302

        article.refresh_from_db()
        assert article.headline == "初稿标题"
        assert article.byline_text() == "记者 罗晓"
        assert list(article.tags.names()) == ["民生"]
        assert article.is_published()
        assert article.events.last().action == "restore"
        assert len(Version.objects.get_for_object(article)) == 3

    def test_restore_brings_back_the_kicker_kind_and_source(self, client, editor):
        article = make_article(headline="稻谷飘香")
        save_via_admin(
            client, article, kicker="喜迎丰收节", kind="photo", source="新华社"
        )
        old = Version.objects.get_for_object(article)[0]
        save_via_admin(client, article, kicker="", kind="story", source="")

        url = reverse("admin:articles_article_restore", args=[article.pk, old.pk])
        assert client.post(url).status_code == 302

        article.refresh_from_db()
        assert (article.kicker, article.kind, article.source) == (
            "喜迎丰收节",
            "photo",
            "新华社",
        )

    def test_reporter_cannot_restore_a_submitted_story(self, client):
        reporter = make_user(groups=["reporters"])
        make_reporter(user=reporter)
        article = make_article(created_by=reporter, headline="原标题")
        client.force_login(reporter)
        save_via_admin(client, article)
        version = Version.objects.get_for_object(article)[0]
        Article.objects.filter(pk=article.pk).update(status="submitted")

        url = reverse("admin:articles_article_restore", args=[article.pk, version.pk])
        client.post(url)

        assert Article.objects.get(pk=article.pk).status == "submitted"
        assert article.events.filter(action="restore").count() == 0


class TestPreview:
    def test_staff_preview_of_a_draft_is_never_cached_or_indexed(self, client, editor):
        article = make_article(headline="未发布的稿件")

        response = client.get(
            reverse("admin:articles_article_preview", args=[article.pk])
        )

        assert response.status_code == 200
        assert "未发布的稿件" in response.text
        assert "noindex" in response.text
        assert "no-cache" in response["Cache-Control"]
        assert response["X-Robots-Tag"].startswith("noindex")

    def test_other_reporter_cannot_preview(self, client):
        article = make_article()
        stranger = make_user(groups=["reporters"])
        client.force_login(stranger)

        response = client.get(
            reverse("admin:articles_article_preview", args=[article.pk])
        )

        assert response.status_code in (302, 404)
        assert article.headline not in response.text

    def test_shareable_link_works_without_an_account_until_it_expires(
        self, client, editor
    ):
        article = make_article(headline="待核实的稿件")
        response = client.post(
            reverse(
                "admin:articles_article_transition", args=[article.pk, "preview_link"]
            ),
            {"note": "请受访者核对引语", "hours": "48"},
        )
        assert response.status_code == 302
        link = PreviewLink.objects.get()
        assert article.events.last().action == "preview_link"

        reader = type(client)()
        page = reader.get(link.get_absolute_url())
        assert page.status_code == 200
        assert "待核实的稿件" in page.text
        assert "noindex" in page.text
        assert "no-cache" in page["Cache-Control"]

        with time_machine.travel(timezone.now() + timedelta(hours=49)):
            assert reader.get(link.get_absolute_url()).status_code == 404

    def test_revoked_link_stops_working(self, client, editor):
        article = make_article()
        link = article.create_preview_link(editor, note="律师")
        url = reverse(
            "admin:articles_article_revoke_preview", args=[article.pk, link.pk]
        )

        assert client.get(url).status_code == 200
        client.post(url)

        assert type(client)().get(link.get_absolute_url()).status_code == 404
        assert article.events.last().action == "revoke_preview_link"

    @pytest.mark.parametrize("token", ["nope", "x" * 200, "%00", "' OR 1=1 --"])
    def test_unknown_tokens_are_refused(self, client, token):
        make_article()
        assert client.get(f"/preview/{token}/").status_code in (400, 404)

    def test_reporter_cannot_create_preview_links(self, client):
        reporter = make_user(groups=["reporters"])
        make_reporter(user=reporter)
        article = make_article(created_by=reporter)
        client.force_login(reporter)

        response = client.post(
            reverse(
                "admin:articles_article_transition", args=[article.pk, "preview_link"]
            ),
            {"note": "x", "hours": "2"},
        )

        assert response.status_code == 403
        assert not PreviewLink.objects.exists()
