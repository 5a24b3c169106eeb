"""The story body's HTML: what the editor may produce, and reading it as text.

``BODY_EDITOR_EXTENSIONS`` configures the rich-text editor; ``sanitize_body``
is the one allowlist applied to every body, from the admin's form field as
well as from ``Article.save()`` for imports and scripts.
"""

import re

import nh3
from django.utils.html import strip_tags

BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
    "HardBreak": True,
    "History": True,
}

# What the editor above can produce, and nothing else.
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
