"""The articles app's models: the story, its parts and its records.

``article`` defines ``Article`` and the queries pages read; ``parts`` its
bylines, photos and tags; ``edition`` the printed pages and where each story
was printed on them; ``records`` what happens to it (timeline events,
corrections, former addresses, preview links, proofreading passes) and the
banned-words list; ``drafts`` the autosaved text of open forms. Import them
from here.
"""

from .article import Article
from .drafts import AutosavedDraft
from .edition import (
    EditionPage,
    PrintPage,
    PrintPlacement,
    edition_contents,
    page_label,
)
from .parts import Byline, Photo, TaggedArticle
from .queries import SUMMARY_FIELDS, ArticleQuerySet
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
    "AutosavedDraft",
    "ArticleRedirect",
    "BannedWord",
    "Byline",
    "Correction",
    "EditionPage",
    "Photo",
    "PreviewLink",
    "PrintPage",
    "PrintPlacement",
    "ProofreadingPass",
    "TaggedArticle",
    "edition_contents",
    "page_label",
]
