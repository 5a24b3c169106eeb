"""Sample pages in every convention of Chinese papers, checked story by story.

Each page ``import_samples/<name>.txt`` has its expected result written by
hand in ``import_samples/expected/<name>.json``: the page's header lines and
unplaced lines, then for each story its printed parts in order (kind and
text) and what they say. A story key left out means its default (no
credits, no dateline, no warnings…), so every field is checked.
"""

import json
import random
from datetime import date

import pytest
from django.utils.html import escape

from articles.body import sanitize_body
from articles.importing.parser import is_blank, parse_page
from articles.importing.service import import_page
from articles.models import Article
from staff.models import Reporter
from tests.articles.import_samples import SAMPLES, sample_text
from tests.articles.import_samples.generated import mixed_page

EXPECTED = SAMPLES / "expected"
PAGES = sorted(path.stem for path in EXPECTED.glob("*.json"))
STORY_DEFAULTS = {
    "kind": "story",
    "column": "",
    "inferred_headline": "",
    "credits": [],
    "source": "",
    "source_credits": [],
    "dateline": None,
    "dateline_text": "",
    "dateline_place": "",
    "continues_on": None,
    "continued_from": None,
    "warnings": [],
}


def expected(name):
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


def parsed(name):
    spec = expected(name)
    edition = date.fromisoformat(spec["edition"]) if spec.get("edition") else None
    return parse_page(sample_text(f"{name}.txt"), edition=edition)


def credits(people):
    return [[c.name, c.title, list(c.roles)] for c in people]


def summary(story):
    """The story in the shape of the expected files."""
    return {
        "kind": story.kind,
        "column": story.column,
        "parts": [[part.kind, part.text] for part in story.parts],
        "inferred_headline": story.inferred_headline,
        "credits": credits(story.credits),
        "source": story.source,
        "source_credits": credits(story.source_credits),
        "dateline": story.dateline.isoformat() if story.dateline else None,
        "dateline_text": story.dateline_text,
        "dateline_place": story.dateline_place,
        "continues_on": story.continues_on,
        "continued_from": story.continued_from,
        "warnings": [warning.code for warning in story.warnings],
    }


def story_cases():
    for name in PAGES:
        for number in range(len(expected(name)["stories"])):
            yield pytest.param(name, number, id=f"{name}-{number + 1}")


@pytest.fixture(scope="module")
def pages():
    return {name: parsed(name) for name in PAGES}


# The first samples, checked in test_import_parser.py.
EARLIER_SAMPLES = {"bylines", "furniture", "no_lead", "not_news", "one_story"}


def test_every_sample_page_has_its_expectations():
    pages = {path.stem for path in SAMPLES.glob("*.txt")}
    assert pages - set(PAGES) == EARLIER_SAMPLES


@pytest.mark.parametrize("name", PAGES)
def test_page_gives_its_stories_header_and_remainder(pages, name):
    page, spec = pages[name], expected(name)
    assert len(page.stories) == len(spec["stories"])
    assert [[line.kind, line.line] for line in page.page_lines] == spec["page_lines"]
    assert [piece.line for piece in page.unparsed] == spec["unparsed"]
    header = spec.get("header")
    if header is not None:
        assert {
            "paper": page.header.paper,
            "date": page.header.date.isoformat() if page.header.date else None,
            "page": page.header.page,
            "page_label": page.header.page_label,
            "page_name": page.header.page_name,
            "editors": [[e.title, e.name] for e in page.header.editors],
        } == header
    else:
        assert not page.header


@pytest.mark.parametrize(("name", "number"), list(story_cases()))
def test_story(pages, name, number):
    want = {**STORY_DEFAULTS, **expected(name)["stories"][number]}
    assert summary(pages[name].stories[number]) == want


def non_blank(text):
    return "".join(char for char in text if not is_blank(char))


@pytest.mark.parametrize("name", PAGES)
def test_page_keeps_every_character_once_in_order(pages, name):
    text = sample_text(f"{name}.txt")
    assert non_blank("".join(pages[name].fields())) == non_blank(text)


def expected_article(story_spec):
    """The article a story of the expected files becomes, built from its parts.

    Paragraphs are ``<p>``, subheads ``<h3>``, the editor's note a
    ``<blockquote>``; a caption is a photo item's text, or else kept aside
    with its credit for the photo still to be added.
    """
    kind = story_spec.get("kind", "story")
    parts = story_spec["parts"]
    body, captions = [], []
    for index, (part, text) in enumerate(parts):
        if part == "paragraph" or (part == "caption" and kind == "photo"):
            body.append(f"<p>{escape(text)}</p>")
        elif part == "subhead":
            body.append(f"<h3>{escape(text)}</h3>")
        elif part == "note":
            body.append(f"<blockquote><p>{escape(text)}</p></blockquote>")
        elif part == "caption":
            after = parts[index + 1] if index + 1 < len(parts) else None
            credit = after[1] if after and after[0] == "byline" else ""
            captions.append({"text": text, "credit": credit})
    texts = {
        kind: [t for k, t in parts if k == kind] for kind in ("kicker", "subtitle")
    }
    return {
        "kind": kind,
        "kicker": " ".join(texts["kicker"]),
        "dek": " ".join(t.lstrip("—－-").strip() for t in texts["subtitle"]),
        "body": sanitize_body("".join(body)),
        "print_captions": captions,
        "source": story_spec.get("source", ""),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_the_import_service_keeps_every_part_of_every_story(name):
    page = parsed(name)
    spec = expected(name)
    edition = date.fromisoformat(spec["edition"])

    result = import_page(page, name=f"{name}.txt", edition=edition)

    assert result.created == len(page.stories)
    for story_result, story_spec in zip(result.stories, spec["stories"], strict=True):
        story = story_result.story
        article = Article.objects.get(pk=story_result.article.pk)
        assert article.headline == story.headline
        assert {
            field: getattr(article, field) for field in expected_article(story_spec)
        } == expected_article(story_spec)
        credited = {(b.reporter.name, b.role) for b in article.bylines.all()}
        assert credited == {
            (name, role)
            for name, _title, roles in story_spec.get("credits", [])
            for role in roles
        }
        titles = {b.reporter.name: b.reporter.title for b in article.bylines.all()}
        assert titles == {
            name: title for name, title, _roles in story_spec.get("credits", [])
        }
        # An agency's reporters are never the paper's own.
        for name_, _title, _roles in story_spec.get("source_credits", []):
            assert not Reporter.objects.filter(name=name_).exists()
            assert name_ in article.source_byline


def test_generated_pages_of_mixed_conventions_give_every_story():
    rng = random.Random(15)
    for number in range(60):
        text, count = mixed_page(rng, number)
        page = parse_page(text, edition=date(2025, 10, 3))
        assert (len(page.stories), page.unparsed) == (count, []), text
        assert page.header.page == number % 16 + 1
        assert non_blank("".join(page.fields())) == non_blank(text)
