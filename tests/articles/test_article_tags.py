from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import translation


def render(template, **context):
    return Template("{% load article_tags %}" + template).render(Context(context))


# 23:30 in UTC is the next morning in Shanghai.
LATE = datetime(2026, 3, 15, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_time_element_matches_the_date_filter(language):
    """The element is what the date filter writes, in each interface language."""
    with translation.override(language):
        by_filter = render(
            "<time datetime=\"{{ when|date:'c' }}\">{{ when|date }}</time>", when=LATE
        )
        by_tag = render("{% time_element when %}", when=LATE)

    assert by_tag == by_filter


def test_time_element_gives_the_local_day():
    with translation.override("zh-hans"):
        html = render("{% time_element when %}", when=LATE)

    assert html == '<time datetime="2026-03-16T07:30:00+08:00">2026年3月16日</time>'


def test_time_element_keeps_each_format_apart_on_one_page():
    """A day already written in one format is written afresh in another."""
    with translation.override("zh-hans"):
        html = render(
            '{% time_element when %} {% time_element when "n-j" %}', when=LATE
        )

    assert html.count("2026年3月16日") == 1
    assert ">3-16</time>" in html


def test_time_element_writes_nothing_without_a_time():
    assert render("{% time_element when %}", when=None) == ""
