"""The print parser's pieces: bylines, leads, datelines, the page's own lines."""

from datetime import date

import pytest

from articles.importing.datelines import date_opening, resolve_day
from articles.importing.parser import Credit, parse_byline, parse_page, split_credit
from articles.importing.parser.bylines import split_byline, title_of
from articles.importing.parser.header import column_label, read_editors, read_masthead
from articles.importing.parser.leads import read_lead
from articles.importing.parser.lines import infer_headline, split_bullet_line
from articles.importing.stories import PageEditor

EDITION = date(2025, 10, 3)


def people(credits):
    return [(c.name, c.title, c.roles) for c in credits]


@pytest.mark.parametrize(
    ("word", "title"),
    [
        ("记者", "reporter"),
        ("本报记者", "reporter"),
        ("首席记者", "reporter"),
        ("全媒体记者", "reporter"),
        ("本报首席记者", "reporter"),
        ("东湖日报记者", "reporter"),
        ("区融媒体中心记者", "reporter"),
        ("新华社记者", "reporter"),
        ("见习记者", "trainee"),
        ("本报见习记者", "trainee"),
        ("摄影记者", "photographer"),
        ("本报摄影记者", "photographer"),
        ("通讯员", "correspondent"),
        ("特约通讯员", "correspondent"),
        ("实习生", "intern"),
        ("本报实习生", "intern"),
        ("他向记者", None),
        ("记者节", None),
        ("鲁慧", None),
    ],
)
def test_title_words_are_an_open_list(word, title):
    assert title_of(word) == title


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        (
            "记者 甲乙 实习生 丙丁",
            [("甲乙", "reporter", ("text",)), ("丙丁", "intern", ("trainee",))],
        ),
        (
            "首席记者 陈立群 全媒体记者 何晓燕",
            [("陈立群", "reporter", ("text",)), ("何晓燕", "reporter", ("text",))],
        ),
        (
            "文/本报记者 廖志远 图/本报记者 孔德明",
            [("廖志远", "reporter", ("text",)), ("孔德明", "reporter", ("photo",))],
        ),
        (
            "记者 易航 制图 叶青",
            [("易航", "reporter", ("text",)), ("叶青", "reporter", ("graphics",))],
        ),
        ("制图：叶青", [("叶青", "reporter", ("graphics",))]),
        ("梁晨 摄", [("梁晨", "reporter", ("photo",))]),
        ("梁晨摄", [("梁晨", "reporter", ("photo",))]),
        (
            "本报记者 甲乙 丙丁 报道",
            [("甲乙", "reporter", ("text",)), ("丙丁", "reporter", ("text",))],
        ),
        ("新华社记者 韦一鸣 摄", [("韦一鸣", "reporter", ("photo",))]),
        ("甲乙 供图", [("甲乙", "reporter", ("photo",))]),
    ],
)
def test_byline_groups_titles_and_roles(text, credits):
    assert people(parse_byline(text)) == credits


def test_a_credit_keeps_its_printed_title_outside_comparisons():
    (credit,) = parse_byline("首席记者 陈立群")
    assert credit.printed_title == "首席记者"
    assert credit == Credit("陈立群", "reporter", ("text",))
    (unprinted,) = parse_byline("（周伟）", untitled=True)
    assert (unprinted.title, unprinted.printed_title) == ("reporter", "")


@pytest.mark.parametrize(
    "text",
    ["周伟", "（周伟）", "周伟 孙静", "甲乙 文", "专题 报道", "记者 实习生 丙丁"],
)
def test_names_without_a_title_are_no_byline_on_their_own(text):
    assert parse_byline(text) is None


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        ("（周伟）", [("周伟", "reporter", ("text",))]),
        (
            "（周伟 孙静）",
            [("周伟", "reporter", ("text",)), ("孙静", "reporter", ("text",))],
        ),
        (
            "（周伟、孙静）",
            [("周伟", "reporter", ("text",)), ("孙静", "reporter", ("text",))],
        ),
    ],
)
def test_names_in_parentheses_credit_a_brief(text, credits):
    assert people(parse_byline(text, untitled=True)) == credits


@pytest.mark.parametrize(
    "text",
    [
        "（待续）",
        "（完）",
        "（试行）",
        "（资料图片）",
        "（记者）",
        "（据新华社）",
        "（本报综合）",
        "（人民网）",
        "（新华社）",
    ],
)
def test_parenthesised_words_that_are_no_names(text):
    assert parse_byline(text, untitled=True) is None


def test_a_brief_ends_with_names_after_a_sentence():
    split = split_credit("……正式开馆。（周伟）")
    assert (split.body, split.text, split.names_only) == (
        "……正式开馆。",
        "（周伟）",
        True,
    )
    assert people(split.credits) == [("周伟", "reporter", ("text",))]
    # Bylines in the old sense stay titled: a brief's names are not one.
    assert split_byline("……正式开馆。（周伟）") is None


