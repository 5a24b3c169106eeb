"""Every role × action × state under the default 三审 configuration.

The same HTTP endpoints as the one-stage matrix, with the roles of 三审三校:
责任编辑 (初审), the desk heads of the story's desk and of another, 总编辑
(终审 and 签发) and a proofreader, and the states a story passes through
between submission and 签发.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.workflow import Action
from tests.articles.test_permission_matrix import perform, transition
from tests.factories import (
    make_article,
    make_department,
    make_photo,
    make_reporter,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = [
    "anonymous",
    "owner",
    "other_reporter",
    "editor",
    "desk_head",
    "other_desk_head",
    "chief",
    "proofreader",
    "superuser",
]
ACTIONS = [
    "view",
    "edit",
    "submit",
    "withdraw",
    "sign",
    "request_changes",
    "publish",
    "schedule",
    "unpublish",
    "republish",
    "correct",
    "proofread",
    "delete",
]
STATES = [
    "draft",
    "changes_requested",
    "at_first",  # submitted, waiting for 初审
    "at_second",  # 初审 signed, waiting for 复审
    "at_final",  # 复审 signed and three passes done, waiting for 终审/签发
    "scheduled",
    "published",
    "unpublished",
]

ALL = set(STATES)
UNREVIEWED = {"draft", "changes_requested"}
# Where the authors may revise and (re)submit: a retracted story too.
REVISABLE = UNREVIEWED | {"unpublished"}
IN_REVIEW = {"at_first", "at_second", "at_final"}
NEVER_PUBLIC = UNREVIEWED | IN_REVIEW
LIVE = {"scheduled", "published"}
# Words of a story signed off (签发) change only with a fresh 终审.
SIGNED_OFF = LIVE
PASSES_OPEN = UNREVIEWED | {"at_first", "at_second"}
REVIEWER_EDITS = ALL - SIGNED_OFF

ALLOWED = {
    "anonymous": {},
    "other_reporter": {},
    "owner": {
        "view": ALL,
        "edit": REVISABLE,
        "submit": REVISABLE,
        "withdraw": IN_REVIEW,
    },
    "editor": {
        "view": ALL,
        "edit": REVIEWER_EDITS,
        "submit": REVISABLE,
        "sign": {"at_first"},
        "request_changes": {"at_first"},
        "publish": {"scheduled"},
        "schedule": {"scheduled"},
        "unpublish": LIVE,
        "correct": LIVE,
        "proofread": PASSES_OPEN,
        "delete": NEVER_PUBLIC,
    },
    "desk_head": {
        "view": ALL,
        "edit": REVIEWER_EDITS,
        "sign": {"at_second"},
        "request_changes": {"at_second"},
        "proofread": PASSES_OPEN,
    },
    "other_desk_head": {
        "view": ALL,
        "edit": REVIEWER_EDITS,
        "proofread": PASSES_OPEN,
    },
    "chief": {
        "view": ALL,
        "edit": ALL,
        "submit": REVISABLE,
        "sign": {"at_final"},
        "request_changes": {"at_final"},
        "publish": {"at_final", "scheduled"},
        "schedule": {"at_final", "scheduled"},
        "unpublish": LIVE,
        "republish": {"unpublished"},
        "correct": LIVE,
        "proofread": PASSES_OPEN,
        "delete": NEVER_PUBLIC,
    },
    "proofreader": {
        "view": ALL,
        "edit": REVIEWER_EDITS,
        "proofread": PASSES_OPEN,
    },
    "superuser": {
        "view": ALL,
        "edit": ALL,
        "submit": REVISABLE,
        "withdraw": IN_REVIEW,
        "sign": IN_REVIEW,
        "request_changes": IN_REVIEW,
        "publish": {"at_final", "scheduled"},
        "schedule": {"at_final", "scheduled"},
        "unpublish": LIVE,
        "republish": {"unpublished"},
        "correct": LIVE,
        "proofread": PASSES_OPEN,
        "delete": NEVER_PUBLIC,
    },
}

CASES = [(r, a, s) for r in ROLES for a in ACTIONS for s in STATES]


@pytest.fixture
def people():
    desk = make_department(name="城建", slug="urban")
    other_desk = make_department(name="时政", slug="politics")
    people = {"anonymous": None}
    for key, groups, department in [
        ("owner", ["reporters"], desk),
        ("other_reporter", ["reporters"], desk),
        ("editor", ["editors"], desk),
        ("desk_head", ["desk_heads"], desk),
        ("other_desk_head", ["desk_heads"], other_desk),
        ("chief", ["chief_editors"], None),
        ("proofreader", ["proofreaders"], None),
    ]:
        user = make_user(groups=groups, username=key)
        make_reporter(user=user, name=f"{key}人", department=department)
        people[key] = user
    people["superuser"] = make_user(username="root", is_superuser=True)
    people["desk"] = desk
    return people


def build_article(state, people):
    owner = people["owner"]
    now = timezone.now()
    status = {
        "scheduled": Article.Status.PUBLISHED,
        "at_first": Article.Status.SUBMITTED,
        "at_second": Article.Status.SUBMITTED,
        "at_final": Article.Status.SUBMITTED,
    }.get(state, state)
    fields = {"status": status}
    if state == "published":
        fields["published_at"] = now - timedelta(hours=2)
    if state == "scheduled":
        fields["published_at"] = now + timedelta(hours=2)
    if state == "unpublished":
        fields["published_at"] = now - timedelta(days=1)
    if "published_at" in fields:
        # It went through one round of review, with its three passes.
        fields.update(first_published_at=fields["published_at"], review_round=1)
    if status == Article.Status.SUBMITTED:
        stage = {"at_first": 0, "at_second": 1, "at_final": 2}[state]
        fields.update(
            submitted_at=now - timedelta(minutes=30), review_round=1, review_stage=stage
        )
    article = make_article(
        headline="区里召开冬季防火工作会",
        body="<p>本报讯 11月20日，区里召开冬季防火工作会。</p>",
        department=people["desk"],
        created_by=owner,
        bylines=[(owner.reporter, "text"), (owner.reporter, "photo")],
        **fields,
    )
    make_photo(article)
    signers = {"at_second": ["editor"], "at_final": ["editor", "desk_head"]}
    for index, key in enumerate(signers.get(state, [])):
        article.events.create(
            actor=people[key],
            action=Action.SIGN,
            from_status=status,
            to_status=status,
            stage=index,
            round=1,
        )
    if state in {"at_final", "scheduled", "published", "unpublished"}:
        for number in (1, 2, 3):
            article.proofreading_passes.create(
                number=number, round=1, proofreader=people["proofreader"]
            )
    return article


def perform_three_stage(client, article, action, user):
    """Try ``action``; return (response, whether its effect is visible)."""
    if action == "sign":
        before = Article.objects.get(pk=article.pk)
        response = transition(client, article, "sign", {"comment": "同意"})
        after = Article.objects.get(pk=article.pk)
        signed = after.events.filter(
            action=Action.SIGN, actor=user, round=before.review_round
        ).exists()
        return response, signed and (
            after.review_stage > before.review_stage or after.is_published()
        )
    if action == "proofread":
        passes = article.proofreading_passes.count()
        response = transition(client, article, "proofread", {"comment": "一校"})
        return response, article.proofreading_passes.count() > passes
    return perform(client, article, action)


@pytest.mark.parametrize(("role", "action", "state"), CASES)
def test_permission_matrix_under_three_reviews(client, people, role, action, state):
    user = people[role]
    article = build_article(state, people)
    if user is not None:
        client.force_login(user)
    before = Article.objects.get(pk=article.pk)

    response, happened = perform_three_stage(client, article, action, user)

    expected = state in ALLOWED[role].get(action, set())
    assert response.status_code < 500
    assert happened == expected, (role, action, state, response.status_code)
    if not expected and Article.objects.filter(pk=article.pk).exists():
        after = Article.objects.get(pk=article.pk)
        assert (
            after.status,
            after.review_stage,
            after.headline,
            after.published_at,
        ) == (before.status, before.review_stage, before.headline, before.published_at)
        assert not after.corrections.exists()


def test_matrix_covers_every_case():
    assert len(CASES) == len(ROLES) * len(ACTIONS) * len(STATES) == 936
