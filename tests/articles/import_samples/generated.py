"""Whole pages in a mix of conventions, generated from a seed, for volume.

``mixed_page(rng, number)`` returns ``(text, stories)``: a page with a
masthead, an editors line, now and then a column label, and eight to
fourteen stories in the conventions of ``conventions.py`` (closing byline,
credited lead under a stacked headline, wire, feature with subheads,
brief, editor's note, photo), column breaks included; ``stories`` is how
many it holds. The same seed gives the same pages, so a benchmark can time
the parser on a thousand of them and a test can check a few dozen.
"""

from . import strategies as vocabulary

PLACES = [
    "东湖区",
    "城南新区",
    "滨湖街道",
    "凤栖村",
    "区人社局",
    "区教育局",
    "明湖街道",
]
ACTIONS = [
    "召开安全生产推进会",
    "开展消防演练",
    "举办青年人才招聘会",
    "推进老旧小区改造",
    "开展食品安全检查",
    "部署秋冬季防汛工作",
]
KINDS = ["seed", "daily", "wire", "feature", "brief", "note", "photo"]
_NO_CUT_AFTER = "。！？!?;；:：“”"


def _headline(rng):
    return rng.choice(PLACES) + rng.choice(ACTIONS)


def _paragraph(rng):
    return "".join(rng.choice(vocabulary.SENTENCES) for _ in range(rng.randint(1, 4)))


def _columns(rng, text):
    """Break ``text`` where a column ends, past the length of a subhead."""
    if len(text) > 40 and rng.random() < 0.4:
        cut = rng.randrange(26, len(text) - 3)
        if text[cut - 1] not in _NO_CUT_AFTER:
            return text[:cut] + "\n" * rng.randint(1, 3) + text[cut:]
    return text


def _story(rng):
    kind = rng.choice(KINDS)
    lines = []
    if kind == "seed":
        lead = rng.choice(vocabulary.LEADS)
        byline = rng.choice(vocabulary.BYLINES)[0]
        lines += [_headline(rng), "　　" + _columns(rng, lead + _paragraph(rng))]
        lines.append(_columns(rng, _paragraph(rng)) + " " + byline)
    elif kind == "daily":
        if rng.random() < 0.5:
            lines.append(rng.choice(vocabulary.KICKERS))
        lines.append(_headline(rng))
        if rng.random() < 0.5:
            lines.append(rng.choice(vocabulary.SUBTITLES))
        lead = rng.choice(vocabulary.CREDITED_LEADS)[0]
        lines += [_columns(rng, lead + _paragraph(rng)), _columns(rng, _paragraph(rng))]
        if rng.random() < 0.2:
            lines[-1] += "（下转第3版）"
    elif kind == "wire":
        lead = rng.choice(vocabulary.WIRE_LEADS)[0]
        lines += [_headline(rng), _columns(rng, lead + _paragraph(rng))]
    elif kind == "feature":
        lines += [
            _headline(rng),
            rng.choice(vocabulary.SUBTITLES),
            rng.choice(vocabulary.TOP_BYLINES)[0],
        ]
        for _ in range(rng.randint(2, 5)):
            lines.append(_columns(rng, _paragraph(rng)))
            if rng.random() < 0.4:
                lines.append(rng.choice(vocabulary.SUBHEADS))
        lines.append(_columns(rng, _paragraph(rng)))
    elif kind == "brief":
        credit = rng.choice(vocabulary.NAME_CREDITS)[0]
        lines += ["■" + _headline(rng), _paragraph(rng) + credit]
    elif kind == "note":
        lead = rng.choice(vocabulary.CREDITED_LEADS)[0]
        lines += [_headline(rng), rng.choice(vocabulary.NOTES)]
        lines.append(_columns(rng, lead + _paragraph(rng)))
    else:
        credit = rng.choice(["本报记者 梁晨 摄", "（孔德明 摄）"])
        lines += [_headline(rng), "10月1日，" + _paragraph(rng) + credit]
    return "\n".join(lines)


def mixed_page(rng, number):
    """Return ``(text, stories)`` for page ``number`` of a generated edition."""
    parts = [
        f"东湖日报　2025年10月3日　星期五　第{number % 16 + 1}版　要闻",
        "责任编辑：周海波　美术编辑：林珊",
    ]
    count = rng.randint(8, 14)
    for _ in range(count):
        if rng.random() < 0.08:
            parts.append(rng.choice(["短讯", "图片新闻"]))
        parts.append(_story(rng))
    return "\n\n".join(parts), count
