from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from tests.factories import (
    make_article,
    make_department,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Assert on the English messages; the Chinese ones are tested separately."""
    with translation.override("en"):
        yield


CHANGELIST = "admin:articles_article_changelist"


def publishable(**kwargs):
    kwargs.setdefault("department", make_department())
    kwargs.setdefault("bylines", [(make_reporter(), "text")])
    return make_article(**kwargs)


@pytest.fixture
def editor(client):
    user = make_user(groups=["editors"])
    client.force_login(user)
    return user


class TestDesk:
    def test_editor_sees_queue_oldest_first_scheduled_and_counts(self, client, editor):
        now = timezone.now()
        newer = publishable(
            headline="较新的待审稿",
            status="submitted",
            submitted_at=now - timedelta(minutes=5),
            review_round=1,
        )
        older = publishable(
            headline="较早的待审稿",
            status="submitted",
            submitted_at=now - timedelta(hours=3),
            review_round=1,
        )
        make_published_article(
            headline="明早见报", published_at=now + timedelta(hours=9)
        )
        make_article(headline="别人的草稿")

        response = client.get(reverse("admin:index"))

        text = response.text
        assert text.index(older.headline) < text.index(newer.headline)
        assert "3" in text.split(older.headline)[1].split("</tr>")[0]
        assert "明早见报" in text
        assert "别人的草稿" not in text
        counts = {value: n for value, _label, n in response.context["desk"]["counts"]}
        assert counts["submitted"] == 2
        assert counts["scheduled"] == 1

    def test_queue_leaves_out_stories_the_editor_wrote(self, client, editor):
        make_reporter(user=editor)
        own = publishable(
            headline="自己写的稿",
            status="submitted",
            created_by=editor,
            submitted_at=timezone.now(),
            review_round=1,
        )

        response = client.get(reverse("admin:index"))

        assert own not in response.context["desk"]["queue"]

    def test_reporter_sees_own_drafts_and_what_came_back(self, client):
        reporter = make_user(groups=["reporters"])
        make_reporter(user=reporter)
        mine = make_article(headline="我的草稿", created_by=reporter)
        make_article(headline="同事的草稿")
        returned = make_article(headline="被退回的稿", created_by=reporter)
        editor = make_user(groups=["editors"])
        returned.department = make_department()
        returned.save()
        returned.submit(reporter)
        returned.request_changes(editor, "请补充现场细节。")
        client.force_login(reporter)

        text = client.get(reverse("admin:index")).text

        assert mine.headline in text
        assert "同事的草稿" not in text
        assert "请补充现场细节。" in text

    def test_desk_runs_a_fixed_number_of_queries(
        self, client, editor, django_assert_max_num_queries
    ):
        for n in range(15):
            publishable(
                status="submitted",
                submitted_at=timezone.now(),
                review_round=1,
                headline=f"待审稿{n}",
            )
        with django_assert_max_num_queries(20):
            client.get(reverse("admin:index"))


class TestChangelist:
    def test_reporter_never_sees_colleagues_drafts(self, client):
        reporter = make_user(groups=["reporters"])
        make_reporter(user=reporter)
        bylined = make_article(
            headline="署名的稿", bylines=[(reporter.reporter, "text")]
        )
        make_article(headline="同事的草稿")
        client.force_login(reporter)

        response = client.get(reverse(CHANGELIST))

        assert list(response.context["cl"].result_list) == [bylined]

    @pytest.mark.parametrize("count", [5, 40])
    def test_editor_list_runs_a_fixed_number_of_queries(
        self, client, editor, django_assert_max_num_queries, count
    ):
        for _ in range(count):
            publishable()
        with django_assert_max_num_queries(14):
            response = client.get(reverse(CHANGELIST))
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "params",
        [
            {"state": "scheduled"},
            {"state": "nonsense"},
            {"reporter": "abc"},
            {"reporter": "999"},
            {"q": "' OR 1=1 --"},
            {"p": "x"},
        ],
    )
    def test_filters_tolerate_bad_input(self, client, editor, params):
        publishable()
        assert client.get(reverse(CHANGELIST), params).status_code in (200, 302)

    def test_scheduled_filter(self, client, editor):
        soon = make_published_article(published_at=timezone.now() + timedelta(hours=1))
        make_published_article()

        response = client.get(reverse(CHANGELIST), {"state": "scheduled"})

        assert list(response.context["cl"].result_list) == [soon]


class TestBulkActions:
    def post_action(self, client, action, articles, **extra):
        return client.post(
            reverse(CHANGELIST),
            {
                "action": action,
                ACTION_CHECKBOX_NAME: [a.pk for a in articles],
                **extra,
            },
            headers={"accept-language": "en"},
        )

    def test_bulk_publish_is_all_or_nothing(self, client, editor):
        good = publishable(headline="合格稿件")
        bad = make_article(headline="没有署名的稿件")

        response = self.post_action(client, "publish_selected", [good, bad])

        assert response.status_code == 302
        assert not Article.objects.published().exists()
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("没有署名的稿件" in m and "byline" in m for m in messages)

    def test_bulk_publish(self, client, editor):
        articles = [publishable(), publishable()]

        self.post_action(client, "publish_selected", articles)

        assert Article.objects.published().count() == 2

    def test_bulk_unpublish_asks_for_a_reason_first(self, client, editor):
        article = make_published_article(
            department=make_department(), bylines=[(make_reporter(), "text")]
        )

        confirm = self.post_action(client, "unpublish_selected", [article])
        assert confirm.status_code == 200
        assert article.headline in confirm.text
        assert Article.objects.get(pk=article.pk).is_published()

        no_reason = self.post_action(
            client, "unpublish_selected", [article], confirm="1", reason=" "
        )
        assert no_reason.status_code == 200
        assert Article.objects.get(pk=article.pk).is_published()

        self.post_action(
            client, "unpublish_selected", [article], confirm="1", reason="重复稿件"
        )
        assert Article.objects.get(pk=article.pk).status == "unpublished"

    def test_reporter_bulk_publish_is_refused(self, client):
        reporter = make_user(groups=["reporters"])
        make_reporter(user=reporter)
        article = publishable(created_by=reporter)
        client.force_login(reporter)

        self.post_action(client, "publish_selected", [article])

        assert not Article.objects.published().exists()

    def test_bulk_delete_of_published_story_is_refused(self, client, editor):
        article = make_published_article()

        response = client.post(
            reverse(CHANGELIST),
            {
                "action": "delete_selected",
                ACTION_CHECKBOX_NAME: [article.pk],
                "post": "yes",
            },
        )

        assert response.status_code in (302, 403)
        assert Article.objects.filter(pk=article.pk).exists()
