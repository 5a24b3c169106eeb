"""Properties of the print-page parser that hold for any input whatsoever."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importing.parser import is_blank, parse_page

HEADLINES = [
    "经开区召开夏季防汛工作部署会",
    "潮河办事处开展老旧小区加装电梯入户宣讲",
    "区市场监管局开展校园周边食品安全专项检查",
    "经开区图书馆延长周末开放时间",
    "明湖办事处多措并举提升垃圾分类实效",
]
SENTENCES = [
    "会议通报了去年汛期积水点的整改情况。",
    "社区干部逐楼栋讲解加装电梯的申请条件和补贴标准。",
    "执法人员重点查看经营许可和从业人员健康证明。",
    "馆内同步增设自助借还设备,读者可凭社保卡办理借阅。",
    "各办事处要在月底前完成辖区低洼路段的逐一排查!",
    "居民关心的费用分摊、采光影响等问题得到现场解答。",
    "下一步,区里将把分类准确率纳入社区年度考评。",
]
LEADS = [
    "本报讯 5月6日,",
    "本报讯 连日来,",
    "本报讯 日前,",
    "本报讯 昨日,",
    "本报讯 3月16日,",
]
BYLINES = [
    ("记者 程远", [("程远", "reporter", ("text",))]),
    ("记者 罗晓 文/图", [("罗晓", "reporter", ("text", "photo"))]),
    (
        "见习记者 周文博 文 记者 林晓雪 图",
        [("周文博", "trainee", ("text",)), ("林晓雪", "reporter", ("photo",))],
    ),
    (
        "记者 程远 通讯员 韩雪梅",
        [
            ("程远", "reporter", ("text",)),
            ("韩雪梅", "correspondent", ("correspondent",)),
        ],
    ),
    ("摄影记者 郑海", [("郑海", "photographer", ("photo",))]),
]
# Fragments that exercise every rule of the parser when thrown together.
FRAGMENTS = [
    *HEADLINES,
    *SENTENCES,
    *LEADS,
    *(byline for byline, _credits in BYLINES),
    "本报讯",
    "记者",
    "通讯员",
    "文/图",
    "——",
    "(下转第2版)",
    "(上接第1版)",
    "2024年5月8日 星期三 第2版",
    "区等多方协作;",
    "一是",
    "二是要强化服务;",
    "。",
    ",",
    ";",
    "、",
    "“",
    "”",
    "(",
    ")",
    "2月30日",
    " ",
    "\u3000",
    "\ufeff",
    "\n",
    "\n\n",
    "\n\n\n\n",
    "\r\n",
]
page_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=80
).map("".join)
any_text = st.one_of(st.text(), page_like)
# The extremes of the calendar included: a dateline must never overflow it.
editions = st.one_of(
    st.none(), st.dates(), st.sampled_from([date.min, date.max, date(2024, 2, 29)])
)


def non_blank(text):
    return "".join(char for char in text if not is_blank(char))


@settings(max_examples=400, deadline=None)
@given(text=any_text, edition=editions)
def test_every_character_appears_exactly_once_in_reading_order(text, edition):
    page = parse_page(text, edition=edition)
    assert non_blank("".join(page.fields())) == non_blank(text)


@settings(max_examples=200, deadline=None)
@given(text=any_text, edition=editions)
def test_parsing_is_deterministic(text, edition):
    assert parse_page(text, edition=edition) == parse_page(text, edition=edition)


@settings(max_examples=200, deadline=None)
@given(text=any_text, edition=editions)
def test_stories_are_well_formed(text, edition):
    for story in parse_page(text, edition=edition).stories:
        assert story.headline.strip()
        assert all(paragraph.strip() for paragraph in story.paragraphs)
        assert all(credit.name and credit.roles for credit in story.credits)
        if story.dateline is not None:
            assert edition is not None


@st.composite
def printed_story(draw):
    """Return ``(story, layout)``: what was written and how the page prints it."""
    headline = draw(st.sampled_from(HEADLINES))
    count = draw(st.integers(1, 4))
    paragraphs = [
        "".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)))
        for _ in range(count)
    ]
    paragraphs[0] = draw(st.sampled_from(LEADS)) + paragraphs[0]
    byline, credits = draw(st.sampled_from(BYLINES))
    pieces = []
    for number, paragraph in enumerate(paragraphs):
        # Columns cut anywhere but right after punctuation that could end a
        # paragraph, and never inside the 本报讯 that opens the story.
        cuts = [
            i
            for i in range(5 if number == 0 else 1, len(paragraph))
            if paragraph[i - 1] not in "。！？!?;；:：“”"
        ]
        chosen = (
            sorted(draw(st.sets(st.sampled_from(cuts), max_size=3))) if cuts else []
        )
        start = 0
        for cut in chosen:
            pieces.append(paragraph[start:cut])
            pieces.append("\n" * draw(st.integers(1, 4)))
            start = cut
        pieces.append(paragraph[start:])
        if number < count - 1:
            pieces.append("\n\n")
    pieces.append(draw(st.sampled_from([" ", "", "\n\n", "\n"])) + byline)
    layout = headline + "\n\n" + "".join(pieces)
    return (headline, paragraphs, credits), layout


@settings(max_examples=150, deadline=None)
@given(stories=st.lists(printed_story(), min_size=1, max_size=6), gap=st.integers(1, 4))
def test_layout_damage_is_undone(stories, gap):
    text = ("\n" * gap).join(layout for _story, layout in stories)
    page = parse_page(text, edition=date(2024, 5, 8))
    assert page.unparsed == []
    assert len(page.stories) == len(stories)
    for parsed, ((headline, paragraphs, credits), _layout) in zip(
        page.stories, stories, strict=True
    ):
        assert parsed.headline == headline
        assert [non_blank(p) for p in parsed.paragraphs] == [
            non_blank(p) for p in paragraphs
        ]
        assert [(c.name, c.title, c.roles) for c in parsed.credits] == credits
        assert "lost_text" not in [w.code for w in parsed.warnings]
        assert "unfinished" not in [w.code for w in parsed.warnings]
