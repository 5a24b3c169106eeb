from datetime import UTC, datetime

import pytest
from django.template import Context, Template, engines
from django.utils import translation

from tests.factories import (
    make_department,
    make_photo,
    make_published_article,
    make_reporter,
)


def render(template, **context):
    """Render with the public templates' helpers and story_summary() macro."""
    source = '{% from "includes/story_summary.html" import story_summary %}' + template
    return engines["jinja2"].from_string(source).render(context)


def render_django(template, **context):
    return Template(template).render(Context(context))


# 23:30 in UTC is the next morning in Shanghai.
LATE = datetime(2026, 3, 15, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_time_element_matches_the_date_filter(language):
    """The element is what the date filter writes, in each interface language."""
    with translation.override(language):
        by_filter = render_django(
            "<time datetime=\"{{ when|date:'c' }}\">{{ when|date }}</time>", when=LATE
        )
        by_tag = render("{{ time_element(when) }}", when=LATE)

    assert by_tag == by_filter


def test_time_element_gives_the_local_day():
    with translation.override("zh-hans"):
        html = render("{{ time_element(when) }}", when=LATE)

    assert html == '<time datetime="2026-03-16T07:30:00+08:00">2026年3月16日</time>'


def test_time_element_keeps_each_format_apart_on_one_page():
    """A day already written in one format is written afresh in another."""
    with translation.override("zh-hans"):
        html = render(
            '{{ time_element(when) }} {{ time_element(when, "n-j") }}', when=LATE
        )

    assert html.count("2026年3月16日") == 1
    assert ">3-16</time>" in html


def test_time_element_writes_nothing_without_a_time():
    assert render("{{ time_element(when) }}", when=None) == ""


@pytest.mark.django_db
def test_story_summary_escapes_what_editors_typed():
    desk = make_department(name="<b>时政</b>")
    reporter = make_reporter(name="<i>鲁慧</i>")
    article = make_published_article(
        headline="<script>标题</script>",
        dek="导语 & 摘要",
        department=desk,
        bylines=[(reporter, "text")],
    )

    html = render("{{ story_summary(article, heading_level=3) }}", article=article)

    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert '<h3 class="summary__headline">' in html
    assert "&lt;script&gt;标题&lt;/script&gt;" in html
    assert '<p class="summary__dek">导语 &amp; 摘要</p>' in html
    assert "<span>&lt;b&gt;时政&lt;/b&gt;</span>" in html
    assert "&lt;i&gt;鲁慧&lt;/i&gt;" in html
    assert f'href="{article.get_absolute_url()}"' in html


@pytest.mark.django_db
def test_story_summary_leaves_out_what_a_story_lacks():
    article = make_published_article(dek="")

    html = render("{{ story_summary(article) }}", article=article)

    assert '<h2 class="summary__headline">' in html
    assert "summary__dek" not in html
    assert "summary--with-photo" not in html
    assert "<picture" not in html


@pytest.mark.django_db
def test_story_summary_shows_the_first_photo_lazily():
    article = make_published_article()
    make_photo(article, alt_text="第一张", order=0)
    make_photo(article, alt_text="第二张", order=1)

    html = render("{{ story_summary(article) }}", article=article)

    assert 'class="summary summary--with-photo"' in html
    assert html.count("<img") == 1
    assert 'alt="第一张"' in html
    assert 'loading="lazy"' in html
