from datetime import date

import pytest
from django.utils import translation

from articles.importing.decoding import UndecodablePage, decode_page
from articles.importing.parser import (
    BYLINE_MAX,
    Credit,
    is_blank,
    parse_byline,
    parse_page,
    resolve_dateline,
    split_byline,
)
from tests.articles.import_samples import sample_path, sample_text, seed_text

SEED_EDITION = date(2023, 3, 20)
SAMPLE_EDITION = date(2024, 5, 8)
LU_HUI = Credit("鲁慧", "reporter", ("text",))
LU_HUI_TEXT_PHOTO = Credit("鲁慧", "reporter", ("text", "photo"))


def non_blank(text):
    return "".join(char for char in text if not is_blank(char))


def codes(story):
    return [warning.code for warning in story.warnings]


@pytest.fixture(scope="module")
def seed():
    return parse_page(seed_text(), edition=SEED_EDITION)


def test_seed_page_gives_its_nine_stories_with_headlines_as_printed(seed):
    assert [story.headline for story in seed.stories] == [
        "市委督查室调研经开区“三个一批”项目建设情况",
        "经开区宣传部(文明办)开展文明城市创建实地督导",
        "经开区领导调研党建引领网格化基层治理工作",
        "经开区党工委第一巡察组巡察经济发展局进驻动员会召开",
        "经开区党工委第一巡察组召开巡察财政局(审计局)党支部进驻动员会",
        "城市精细化管理工作推进会召开",
        "经开区党工委第三巡察组巡察开放办工作动员会召开",
        "郑州经开发布(微信)被评选为“第一季度政务新媒体优秀账号”",
        "经开区首次开展“互联网+全民义务植树”活动",
    ]
    assert seed.unparsed == []


def test_seed_datelines_take_the_edition_year_and_none_for_undated_leads(seed):
    assert [story.dateline for story in seed.stories] == [
        date(2023, 3, 16),
        None,
        date(2023, 3, 18),
        date(2023, 3, 13),
        date(2023, 3, 13),
        date(2023, 3, 13),
        date(2023, 3, 15),
        None,
        date(2023, 3, 11),
    ]
    assert seed.stories[1].dateline_text == "连日来"
    assert seed.stories[7].dateline_text == "日前"


def test_seed_bylines_as_printed_with_roles(seed):
    assert [story.byline_text for story in seed.stories] == [
        "记者 鲁慧 文/图",
        "记者 鲁慧 文/图",
        "记者 鲁慧",
        "记者 鲁慧",
        "记者 鲁慧",
        "记者 鲁慧 文/图",
        "记者 鲁慧",
        "记者 鲁慧",
        "记者 鲁慧",
    ]
    credits = [story.credits for story in seed.stories]
    assert credits[0] == credits[1] == credits[5] == [LU_HUI_TEXT_PHOTO]
    assert all(
        credit == [LU_HUI] for i, credit in enumerate(credits) if i not in {0, 1, 5}
    )


def test_seed_paragraphs_broken_by_columns_are_rejoined(seed):
    stories = seed.stories
    assert [len(story.paragraphs) for story in stories] == [1, 2, 2, 1, 1, 2, 1, 1, 1]
    for story in stories:
        for paragraph in story.paragraphs:
            assert paragraph[-1] in "。！？", (story.headline, paragraph[-20:])
    joined = "".join(p for story in stories for p in story.paragraphs)
    for seam in [
        "提高群众对创建工作",
        "标准化平台",
        "区财政局(审计局)要求",
        "开展专项整治",
    ]:
        assert seam in joined
    assert stories[0].paragraphs[0].startswith("本报讯 3月16日,")
    assert not stories[0].paragraphs[0].endswith("记者 鲁慧 文/图")


def test_seed_lost_text_is_flagged_only_where_the_column_jump_lost_it(seed):
    lost = [story for story in seed.stories if "lost_text" in codes(story)]
    assert [story.headline for story in lost] == ["城市精细化管理工作推进会召开"]
    (warning,) = [w for w in lost[0].warnings if w.code == "lost_text"]
    assert warning.paragraph == 2
    assert warning.text.startswith("区等多级联动")
    # The fragment is kept as its own paragraph, not glued to the sentence before.
    assert lost[0].paragraphs[1].startswith("区等多级联动;")


def test_seed_warns_of_photo_credits_and_missing_datelines(seed):
    assert [codes(story) for story in seed.stories] == [
        ["photo_credit"],
        ["photo_credit", "no_dateline"],
        [],
        [],
        [],
        ["lost_text", "photo_credit"],
        [],
        ["no_dateline"],
        [],
    ]


def test_seed_keeps_every_character_once_in_order(seed):
    assert non_blank("".join(seed.fields())) == non_blank(seed_text())


