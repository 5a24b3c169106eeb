"""The desk's pages run no inline script: a Content-Security-Policy may forbid it."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_newsroom, make_story

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


# The body editor's import map (django-prose-editor, through js_asset) is
# the one inline script element; a policy must allow it by hash or nonce.
ALLOWED_TYPES = ('type="application/json"', 'type="importmap"')


def inline_scripts(html):
    found = []
    for match in SCRIPT.finditer(html):
        attributes = match.group(1)
        if "src=" in attributes or any(t in attributes for t in ALLOWED_TYPES):
            continue
        found.append(match.group(0))
    return found


def test_the_story_pages_carry_scripts_as_files_and_data_as_json(client):
    people = make_newsroom()
    story = make_story(people)
    story.submit(people.reporter)
    client.force_login(people.editor)
    pages = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_transition", args=[story.pk, "sign"]),
        reverse("admin:articles_article_review_record", args=[story.pk]),
    ]
    for url in pages:
        html = client.get(url).text
        assert inline_scripts(html) == [], url
        assert HANDLER.findall(html) == [], url
    form = client.get(pages[3]).text
    assert 'id="story-live-config" type="application/json"' in form
