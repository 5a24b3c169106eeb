"""The whole life of a story, through the admin as the newsroom uses it."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.test_admin import article_form_data, inline_management
from tests.factories import image_file, make_department, make_reporter, make_user

# Real commits, so emails go out exactly when the workflow says they do.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("one_stage"),
]


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def transition_url(article, action):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def test_story_from_draft_to_retraction(client):
    desk = make_department(name="城建", slug="urban")
    reporter = make_user(groups=["reporters"], username="luoxiao")
    make_reporter(user=reporter, name="罗晓", department=desk)
    editor = make_user(groups=["editors"], username="chengyuan")
    reader = type(client)()
    client.force_login(reporter)

    # The reporter drafts the story with two photos.
    data = article_form_data(
        headline="临水路完成管网改造",
        body="<p>本报讯 11月20日，临水路管网改造完工。</p>",
        department=desk.pk,
        **inline_management("bylines", total=1),
        **{
            "bylines-0-reporter": reporter.reporter.pk,
            "bylines-0-role": "text",
            "bylines-0-order": "0",
        },
    )
    data.update(inline_management("photos", total=2))
    for n in range(2):
        data.update(
            {
                f"photos-{n}-image": image_file(f"pipe{n}.jpg"),
                f"photos-{n}-caption": f"施工现场{n}",
                f"photos-{n}-alt_text": f"工人在铺设管道{n}",
                f"photos-{n}-order": str(n),
            }
        )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    article = Article.objects.get()
    assert article.photos.count() == 2

    # Submits it; the editors hear of it.
    assert client.post(transition_url(article, "submit")).status_code == 302
    assert [m.to for m in mail.outbox] == [[editor.email]]

    # The editor sends it back with a comment.
    client.force_login(editor)
    response = client.post(
        transition_url(article, "request_changes"), {"comment": "请补充完工时间。"}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == [reporter.email]
    assert "请补充完工时间。" in mail.outbox[-1].body

    # The reporter sees the comment on the desk and on the story, edits, resubmits.
    client.force_login(reporter)
    assert "请补充完工时间。" in client.get(reverse("admin:index")).text
    assert "请补充完工时间。" in client.get(change_url(article)).text
    article.refresh_from_db()
    edit = article_form_data(
        headline="临水路完成管网改造",
        body="<p>本报讯 11月20日下午，临水路管网改造完工。</p>",
        department=desk.pk,
        expected_version=article.version,
    )
    edit.update(
        {
            "bylines-TOTAL_FORMS": "0",
            "photos-TOTAL_FORMS": "0",
        }
    )
    assert client.post(change_url(article), edit).status_code == 302
    assert client.post(transition_url(article, "submit")).status_code == 302

    # The editor schedules it for an hour later.
    client.force_login(editor)
    when = timezone.localtime() + timedelta(hours=1)
    response = client.post(
        transition_url(article, "publish"),
        {"publish_at": when.strftime("%Y-%m-%dT%H:%M"), "comment": "同意"},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    url = article.get_absolute_url()
    assert reader.get(url).status_code == 404
    assert article.headline not in reader.get("/").text

    # An hour later the public sees it, with nothing run in between.
    with time_machine.travel(when + timedelta(minutes=1)):
        assert reader.get(url).status_code == 200
        assert article.headline in reader.get("/").text

        # The editor unpublishes it; the public no longer gets it (410 Gone).
        response = client.post(
            transition_url(article, "unpublish"), {"comment": "数据有误，撤稿核实。"}
        )
        assert response.status_code == 302
        gone = reader.get(url)
        assert gone.status_code in (404, 410)
        assert article.headline not in gone.text

    # The timeline shows every step, and the right emails went out.
    steps = list(article.events.values_list("action", "to_status"))
    assert steps == [
        ("submit", "submitted"),
        ("request_changes", "changes_requested"),
        ("submit", "submitted"),
        ("sign", "submitted"),
        ("publish", "published"),
        ("unpublish", "unpublished"),
    ]
    timeline = client.get(change_url(article)).text
    for comment in ("请补充完工时间。", "数据有误，撤稿核实。", "同意"):
        assert comment in timeline
    assert [m.to for m in mail.outbox] == [
        [editor.email],  # submitted
        [reporter.email],  # changes requested, with the comment
        [editor.email],  # resubmitted
        [reporter.email],  # scheduled
        [reporter.email],  # unpublished, with the reason
    ]
    assert "数据有误，撤稿核实。" in mail.outbox[-1].body


def test_second_of_two_concurrent_saves_is_refused(client):
    editor = make_user(groups=["editors"])
    other = make_user(groups=["editors"])
    article = Article.objects.create(headline="原标题", body="<p>原文。</p>")
    url = change_url(article)

    def form(headline, version):
        data = article_form_data(
            headline=headline, body="<p>正文</p>", expected_version=version
        )
        data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})
        return data

    # Both open the form at the same version.
    client.force_login(editor)
    version = client.get(url).context["adminform"].form["expected_version"].value()
    second = type(client)()
    second.force_login(other)
    second.get(url)

    assert client.post(url, form("第一位编辑的标题", version)).status_code == 302
    response = second.post(url, form("第二位编辑的标题", version))

    assert response.status_code == 200
    assert "Someone else saved this article" in response.text or "保存" in response.text
    assert reverse("admin:articles_article_change", args=[article.pk]) in response.text
    assert Article.objects.get(pk=article.pk).headline == "第一位编辑的标题"
