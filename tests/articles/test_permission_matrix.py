"""Every role × every action × every state, through the admin's HTTP endpoints."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.test_admin import article_form_data
from tests.factories import (
    make_article,
    make_department,
    make_photo,
    make_reporter,
    make_user,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.usefixtures("one_stage"),
]

ROLES = ["anonymous", "owner", "other_reporter", "editor", "superuser"]
ACTIONS = [
    "view",
    "edit",
    "submit",
    "withdraw",
    "request_changes",
    "publish",
    "schedule",
    "unpublish",
    "republish",
    "correct",
    "delete",
]
STATES = [
    "draft",
    "submitted",
    "changes_requested",
    "scheduled",
    "published",
    "unpublished",
]

ALL = set(STATES)
UNREVIEWED = {"draft", "changes_requested"}
# Where the authors may revise and (re)submit: a retracted story too.
REVISABLE = UNREVIEWED | {"unpublished"}
PUBLISHABLE = {"draft", "submitted", "changes_requested", "unpublished"}
LIVE = {"scheduled", "published"}

# role -> action -> the states in which the action is allowed.
ALLOWED = {
    "anonymous": {},
    "other_reporter": {},
    "owner": {
        "view": ALL,
        "edit": REVISABLE,
        "submit": REVISABLE,
        "withdraw": {"submitted"},
    },
    "editor": {
        "view": ALL,
        "edit": ALL,
        "submit": REVISABLE,
        "request_changes": {"submitted"},
        "publish": PUBLISHABLE | {"scheduled"},
        "schedule": PUBLISHABLE | {"scheduled"},
        "unpublish": LIVE,
        "republish": {"unpublished"},
        "correct": LIVE,
        "delete": {"draft", "submitted", "changes_requested"},
    },
    "superuser": {
        "view": ALL,
        "edit": ALL,
        "submit": REVISABLE,
        "withdraw": {"submitted"},
        "request_changes": {"submitted"},
        "publish": PUBLISHABLE | {"scheduled"},
        "schedule": PUBLISHABLE | {"scheduled"},
        "unpublish": LIVE,
        "republish": {"unpublished"},
        "correct": LIVE,
        "delete": {"draft", "submitted", "changes_requested"},
    },
}

CASES = [(r, a, s) for r in ROLES for a in ACTIONS for s in STATES]


def build_article(state, owner):
    now = timezone.now()
    reporter = owner.reporter
    status = {
        "scheduled": Article.Status.PUBLISHED,
    }.get(state, state)
    fields = {"status": status}
    if state == "published":
        fields.update(published_at=now - timedelta(hours=2))
    if state == "scheduled":
        fields.update(published_at=now + timedelta(hours=2))
    if state == "unpublished":
        fields.update(published_at=now - timedelta(days=1))
    if status in (Article.Status.PUBLISHED, Article.Status.UNPUBLISHED):
        fields["first_published_at"] = fields["published_at"]
    if state == "submitted":
        fields.update(submitted_at=now - timedelta(minutes=30), review_round=1)
    article = make_article(
        headline="区里召开冬季防火工作会",
        body="<p>本报讯 11月20日，区里召开冬季防火工作会。</p>",
        department=make_department(),
        created_by=owner,
        bylines=[(reporter, "text"), (reporter, "photo")],
        **fields,
    )
    make_photo(article)
    return article


@pytest.fixture
def people():
    owner = make_user(groups=["reporters"], username="owner")
    make_reporter(user=owner, name="罗晓")
    other = make_user(groups=["reporters"], username="other")
    make_reporter(user=other, name="钱程")
    editor = make_user(groups=["editors"], username="editor")
    make_reporter(user=editor, name="程远", title="editor")
    superuser = make_user(username="root", is_superuser=True)
    return {
        "anonymous": None,
        "owner": owner,
        "other_reporter": other,
        "editor": editor,
        "superuser": superuser,
    }


def transition(client, article, action, data=None):
    url = reverse("admin:articles_article_transition", args=[article.pk, action])
    return client.post(url, data or {})


def perform(client, article, action):
    """Try ``action``; return (response, whether its effect is visible)."""
    before = Article.objects.get(pk=article.pk)
    if action == "view":
        url = reverse("admin:articles_article_change", args=[article.pk])
        response = client.get(url)
        return response, (
            response.status_code == 200 and article.headline in response.text
        )
    if action == "edit":
        url = reverse("admin:articles_article_change", args=[article.pk])
        data = article_form_data(
            headline="区里召开冬季防火工作会（更新）",
            body=before.body,
            department=before.department_id,
            expected_version=before.version,
        )
        data.update(
            {
                "bylines-TOTAL_FORMS": "0",
                "photos-TOTAL_FORMS": "0",
            }
        )
        response = client.post(url, data)
        after = Article.objects.get(pk=article.pk)
        return response, after.headline.endswith("（更新）")
    if action == "delete":
        url = reverse("admin:articles_article_delete", args=[article.pk])
        response = client.post(url, {"post": "yes"})
        return response, not Article.objects.filter(pk=article.pk).exists()
    data = {
        "request_changes": {"comment": "导语太长，请压缩。"},
        "unpublish": {"comment": "涉及未核实信息。"},
        "republish": {"comment": "核实无误，恢复发布。"},
        "correct": {"comment": "更正：会议日期为11月20日。"},
        "schedule": {
            "publish_at": (timezone.localtime() + timedelta(hours=5)).strftime(
                "%Y-%m-%dT%H:%M"
            )
        },
    }.get(action)
    verb = "publish" if action == "schedule" else action
    response = transition(client, article, verb, data)
    after = Article.objects.get(pk=article.pk)
    S = Article.Status
    effects = {
        "submit": before.status != S.SUBMITTED and after.status == S.SUBMITTED,
        "withdraw": before.status == S.SUBMITTED and after.status == S.DRAFT,
        "request_changes": after.status == S.CHANGES_REQUESTED
        and before.status != S.CHANGES_REQUESTED,
        "publish": after.is_published() and not before.is_published(),
        "schedule": after.status == S.PUBLISHED
        and after.published_at > timezone.now() + timedelta(hours=4),
        "unpublish": after.status == S.UNPUBLISHED and before.status != S.UNPUBLISHED,
        "republish": before.status == S.UNPUBLISHED
        and after.is_published()
        and after.published_at == before.published_at,
        "correct": after.corrections.exists(),
    }
    return response, effects[action]


@pytest.mark.parametrize(("role", "action", "state"), CASES)
def test_permission_matrix(client, people, role, action, state):
    user = people[role]
    article = build_article(state, people["owner"])
    if user is not None:
        client.force_login(user)
    before = Article.objects.get(pk=article.pk)

    response, happened = perform(client, article, action)

    expected = state in ALLOWED[role].get(action, set())
    assert response.status_code < 500
    assert happened == expected, (role, action, state, response.status_code)
    if not expected and Article.objects.filter(pk=article.pk).exists():
        after = Article.objects.get(pk=article.pk)
        assert (after.status, after.headline, after.published_at) == (
            before.status,
            before.headline,
            before.published_at,
        )
        assert not after.corrections.exists()


def test_matrix_covers_every_case():
    assert len(CASES) == len(ROLES) * len(ACTIONS) * len(STATES) == 330
