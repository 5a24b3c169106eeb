"""The articles app's models: the story, its parts and its records.

``article`` defines ``Article`` and the queries pages read; ``parts`` its
bylines, photos and tags; ``records`` what happens to it (timeline events,
corrections, former addresses, preview links, proofreading passes) and the
banned-words list. Import them from here.
"""

from .article import SUMMARY_FIELDS, Article, ArticleQuerySet
from .parts import Byline, Photo, TaggedArticle
from .records import (
    ArticleEvent,
    ArticleRedirect,
    BannedWord,
    Correction,
    PreviewLink,
    ProofreadingPass,
)

__all__ = [
    "SUMMARY_FIELDS",
    "Article",
    "ArticleEvent",
    "ArticleQuerySet",
    "ArticleRedirect",
    "BannedWord",
    "Byline",
    "Correction",
    "Photo",
    "PreviewLink",
    "ProofreadingPass",
    "TaggedArticle",
]
