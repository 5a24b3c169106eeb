"""A story as WeChat's 公众号 editor takes it: plain HTML with inline styles.

The editor keeps inline ``style`` attributes and drops classes, stylesheets,
scripts and outside links, so every element carries its own look, photos are
renditions at absolute addresses (the editor fetches them on paste), and
links become their text.
"""

import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from newsroom.addresses import absolute_url
from pictures.renditions import rendition_near

# The width photos are exported at: a phone screen at twice its density.
IMAGE_WIDTH = 1024

STYLES = {
    "section": "font-size:16px;line-height:1.75;color:#333;letter-spacing:0.5px;",
    "kicker": "font-size:14px;color:#888;margin:0 0 4px;",
    "h1": "font-size:22px;line-height:1.4;font-weight:bold;color:#111;margin:0 0 8px;",
    "dek": "font-size:15px;color:#666;margin:0 0 12px;",
    "meta": "font-size:13px;color:#999;margin:0 0 16px;",
    "p": "margin:0 0 16px;text-indent:2em;text-align:justify;",
    "h2": "font-size:18px;font-weight:bold;color:#b00;margin:24px 0 12px;",
    "h3": "font-size:17px;font-weight:bold;color:#b00;margin:20px 0 10px;",
    "blockquote": "margin:0 0 16px;padding:8px 12px;border-left:3px solid #b00;"
    "background:#f7f7f7;color:#555;",
    "ul": "margin:0 0 16px;padding-left:2em;",
    "ol": "margin:0 0 16px;padding-left:2em;",
    "li": "margin:0 0 6px;",
    "figure": "margin:0 0 16px;text-align:center;",
    "img": "max-width:100%;height:auto;display:block;margin:0 auto;",
    "figcaption": "font-size:13px;color:#888;margin:6px 0 0;text-align:center;",
}

_OPENING = re.compile(r"<(p|h2|h3|blockquote|ul|ol|li)(?:\s[^>]*)?>")
_LINK = re.compile(r"<a\s[^>]*>|</a>")


def styled_body(html):
    """Give each block of a sanitized body its inline style; links become text."""
    html = _LINK.sub("", html or "")
    return _OPENING.sub(lambda m: f'<{m[1]} style="{STYLES[m[1]]}">', html)


def export(article):
    """Return the story as one block of inline-styled HTML for the 公众号 editor."""
    parts = []
    kicker = getattr(article, "kicker", "")
    if kicker:
        parts.append(format_html('<p style="{}">{}</p>', STYLES["kicker"], kicker))
    parts.append(format_html('<h1 style="{}">{}</h1>', STYLES["h1"], article.headline))
    if article.dek:
        parts.append(format_html('<p style="{}">{}</p>', STYLES["dek"], article.dek))
    parts.append(
        format_html('<p style="{}">{}</p>', STYLES["meta"], article.byline_text())
    )
    for photo in article.photos_in_order():
        image = rendition_near(photo.image, IMAGE_WIDTH)
        if image is None:
            continue
        caption = photo.caption
        if photo.credit:
            caption = (
                f"{caption}（{photo.credit} 摄）"
                if caption
                else f"（{photo.credit} 摄）"
            )
        parts.append(
            format_html(
                '<figure style="{}"><img src="{}" width="{}" height="{}" alt="{}" '
                'style="{}">{}</figure>',
                STYLES["figure"],
                absolute_url(image["url"]),
                image["width"],
                image["height"],
                photo.alt_text,
                STYLES["img"],
                format_html(
                    '<figcaption style="{}">{}</figcaption>',
                    STYLES["figcaption"],
                    caption,
                )
                if caption
                else "",
            )
        )
    parts.append(mark_safe(styled_body(article.body)))
    corrections = list(article.corrections.all())
    if corrections:
        parts.append(
            format_html_join(
                "",
                '<p style="{}">{}</p>',
                ((STYLES["dek"], correction.text) for correction in corrections),
            )
        )
    return format_html(
        '<section style="{}">{}</section>', STYLES["section"], mark_safe("".join(parts))
    )
