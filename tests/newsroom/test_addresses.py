from datetime import UTC, datetime

import pytest
from django.test import override_settings

from tests.factories import make_department, make_published_article

pytestmark = pytest.mark.django_db


def test_addresses_follow_a_new_urlconf():
    story = make_published_article(
        slug="levee", published_at=datetime(2023, 3, 16, 2, 0, tzinfo=UTC)
    )
    desk = make_department(slug="city")
    assert story.get_absolute_url() == "/2023/3/16/levee/"
    assert desk.get_absolute_url() == "/department/city/"

    with override_settings(ROOT_URLCONF="tests.newsroom.urls_under_prefix"):
        assert story.get_absolute_url() == "/paper/2023/3/16/levee/"
        assert desk.get_absolute_url() == "/paper/department/city/"

    assert story.get_absolute_url() == "/2023/3/16/levee/"
