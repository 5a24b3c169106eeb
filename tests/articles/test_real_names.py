"""Staff appear by their real names wherever colleagues see them, never by login."""

import pytest
from django.urls import reverse

from outbox.models import Message
from staff.models import staff_name
from tests.articles.test_admin import article_form_data
from tests.factories import make_newsroom, make_story, make_user

pytestmark = pytest.mark.django_db


def test_a_name_is_the_byline_name_else_the_full_name_else_the_login():
    people = make_newsroom()
    chinese = make_user(username="lin", last_name="欧阳", first_name="明月")
    latin = make_user(username="ann", first_name="Ann", last_name="Lee")
    bare = make_user(username="nobody")

    assert staff_name(people.head) == "温知行"
    assert staff_name(chinese) == "欧阳明月"
    assert staff_name(latin) == "Ann Lee"
    assert staff_name(bare) == "nobody"
    assert staff_name(None) == ""


@pytest.fixture
def reviewed(settings):
    settings.NEWSROOM_REQUIRED_PROOFREADS = 1
    people = make_newsroom()
    story = make_story(people)
    story.submit(people.reporter)
    story.record_proofreading(people.proofreader, "一校")
    story.sign(people.editor, "初审同意")
    story.request_changes(people.head, "请补充工期")
    return people, story


def logins(people):
    return [
        getattr(people, key).username
        for key in ("reporter", "editor", "head", "chief", "proofreader")
    ]


def assert_names_not_logins(text, people, names):
    for name in names:
        assert name in text, name
    for login in logins(people):
        assert login not in text, login


def test_stage_panel_and_timeline_show_names(client, reviewed):
    people, story = reviewed
    story.submit(people.reporter)
    story.sign(people.editor, "初审同意")
    client.force_login(people.chief)

    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))

    panel = page.text.split('class="workflow module"')[1].split("</section>")[0]
    assert "沈怡" in panel
    timeline = page.text.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert_names_not_logins(timeline, people, ["顾晓岚", "沈怡", "温知行", "陆清"])


def test_review_record_revisions_and_history_show_names(client, reviewed):
    people, story = reviewed
    client.force_login(people.reporter)
    change = reverse("admin:articles_article_change", args=[story.pk])
    data = article_form_data(
        headline="临水路管网改造全面完工（补充工期）",
        body=story.body,
        department=story.department_id,
        expected_version=story.__class__.objects.get(pk=story.pk).version,
    )
    data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})
    assert client.post(change, data).status_code == 302
    client.force_login(people.chief)

    record = client.get(
        reverse("admin:articles_article_review_record", args=[story.pk])
    )
    assert_names_not_logins(record.text, people, ["沈怡", "温知行", "陆清"])
    revisions = client.get(reverse("admin:articles_article_revisions", args=[story.pk]))
    assert_names_not_logins(revisions.text, people, ["顾晓岚"])
    history = client.get(reverse("admin:articles_article_history", args=[story.pk]))
    assert_names_not_logins(history.text, people, ["顾晓岚"])


def test_emails_name_the_person_who_acted(reviewed):
    people, _story = reviewed

    sent_back = Message.objects.filter(subject__contains="退回").first()

    assert sent_back is not None
    assert "温知行" in sent_back.body
    assert people.head.username not in sent_back.body


def test_the_desk_queue_names_the_signers(client, reviewed):
    people, story = reviewed
    story.submit(people.reporter)
    story.sign(people.editor, "初审同意")
    client.force_login(people.head)

    desk = client.get(reverse("admin:index"))

    queue = desk.text.split('<div class="desk">')[1]
    assert "沈怡" in queue
    assert people.editor.username not in desk.text