def test_every_byline_shape_is_read():
    page = parse_page(sample_text("bylines.txt"), edition=SAMPLE_EDITION)
    assert [story.credits for story in page.stories] == [
        [Credit("程远", "reporter", ("text",))],
        [Credit("罗晓", "reporter", ("text", "photo"))],
        [
            Credit("周文博", "trainee", ("text",)),
            Credit("林晓雪", "reporter", ("photo",)),
        ],
        [
            Credit("程远", "reporter", ("text",)),
            Credit("韩雪梅", "correspondent", ("correspondent",)),
        ],
        [Credit("郑海", "photographer", ("photo",))],
        [
            Credit("程远", "reporter", ("text", "photo")),
            Credit("罗晓", "reporter", ("text", "photo")),
        ],
    ]
    assert [story.byline_text for story in page.stories][2] == (
        "见习记者 周文博 文 记者 林晓雪 图"
    )
    assert page.unparsed == []


def test_subtitle_becomes_the_dek_and_broken_words_are_joined():
    page = parse_page(sample_text("bylines.txt"), edition=SAMPLE_EDITION)
    jobs = page.stories[2]
    assert jobs.dek == "——现场提供岗位2300余个"
    assert jobs.paragraphs[1].endswith("尽快实现稳定就业。")
    lift = page.stories[1]
    assert "采光影响等问题。截至目前" in lift.paragraphs[0]
    assert len(lift.paragraphs) == 1


def test_page_with_one_story():
    page = parse_page(sample_text("one_story.txt"), edition=SAMPLE_EDITION)
    (story,) = page.stories
    assert story.headline == "经开区图书馆延长周末开放时间"
    assert story.dateline == date(2024, 5, 5)
    assert story.credits == [Credit("林晓雪", "reporter", ("text",))]
    assert story.warnings == []


def test_page_without_lead_marker_splits_stories_at_bylines():
    page = parse_page(sample_text("no_lead.txt"), edition=SAMPLE_EDITION)
    assert [story.headline for story in page.stories] == [
        "经开区第二届社区运动会落幕",
        "前程办事处开展消防安全演练",
    ]
    assert [len(story.paragraphs) for story in page.stories] == [2, 1]
    assert page.stories[0].paragraphs[1].endswith("找到适合自己的运动。")
    for story in page.stories:
        assert not story.has_lead
        assert codes(story) == ["no_lead", "no_dateline"]
        assert story.dateline is None


def test_text_that_is_not_a_newspaper_gives_no_stories_and_loses_nothing():
    text = sample_text("not_news.txt")
    page = parse_page(text, edition=SAMPLE_EDITION)
    assert page.stories == []
    assert len(page.unparsed) == 7
    assert non_blank("".join(page.fields())) == non_blank(text)


def test_page_furniture_jumps_and_lead_credits():
    page = parse_page(sample_text("furniture.txt"), edition=SAMPLE_EDITION)
    # The masthead is read into the header; the orphan continuation, with no
    # headline of its own, is left for the editor.
    assert [piece.line for piece in page.unparsed] == [3]
    assert [(line.kind, line.line) for line in page.page_lines] == [("masthead", 1)]
    assert (page.header.paper, page.header.date, page.header.page) == (
        "经开新闻",
        date(2024, 5, 8),
        2,
    )
    works, schools = page.stories
    assert works.credits == [
        Credit("罗晓", "reporter", ("text",)),
        Credit("韩雪梅", "correspondent", ("correspondent",)),
    ]
    assert works.byline_text == ""
    assert works.dateline == date(2024, 5, 7)
    assert works.dateline_text == "昨日"
    assert codes(works) == ["jump"]
    assert works.warnings[0].text == "(下转第3版)"
    # Items set out as 一是……；二是…… stay separate paragraphs.
    assert [p[:2] for p in works.paragraphs[1:]] == ["会上", "二是", "三是"]
    assert codes(schools) == ["lost_text"]


def test_unfinished_story_and_missing_byline_are_flagged():
    text = "区里召开会议\n\n本报讯 5月1日,区里召开会议,研究部署下一步\n"
    (story,) = parse_page(text, edition=SAMPLE_EDITION).stories
    assert codes(story) == ["unfinished", "no_byline"]


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        ("记者 鲁慧", [LU_HUI]),
        ("记者鲁慧", [LU_HUI]),
        ("(记者 鲁慧)", [LU_HUI]),
        ("记者 鲁慧 文/图", [LU_HUI_TEXT_PHOTO]),
        ("记者 鲁慧 文／图", [LU_HUI_TEXT_PHOTO]),
        ("记者 鲁慧、孙涛", [LU_HUI, Credit("孙涛", "reporter", ("text",))]),
        (
            "通讯员 阿依古丽·买买提",
            [Credit("阿依古丽·买买提", "correspondent", ("correspondent",))],
        ),
        ("摄影记者 孙涛 摄", [Credit("孙涛", "photographer", ("photo",))]),
    ],
)
def test_byline_shapes(text, credits):
    assert parse_byline(text) == credits