def test_names_after_an_unfinished_sentence_count_only_in_a_brief():
    assert split_credit("活动由区文联主办（周伟）") is None
    loose = split_credit("活动由区文联主办（周伟）", loose=True)
    assert loose.body == "活动由区文联主办"


def test_a_photo_credit_in_parentheses_follows_any_caption():
    split = split_credit("园区光伏车棚一角（梁晨 摄）")
    assert (split.body, split.caption) == ("园区光伏车棚一角", True)
    assert split_credit("……丰收。 本报记者 梁晨 摄").caption
    assert not split_credit("……丰收。记者 鲁慧 文/图").caption


@pytest.mark.parametrize(
    ("text", "wire", "source", "place", "date_text", "credits"),
    [
        ("本报讯（记者 甲乙）10月2日，", False, "", "", "", ["甲乙"]),
        ("本报10月3日讯（记者 甲乙）3日，", False, "", "", "10月3日", ["甲乙"]),
        ("本报北京10月2日讯 近日，", False, "", "北京", "10月2日", None),
        ("东湖日报讯 近日，", False, "", "", "", None),
        (
            "新华社北京10月2日电（记者 甲乙 丙丁）记者",
            True,
            "新华社",
            "北京",
            "10月2日",
            ["甲乙", "丙丁"],
        ),
        ("新华社华盛顿10月1日电 美国", True, "新华社", "华盛顿", "10月1日", None),
        ("据新华社电 国庆假期期间", True, "新华社", "", "", None),
        (
            "中新社上海10月2日电（记者 易航）",
            True,
            "中新社",
            "上海",
            "10月2日",
            ["易航"],
        ),
        ("东湖晚报10月2日电 记者", True, "东湖晚报", "", "10月2日", None),
    ],
)
def test_lead_markers(text, wire, source, place, date_text, credits):
    lead = read_lead(text)
    assert (lead.wire, lead.source, lead.place, lead.date_text) == (
        wire,
        source,
        place,
        date_text,
    )
    names = [c.name for c in lead.credits] if lead.credits is not None else None
    assert names == credits


@pytest.mark.parametrize(
    "text",
    ["国家电网东湖供电公司组织巡检", "据统计，", "本报记者 甲乙", "记者从国铁集团获悉"],
)
def test_text_that_opens_with_no_lead(text):
    assert read_lead(text) is None


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        ("10月2日，东湖区", "10月2日"),
        ("9月30日上午，", "9月30日"),
        ("2日，区统计局", "2日"),
        ("１０月２日，", "１０月２日"),
        ("5日起，", "5日"),
        ("3名志愿者", ""),
        ("2025年东湖区", ""),
        ("10月2日是重阳节", ""),
    ],
)
def test_datelines_that_open_a_paragraph(text, opening):
    assert date_opening(text) == opening


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (3, date(2025, 10, 3)),
        (2, date(2025, 10, 2)),
        (30, date(2025, 9, 30)),
        (31, None),
    ],
)
def test_a_day_alone_is_this_month_or_the_last(day, expected):
    assert resolve_day(day, EDITION) == expected


def test_a_day_alone_at_the_start_of_the_calendar():
    assert resolve_day(1, date.min) == date.min
    assert resolve_day(2, date.min) is None


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        (
            "东湖日报　2025年10月3日　星期五　第1版　要闻",
            ("东湖日报", date(2025, 10, 3), 1, "1", "要闻"),
        ),
        (
            "2025年10月3日 星期五 农历八月十二 东湖日报 第12版 文化",
            ("东湖日报", date(2025, 10, 3), 12, "12", "文化"),
        ),
        (
            "东湖日报 2025年10月3日 A01 要闻",
            ("东湖日报", date(2025, 10, 3), None, "A01", "要闻"),
        ),
        ("要闻 2025年10月3日 星期五", ("要闻", date(2025, 10, 3), None, "", "")),
        ("东湖日报 2025年2月30日 第2版", ("东湖日报", None, 2, "2", "")),
    ],
)
def test_mastheads(text, fields):
    header = read_masthead(text)
    assert (
        header.paper,
        header.date,
        header.page,
        header.page_label,
        header.page_name,
    ) == fields


@pytest.mark.parametrize(
    "text",
    [
        "2025年10月3日，全市召开会议。",
        "东湖区2025年10月3日召开了动员大会并部署了全年的各项重点任务和具体措施",
        "2025年9月30日",
        "东湖日报 2025年10月3日",
    ],
)
def test_lines_with_a_date_that_are_no_masthead(text):
    assert read_masthead(text) is None


def test_a_masthead_may_name_the_page_editor():
    header = read_masthead("经开新闻 2024年5月8日 星期三 第2版 责任编辑 王磊")
    assert header.editors == [PageEditor("责任编辑", "王磊")]
    assert header.page_name == ""


