"""三审三校 through the admin: three reviewers, three proofreading passes, 签发."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.test_admin import article_form_data
from tests.factories import make_article, make_department, make_reporter, make_user

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def transition(client, article, action, data=None):
    url = reverse("admin:articles_article_transition", args=[article.pk, action])
    return client.post(url, data or {})


def state(article):
    article.refresh_from_db()
    return article.status, article.review_stage


@pytest.fixture
def newsroom():
    urban = make_department(name="城建", slug="urban")
    politics = make_department(name="时政", slug="politics")
    people = {}
    for key, groups, desk in [
        ("reporter", ["reporters"], urban),
        ("first", ["editors"], urban),  # 责任编辑
        ("head", ["desk_heads"], urban),  # 城建部主任
        ("other_head", ["desk_heads"], politics),  # 时政部主任
        ("chief", ["chief_editors"], None),  # 总编辑
        ("proofreader", ["proofreaders"], None),
    ]:
        user = make_user(groups=groups, username=key, email=f"{key}@example.com")
        make_reporter(user=user, name=f"{key}人", department=desk)
        people[key] = user
    story = make_article(
        headline="临水路管网改造全面完工",
        body="<p>本报讯 11月20日，临水路管网改造全面完工。</p>",
        department=urban,
        created_by=people["reporter"],
        bylines=[(people["reporter"].reporter, "text")],
    )
    return people, story


def as_user(client, user):
    client.force_login(user)
    return client


def test_default_configuration_is_three_stages_and_three_passes():
    script = (
        "from newsroom import settings as s;"
        "print([x['name'] for x in s.NEWSROOM_REVIEW_STAGES], "
        "s.NEWSROOM_REQUIRED_PROOFREADS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"DJANGO_SECRET_KEY": "k", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "['初审', '复审', '终审'] 3"


def test_story_passes_three_reviews_by_three_people(client, newsroom, settings):
    # One proofreader reads all three passes here; passes by different
    # people have their own tests (test_proofreading_desk.py).
    settings.NEWSROOM_PROOFREADS_BY_DIFFERENT_PEOPLE = False
    people, story = newsroom

    as_user(client, people["reporter"])
    assert transition(client, story, "submit").status_code == 302
    assert [people["first"].email] in [m.to for m in mail.outbox]

    # 初审 signs with an opinion; the 复审 reviewer of the story's desk hears of it.
    as_user(client, people["first"])
    assert (
        transition(client, story, "sign", {"comment": "初审：事实清楚"}).status_code
        == 302
    )
    assert state(story) == ("submitted", 1)
    assert mail.outbox[-1].to == [people["head"].email]

    # 复审 by the head of another desk is refused and changes nothing.
    as_user(client, people["other_head"])
    response = transition(client, story, "sign")
    assert response.status_code == 403
    assert state(story) == ("submitted", 1)

    # The right 复审 sends it back; the reporter and the 初审 reviewer are told.
    mail.outbox.clear()
    as_user(client, people["head"])
    response = transition(client, story, "request_changes", {"comment": "请补充工期"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        people["first"].email,
        people["reporter"].email,
    ]
    assert all("请补充工期" in m.body for m in mail.outbox)

    # Resubmitted, it starts again at 初审.
    as_user(client, people["reporter"])
    transition(client, story, "submit")
    assert state(story) == ("submitted", 0)

    as_user(client, people["first"])
    transition(client, story, "sign", {"comment": "已补充"})
    as_user(client, people["head"])
    transition(client, story, "sign", {"comment": "复审同意"})
    assert state(story) == ("submitted", 2)

    # 签发 needs the three proofreading passes.
    as_user(client, people["chief"])
    when = timezone.localtime() + timedelta(hours=2)
    response = transition(
        client,
        story,
        "sign",
        {"comment": "同意签发", "publish_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 403
    assert "0 of 3 proofreading passes" in response.text or "校" in response.text
    assert state(story) == ("submitted", 2)

    as_user(client, people["proofreader"])
    for n in range(3):
        assert (
            transition(
                client, story, "proofread", {"comment": f"第{n + 1}校"}
            ).status_code
            == 302
        )
    assert transition(client, story, "proofread").status_code == 403
    assert story.proofreading_passes.count() == 3

    as_user(client, people["chief"])
    response = transition(
        client,
        story,
        "sign",
        {"comment": "同意签发", "publish_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == "published"
    assert not story.is_published()  # scheduled
    signed = story.events.filter(action="sign", round=story.review_round)
    assert [(e.stage_name, e.actor.username) for e in signed] == [
        ("初审", "first"),
        ("复审", "head"),
        ("终审", "chief"),
    ]

    # The review record shows all of it, printable and downloadable.
    record_url = reverse("admin:articles_article_review_record", args=[story.pk])
    record = client.get(record_url)
    assert record.status_code == 200
    for text in (
        "审稿单",
        "临水路管网改造全面完工",
        "初审：事实清楚",
        "请补充工期",
        "复审同意",
        "同意签发",
        "一校",
        "二校",
        "三校",
        "字数",
        "@media print",
    ):
        assert text in record.text, text
    download = client.get(record_url, {"format": "html"})
    assert download["Content-Disposition"].startswith("attachment;")


def test_one_person_cannot_sign_two_stages_at_any_entry_point(client, newsroom):
    people, story = newsroom
    both = make_user(groups=["editors", "desk_heads"], username="both")
    make_reporter(user=both, department=story.department)
    story.submit(people["reporter"])
    as_user(client, both)
    assert transition(client, story, "sign").status_code == 302
    assert state(story) == ("submitted", 1)

    # The change form offers no button to sign again …
    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert 'data-action="sign"' not in page.text
    # … a crafted POST is refused …
    assert transition(client, story, "sign").status_code == 403
    # … and so is the bulk action.
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "sign_selected", ACTION_CHECKBOX_NAME: [story.pk]},
    )
    assert state(story) == ("submitted", 1)
    assert story.events.filter(action="sign").count() == 1


def test_author_in_an_editor_group_cannot_review_own_story(client, newsroom):
    people, _story = newsroom
    author = people["first"]
    own = make_article(
        headline="责任编辑自己写的稿",
        body="<p>正文</p>",
        department=make_department(),
        created_by=author,
        bylines=[(author.reporter, "text")],
    )
    own.submit(author)
    as_user(client, author)

    assert transition(client, own, "sign").status_code == 403
    assert state(own) == ("submitted", 0)


def test_reviewer_queues_show_only_what_each_may_sign(client, newsroom):
    people, story = newsroom
    story.submit(people["reporter"])

    def queue(user):
        as_user(client, user)
        return client.get(reverse("admin:index")).context["desk"]["queue"]

    assert queue(people["first"]) == [story]
    assert queue(people["head"]) == []
    story.sign(people["first"])
    assert queue(people["head"]) == [story]
    assert queue(people["other_head"]) == []
    assert queue(people["chief"]) == []


def test_next_reviewer_sees_what_changed_since_the_last_signature(client, newsroom):
    people, story = newsroom
    change_url = reverse("admin:articles_article_change", args=[story.pk])

    def save(headline):
        story.refresh_from_db()
        data = article_form_data(
            headline=headline,
            body=story.body,
            department=story.department_id,
            expected_version=story.version,
        )
        data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})
        assert client.post(change_url, data).status_code == 302

    # The reporter's last save is the text 初审 signs.
    as_user(client, people["reporter"])
    save(story.headline)
    story.submit(people["reporter"])
    story.sign(people["first"])

    # The 复审 reviewer edits during review; the edit is kept as a revision.
    as_user(client, people["head"])
    assert client.get(change_url).context["changes_since_signature"] is None
    save("临水路管网改造提前完工")

    link = client.get(change_url).context["changes_since_signature"]
    assert link["signature"].stage_name == "初审"
    diff = client.get(link["url"])
    assert "<del>全面</del><ins>提前</ins>" in diff.text


def test_published_text_needs_a_fresh_final_signoff(client, newsroom, settings):
    settings.NEWSROOM_REQUIRED_PROOFREADS = 0
    people, story = newsroom
    story.submit(people["reporter"])
    story.sign(people["first"])
    story.sign(people["head"])
    story.sign(people["chief"])
    assert story.is_published()
    change_url = reverse("admin:articles_article_change", args=[story.pk])

    def edit(headline):
        story.refresh_from_db()
        data = article_form_data(
            headline=headline,
            body=story.body,
            department=story.department_id,
            expected_version=story.version,
        )
        data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})
        return client.post(change_url, data)

    as_user(client, people["first"])
    response = edit("临水路管网改造全面完工（修改）")
    assert response.status_code == 200
    assert Article.objects.get(pk=story.pk).headline == "临水路管网改造全面完工"

    as_user(client, people["chief"])
    assert edit("临水路管网改造全面完工（总编修改）").status_code == 302
    story.refresh_from_db()
    assert story.headline.endswith("（总编修改）")
    last = story.events.last()
    assert (last.action, last.stage_name, last.actor) == (
        "sign",
        "终审",
        people["chief"],
    )


@pytest.mark.parametrize(
    ("stages", "proofreads", "error_ids"),
    [
        ([{"name": "初审", "group": "editors"}], 0, []),
        ([], 3, ["articles.E001"]),
        ([{"name": "初审"}], 3, ["articles.E002"]),
        ([{"name": "初审", "group": "editors", "who": "x"}], 3, ["articles.E002"]),
        ([{"name": "初审", "group": "editors"}], 5, ["articles.E003"]),
    ],
)
def test_stage_configuration_is_checked_at_startup(
    settings, stages, proofreads, error_ids
):
    from articles.checks import check_review_stages

    settings.NEWSROOM_REVIEW_STAGES = stages
    settings.NEWSROOM_REQUIRED_PROOFREADS = proofreads

    assert [e.id for e in check_review_stages(None)] == error_ids
