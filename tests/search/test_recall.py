"""Search finds exactly what a substring scan finds, over a generated corpus."""

import random
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.search import backends
from articles.search.index import document_text
from articles.search.tokens import UNSPACED, normalize
from bench.corpus import LATIN_TERMS, CorpusGenerator
from staff.models import Department

pytestmark = pytest.mark.django_db

ARTICLES = 240
CHINESE_RUN = re.compile(rf"[{UNSPACED}]+")
NEAR_MISSES = [
    "计划于2023 年完工",
    "截至2023，年度目标完成",
    "核心区CBD，区域规划",
    "引进5 G基站",
    "空气质量PM2 5监测",
    "解读2023年郑州市考核办法",
    "CBD区建设",
    "5G基站开通",
]
NEAR_MISS_QUERIES = [["2023年"], ["cbd区"], ["5g基站"], ["pm2.5"], ["读2023年郑"]]


@pytest.fixture
def corpus():
    """Return {article id: (normalized text, normalized headline, public)}."""
    generator = CorpusGenerator(seed=11, length=260)
    rng = random.Random(11)
    desk = Department.objects.create(name="测试", slug="test")
    now = timezone.now()
    states = [
        {"status": Article.Status.PUBLISHED},
        {"status": Article.Status.PUBLISHED},
        {"status": Article.Status.PUBLISHED},
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.UNPUBLISHED},
        {"status": Article.Status.PUBLISHED, "future": True},
    ]
    articles = []
    for n in range(ARTICLES):
        story = generator.article()
        state = dict(rng.choice(states))
        future = state.pop("future", False)
        published_at = now + (1 if future else -1) * timedelta(
            minutes=rng.randint(1, 60 * 24 * 400)
        )
        articles.append(
            Article(
                headline=story.headline,
                dek=story.dek,
                body=story.body,
                slug=f"recall-{n}",
                department=desk,
                published_at=published_at,
                **state,
            )
        )
    # Near misses: the same runs with something between them.
    for n, text in enumerate(NEAR_MISSES):
        articles.append(
            Article(
                headline=text[:10],
                body=f"<p>{text}</p>",
                slug=f"near-miss-{n}",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(days=n + 1),
            )
        )
    Article.objects.bulk_create(articles)
    return {
        article.pk: (
            normalize(document_text(article)),
            normalize(article.headline),
            article.status == Article.Status.PUBLISHED and article.published_at <= now,
        )
        for article in Article.objects.all()
    }


def scan(corpus, terms, *, public):
    return {
        pk
        for pk, (text, _, visible) in corpus.items()
        if (visible or not public) and all(normalize(term) in text for term in terms)
    }


def substrings(corpus, length, count, rng):
    runs = [
        run
        for text, _, _ in corpus.values()
        for run in CHINESE_RUN.findall(text)
        if len(run) >= length
    ]
    picked = []
    for _ in range(count):
        run = rng.choice(runs)
        start = rng.randrange(len(run) - length + 1)
        picked.append(run[start : start + length])
    return picked


def queries(corpus):
    rng = random.Random(5)
    chosen = []
    for length in (1, 2, 3, 4, 6, 8):
        chosen += [[q] for q in substrings(corpus, length, 25, rng)]
    # Pairs of characters that straddle runs, or never occur at all.
    chinese = "".join(sorted({c for text, _, _ in corpus.values() for c in text}))
    chinese = CHINESE_RUN.findall(chinese)
    letters = "".join(chinese)
    chosen += [[rng.choice(letters) + rng.choice(letters)] for _ in range(25)]
    chosen += [["2023年"], ["5G"], ["cbd"], ["PM2.5"], ["3D打印"], ["12345热线"]]
    chosen += NEAR_MISS_QUERIES
    chosen += [[term] for term in LATIN_TERMS]
    chosen += [
        [a, b]
        for a, b in zip(
            substrings(corpus, 2, 15, rng), substrings(corpus, 3, 15, rng), strict=True
        )
    ]
    return chosen


def test_readers_find_exactly_what_a_substring_scan_finds(corpus, find):
    misses = []
    for terms in queries(corpus):
        found = find(" ".join(terms))
        assert len(found) == len(set(found)), terms
        expected = scan(corpus, terms, public=True)
        if set(found) != expected:
            misses.append((terms, expected - set(found), set(found) - expected))
    assert misses == []


def test_editors_find_every_state_exactly(corpus, find_any):
    misses = []
    for terms in queries(corpus):
        expected = scan(corpus, terms, public=False)
        if find_any(" ".join(terms)) != expected:
            misses.append(terms)
    assert misses == []


@pytest.mark.parametrize("newest_scanned", [backends.postgresql.NEWEST_SCANNED, 3])
def test_results_are_ranked_headline_first_then_newest(
    corpus, find, monkeypatch, newest_scanned
):
    monkeypatch.setattr(backends.postgresql, "NEWEST_SCANNED", newest_scanned)
    keys = dict(Article.objects.values_list("pk", "search_document__sort_key"))
    for terms in queries(corpus)[:60]:
        found = find(" ".join(terms))
        tiers = [all(normalize(t) in corpus[pk][1] for t in terms) for pk in found]
        assert tiers == sorted(tiers, reverse=True), terms
        for tier in (True, False):
            group = [pk for pk, t in zip(found, tiers, strict=True) if t is tier]
            assert group == sorted(group, key=keys.get, reverse=True), terms


def test_the_corpus_is_big_enough_to_mean_something(corpus):
    public = sum(visible for _, _, visible in corpus.values())
    assert public > ARTICLES // 3
    assert len(scan(corpus, ["工作"], public=True)) > 50
    assert 0 < len(scan(corpus, ["2023年"], public=False)) < ARTICLES


@pytest.mark.parametrize(
    "without_prefixes_limit", [backends.postgresql.WITHOUT_PREFIXES_LIMIT, 0]
)
def test_postgresql_finds_the_same_when_the_newest_hold_too_few(
    corpus, find, monkeypatch, without_prefixes_limit
):
    """The GIN path (for words the newest stories lack) finds exactly the same,
    whether a short term is left to the text check or asked of the index."""
    monkeypatch.setattr(backends.postgresql, "NEWEST_SCANNED", 3)
    monkeypatch.setattr(
        backends.postgresql, "WITHOUT_PREFIXES_LIMIT", without_prefixes_limit
    )
    misses = []
    for terms in queries(corpus)[::3]:
        found = find(" ".join(terms))
        if sorted(found) != sorted(scan(corpus, terms, public=True)):
            misses.append(terms)
        assert len(found) == len(set(found))
    assert misses == []
