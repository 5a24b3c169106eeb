from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_department, make_published_article

pytestmark = pytest.mark.django_db


def published(hours_ago, **kwargs):
    return make_published_article(
        published_at=timezone.now() - timedelta(hours=hours_ago), **kwargs
    )


def related_ids(article):
    article = Article.objects.get(pk=article.pk)
    return [story.pk for story in article.related_stories()]


def test_stories_sharing_a_tag_or_the_desk_newest_first():
    desk, other_desk = make_department(), make_department()
    story = published(1, department=desk)
    story.tags.add("植树")
    same_desk = published(5, department=desk)
    same_tag = published(3, department=other_desk)
    same_tag.tags.add("植树")
    both = published(4, department=desk)
    both.tags.add("植树")
    unrelated = published(2, department=other_desk)
    unrelated.tags.add("巡察")

    assert related_ids(story) == [same_tag.pk, both.pk, same_desk.pk]


def test_at_most_five_and_the_newest_of_either_kind():
    desk, other_desk = make_department(), make_department()
    story = published(0.5, department=desk)
    story.tags.add("营商环境")
    tagged = []
    for hours in (1, 3, 5, 7):
        tagged.append(published(hours, department=other_desk))
        tagged[-1].tags.add("营商环境")
    desk_stories = [published(hours, department=desk) for hours in (2, 4, 6, 8)]

    assert related_ids(story) == [
        tagged[0].pk,
        desk_stories[0].pk,
        tagged[1].pk,
        desk_stories[1].pk,
        tagged[2].pk,
    ]


def test_only_published_stories_and_never_the_story_itself():
    desk = make_department()
    story = published(1, department=desk)
    draft = make_published_article(department=desk)
    draft.status = Article.Status.DRAFT
    draft.save()
    scheduled = make_published_article(
        department=desk, published_at=timezone.now() + timedelta(hours=2)
    )
    kept = published(3, department=desk)

    assert related_ids(story) == [kept.pk]
    assert draft.pk not in related_ids(story)
    assert scheduled.pk not in related_ids(story)


def test_a_story_without_a_desk_relates_by_tags_alone():
    story = published(1)
    story.tags.add("网格化")
    tagged = published(2, department=make_department())
    tagged.tags.add("网格化")
    published(3, department=make_department())

    assert related_ids(story) == [tagged.pk]


@pytest.mark.parametrize("tag_count", [1, 3, 13])
def test_any_number_of_tags_finds_the_same_stories(tag_count):
    # Up to twelve tags the query is compiled once per count; past that it
    # is built each time. Either way the last tag counts as much as the first.
    desk, other_desk = make_department(), make_department()
    story = published(1, department=desk)
    names = [f"标签{n}" for n in range(tag_count)]
    story.tags.add(*names)
    by_last_tag = published(2, department=other_desk)
    by_last_tag.tags.add(names[-1])
    same_desk = published(3, department=desk)
    unrelated = published(4, department=other_desk)
    unrelated.tags.add("别的")

    assert related_ids(story) == [by_last_tag.pk, same_desk.pk]
