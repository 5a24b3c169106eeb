import pytest

from articles.models import Article
from newsroom.text import unique_slug
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_only_slugs_with_the_prefix_count_as_taken():
    for slug in ["abb-9", "abc", "abc-2", "abcd", "abd", "abc-3z"]:
        make_article(slug=slug)
    assert unique_slug(Article, "abc") == "abc-3"
    assert unique_slug(Article, "abb") == "abb"
    assert unique_slug(Article, "abd") == "abd-2"


def test_prefix_ending_in_z_or_a_digit():
    for slug in ["zz", "zz-2", "x-9", "x-90", "x-9-2"]:
        make_article(slug=slug)
    assert unique_slug(Article, "zz") == "zz-3"
    assert unique_slug(Article, "x-9") == "x-9-3"
    assert unique_slug(Article, "x-8") == "x-8"


def test_the_article_itself_does_not_take_its_slug():
    article = make_article(slug="abc")
    assert unique_slug(Article, "abc", exclude_pk=article.pk) == "abc"
