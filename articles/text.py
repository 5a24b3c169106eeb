"""Text rules the newsroom applies to copy: sanitizing, counting, slugs."""

import re
import unicodedata

import nh3
from django.utils.html import strip_tags
from django.utils.text import slugify
from pypinyin import lazy_pinyin

# What the rich-text editor can produce, and nothing else.
BODY_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
}
BODY_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
BODY_URL_SCHEMES = {"http", "https", "mailto"}

_CJK = (
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\U00020000-\U0002a6df\U0002a700-\U0002ebef"
)
_COUNTED = re.compile(
    rf"[{_CJK}]|[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*|[^\s{_CJK}A-Za-z0-9]"
)


def sanitize_body(html):
    """Return ``html`` reduced to the tags the editor produces, without scripts."""
    cleaned = nh3.clean(
        html or "",
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes=BODY_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An editor left empty still submits one empty paragraph.
    if re.fullmatch(r"\s*(<p>\s*(<br>)?\s*</p>\s*)*", cleaned):
        return ""
    return cleaned


def plain_text(html):
    """Return the visible text of ``html`` with paragraphs on their own lines."""
    with_breaks = re.sub(r"</(p|h2|h3|li|blockquote)>|<br>", "\n", html or "")
    text = strip_tags(with_breaks)
    text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def count_characters(text):
    """Count copy the way Chinese newsrooms do (字数).

    Each Chinese character and each punctuation mark counts once, and so does
    each run of Latin letters or digits (2023, CBD), as word processors count.
    """
    return len(_COUNTED.findall(unicodedata.normalize("NFKC", text or "")))


def pinyin_slug(text, max_length=60):
    """Return an ASCII slug for ``text``, spelling Chinese in pinyin."""
    words = lazy_pinyin(text or "")
    slug = slugify(" ".join(words))
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    # Break at a syllable boundary so the slug stays readable.
    return cut.rsplit("-", 1)[0] if "-" in cut else cut