@pytest.mark.parametrize(
    ("text", "editors"),
    [
        (
            "责任编辑：周海波　美术编辑：林珊　校对：吴迪",
            [("责任编辑", "周海波"), ("美术编辑", "林珊"), ("校对", "吴迪")],
        ),
        ("责编 王磊", [("责编", "王磊")]),
        ("责任编辑：王磊、李静", [("责任编辑", "王磊"), ("责任编辑", "李静")]),
    ],
)
def test_editors_lines(text, editors):
    assert [(e.title, e.name) for e in read_editors(text)] == editors


@pytest.mark.parametrize(
    "text", ["责任编辑要认真审稿。", "责任编辑", "校对工作十分重要"]
)
def test_lines_about_editors_that_name_none(text):
    assert read_editors(text) is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("短讯", ("brief", "短讯")),
        ("【简讯】", ("brief", "简讯")),
        ("■ 经开短讯 ■", ("brief", "经开短讯")),
        ("图片新闻", ("photo", "图片新闻")),
        ("东湖区发布秋季招生快讯", None),
        ("本版导读", None),
    ],
)
def test_column_labels(text, label):
    assert column_label(text) == label


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        (
            "10月2日，东湖区举办首届社区运动会，全区28个社区参加。",
            "东湖区举办首届社区运动会",
        ),
        (
            "本报讯（记者 甲乙）9月30日上午，城南新区两所幼儿园通过验收。",
            "城南新区两所幼儿园通过验收",
        ),
        ("游客在滨湖夜市品尝特色小吃。", "游客在滨湖夜市品尝特色小吃"),
        ("日前，馆内，新增设备。", "馆内，新增设备"),
    ],
)
def test_a_headline_taken_from_the_text(text, headline):
    assert infer_headline(text) == headline


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "■区图书馆新馆开馆 10月1日，新馆开放。",
            ("■", "区图书馆新馆开馆", "10月1日，新馆开放。"),
        ),
        (
            "▲喜迎国庆 共享欢乐 东湖区举办健步走 10月2日，",
            ("▲", "喜迎国庆 共享欢乐 东湖区举办健步走", "10月2日，"),
        ),
        ("■ 10月2日，东湖区举办运动会。", ("■", "", "10月2日，东湖区举办运动会。")),
        ("■10月2日 东湖区举办运动会，", ("■", "", "10月2日 东湖区举办运动会，")),
    ],
)
def test_a_bullet_line_with_its_bold_lead(text, parts):
    assert split_bullet_line(text) == parts


def test_a_story_gives_its_parts_by_kind():
    text = (
        "聚焦民生实事\n社区食堂开进老小区\n——日均服务老人200余人次\n本报记者 田野\n"
        "编者按：本报今起推出系列报道。\n"
        "本报讯（通讯员 黄建华）10月2日，幸福里社区食堂开业。\n"
        "菜价实惠\n三菜一汤只要12元。\n食堂一角（梁晨 摄）\n老人们吃得很满意。"
    )
    (story,) = parse_page(text, edition=EDITION).stories
    assert (story.kicker, story.headline) == ("聚焦民生实事", "社区食堂开进老小区")
    assert story.subtitle == story.dek == "——日均服务老人200余人次"
    assert story.editor_note == "编者按：本报今起推出系列报道。"
    assert story.subheads == ["菜价实惠"]
    assert [b.kind for b in story.blocks] == [
        "note",
        "paragraph",
        "subhead",
        "paragraph",
        "caption",
        "paragraph",
    ]
    assert story.paragraphs == [b.text for b in story.blocks]
    assert story.byline_text == "本报记者 田野 （梁晨 摄）"
    assert people(story.credits) == [
        ("田野", "reporter", ("text",)),
        ("黄建华", "correspondent", ("correspondent",)),
        ("梁晨", "reporter", ("photo",)),
    ]
    assert list(story.fields()) == [part.text for part in story.parts]
    assert [part.line for part in story.parts] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 10]


def test_marks_before_bylines_subheads_and_briefs():
    text = (
        "夜市里的烟火气\n□本报记者 廖志远\n夜幕降临，滨湖夜市的灯笼次第亮起。\n"
        "◎ 摊位统一管理\n摊主们统一穿着工作服。\n（一）垃圾分类到位\n分类桶摆放整齐。\n"
        "●城东菜市场完成改造 9月28日，市场重新开门迎客。（易航）"
    )
    feature, brief = parse_page(text, edition=EDITION).stories
    assert [(p.kind, p.text) for p in feature.parts[:2]] == [
        ("headline", "夜市里的烟火气"),
        ("byline", "□本报记者 廖志远"),
    ]
    assert feature.subheads == ["◎ 摊位统一管理", "（一）垃圾分类到位"]
    assert people(feature.credits) == [("廖志远", "reporter", ("text",))]
    assert (brief.kind, brief.headline, brief.dateline) == (
        "brief",
        "城东菜市场完成改造",
        date(2025, 9, 28),
    )
