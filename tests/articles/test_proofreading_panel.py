"""The proofreading panel on the article form, and its one-click fixes."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, BannedWord
from tests.factories import make_article, make_reporter, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]

PRINTED = "<p>本报讯 3月16日,区里召开会议(扩大会议),部署的的工作。</p>"


@pytest.fixture
def editor(client):
    user = make_user(groups=["editors"])
    client.force_login(user)
    return user


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def fix_url(article):
    return reverse("admin:articles_article_proofreading_fix", args=[article.pk])


def test_panel_lists_findings_with_their_places(client, editor):
    # Migrations list 最佳, but a transactional test before this one may have
    # emptied the table.
    BannedWord.objects.get_or_create(word="最佳", defaults={"kind": "advertising"})
    article = make_article(headline="全国最佳营商环境", body=PRINTED)

    response = client.get(change_url(article), headers={"accept-language": "en"})

    rows = {row["field"]: row for row in response.context["proofreading"]}
    body_codes = [finding.code for finding, _key in rows["body"]["findings"]]
    assert body_codes.count("halfwidth-punct") >= 3
    assert "repeated-char" in body_codes
    assert [f.code for f, _key in rows["headline"]["findings"]] == ["banned-word"]
    assert "3月16日" in response.text
    assert 'name="proofreading_fix"' in response.text


def test_one_click_fix_changes_only_that_place_and_keeps_a_revision(client, editor):
    article = make_article(body=PRINTED)
    findings = article.proofreading_findings()["body"]
    comma = next(
        f for f in findings if f.code == "halfwidth-punct" and f.original.strip() == ","
    )
    key = f"{comma.code}:{comma.start}:{comma.end}"

    response = client.post(fix_url(article), {"proofreading_fix": f"body|{key}"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body.startswith("<p>本报讯 3月16日，区里召开会议(")
    assert article.events.last().action == "proofread_fix"
    assert len(Version.objects.get_for_object(article)) == 1


def test_fix_all_clears_every_fixable_finding_of_a_field(client, editor):
    article = make_article(body=PRINTED)

    client.post(fix_url(article), {"proofreading_fix": "body|"})

    article.refresh_from_db()
    assert (
        article.body == "<p>本报讯 3月16日，区里召开会议（扩大会议），部署的工作。</p>"
    )
    remaining = article.proofreading_findings()["body"]
    assert not [f for f in remaining if f.fix is not None]


def test_a_stale_suggestion_is_refused_and_changes_nothing(client, editor):
    article = make_article(body=PRINTED)
    finding = next(f for f in article.proofreading_findings()["body"] if f.fix)
    key = f"{finding.code}:{finding.start}:{finding.end}"
    Article.objects.filter(pk=article.pk).update(body="<p>全新的正文。</p>")

    response = client.post(
        fix_url(article), {"proofreading_fix": f"body|{key}"}, follow=True
    )

    assert Article.objects.get(pk=article.pk).body == "<p>全新的正文。</p>"
    assert any(
        "no longer applies" in str(m) or "已经改变" in str(m)
        for m in response.context["messages"]
    )


@pytest.mark.parametrize(
    "value", ["nonsense", "slug|x", "body|halfwidth-punct:999:1000", ""]
)
def test_crafted_fix_requests_change_nothing(client, editor, value):
    article = make_article(body=PRINTED)

    response = client.post(fix_url(article), {"proofreading_fix": value})

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).body == PRINTED


def test_reporter_cannot_fix_a_story_in_review(client):
    reporter = make_user(groups=["reporters"])
    make_reporter(user=reporter)
    article = make_article(body=PRINTED, created_by=reporter, status="submitted")
    client.force_login(reporter)

    client.post(fix_url(article), {"proofreading_fix": "body|"})

    assert Article.objects.get(pk=article.pk).body == PRINTED


def test_banned_words_come_from_the_admin_list(editor):
    BannedWord.objects.create(word="震惊", kind="house")
    article = make_article(headline="震惊！河畔新区")

    codes = [f.code for f in article.proofreading_findings()["headline"]]
    assert "banned-word" in codes

    BannedWord.objects.filter(word="震惊").update(is_active=False)
    codes = [f.code for f in article.proofreading_findings()["headline"]]
    assert "banned-word" not in codes