@pytest.mark.parametrize(
    "text",
    [
        "鲁慧",
        "记者",
        "记者 文/图",
        "记者 鲁慧 文/图 孙涛",
        "记者节当天举行座谈",
        "记者 鲁慧孙涛王明",
        "记者 鲁慧 文 图",
    ],
)
def test_text_that_is_not_a_byline(text):
    assert parse_byline(text) is None


def test_byline_at_the_end_of_a_paragraph_needs_a_sentence_end_or_a_space():
    assert split_byline("会议结束。记者 鲁慧") == ("会议结束。", "记者 鲁慧", [LU_HUI])
    assert split_byline("会议结束 记者 鲁慧")[1] == "记者 鲁慧"
    assert split_byline("他向记者 鲁慧") is None


def test_only_the_tail_of_a_paragraph_is_read_as_a_byline():
    credits = " ".join(f"记者 {name}" for name in ["鲁慧", "孙涛", "赵一鸣"] * 3)
    assert split_byline(f"会议结束。{credits}")[1] == credits
    too_long = " ".join(f"记者 {name}" for name in ["鲁慧", "孙涛", "赵一鸣"] * 9)
    body, byline, _credits = split_byline(f"会议结束。{too_long}")
    assert len(byline) <= BYLINE_MAX < len(too_long)
    assert f"{body} {byline}" == f"会议结束。{too_long}"


@pytest.mark.parametrize(
    ("month", "day", "edition", "expected"),
    [
        (3, 16, date(2023, 3, 20), date(2023, 3, 16)),
        (3, 20, date(2023, 3, 20), date(2023, 3, 20)),
        (12, 30, date(2024, 1, 3), date(2023, 12, 30)),
        (2, 29, date(2024, 3, 1), date(2024, 2, 29)),
        (2, 29, date(2023, 3, 1), None),
        (2, 30, date(2023, 3, 1), None),
        # A few days after the edition stays in its year (and is flagged).
        (3, 22, date(2023, 3, 20), date(2023, 3, 22)),
    ],
)
def test_dateline_year_comes_from_the_edition(month, day, edition, expected):
    assert resolve_dateline(month, day, edition) == expected


@pytest.mark.parametrize("edition", [date.min, date.max])
def test_datelines_at_the_ends_of_the_calendar_do_not_overflow(edition):
    text = "标题一\n\n本报讯 昨日,会议召开。\n\n标题二\n\n本报讯 12月31日,会议召开。"
    stories = parse_page(text, edition=edition).stories
    assert len(stories) == 2


def test_impossible_or_future_dateline_is_flagged():
    text = (
        "标题一\n\n本报讯 2月30日,会议召开。记者 鲁慧\n\n"
        "标题二\n\n本报讯 3月25日,会议召开。记者 鲁慧"
    )
    first, second = parse_page(text, edition=date(2023, 3, 20)).stories
    assert first.dateline is None
    assert codes(first) == ["bad_dateline"]
    assert second.dateline == date(2023, 3, 25)
    assert codes(second) == ["future_dateline"]


def test_parsing_without_an_edition_reads_the_date_text_only():
    (story,) = parse_page("标题\n\n本报讯 3月16日,会议召开。记者 鲁慧").stories
    assert story.dateline_text == "3月16日"
    assert story.dateline is None
    assert story.warnings == []


@pytest.mark.parametrize(
    ("encoding", "line_end"),
    [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("gbk", "\r\n"), ("gb18030", "\n")],
)
def test_encodings_and_line_ends_give_the_same_stories(encoding, line_end):
    text = sample_text("bylines.txt")
    data = text.replace("\n", line_end).encode(encoding)
    decoded = decode_page(data, f"page.{encoding}.txt")
    assert parse_page(decoded, edition=SAMPLE_EDITION) == parse_page(
        text, edition=SAMPLE_EDITION
    )
    assert not decoded.startswith("\ufeff")


def test_sample_files_decode_as_utf8():
    data = sample_path("bylines.txt").read_bytes()
    assert decode_page(data, "bylines.txt") == data.decode("utf-8")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        bytes(range(0x80, 0x100)) * 4,
    ],
)
def test_a_file_that_is_not_a_text_page_is_refused_by_name(data):
    with (
        translation.override("en"),
        pytest.raises(
            UndecodablePage,
            match=r"^scan\.txt: (not text|mostly unreadable|contains the control)",
        ),
    ):
        decode_page(data, "scan.txt")
