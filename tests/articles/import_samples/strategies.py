"""Hypothesis strategies for print pages, built from the samples' vocabulary."""

from hypothesis import strategies as st

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
# The grammar of other papers: stacked headlines, credited and dated leads,
# wire leads, bylines under the headline, notes, subheads, briefs, photos.
KICKERS = ["喜迎国庆 共享欢乐", "聚焦民生实事", "小区新变化"]
SUBTITLES = ["——现场提供岗位2300余个", "——东湖区推动传统企业节能降碳调查"]
SUBHEADS = ["绿色转型见实效", "算好成本与收益两笔账", "一、强化源头治理"]
CREDITED_LEADS = [
    (
        "本报讯（记者 陈立群 通讯员 黄建华）",
        [
            ("陈立群", "reporter", ("text",)),
            ("黄建华", "correspondent", ("correspondent",)),
        ],
    ),
    (
        "本报讯（首席记者 何晓燕 实习生 谢雨桐）",
        [("何晓燕", "reporter", ("text",)), ("谢雨桐", "intern", ("trainee",))],
    ),
    ("本报10月2日讯（记者 易航）", [("易航", "reporter", ("text",))]),
    ("本报上海10月1日讯（全媒体记者 韦一鸣）", [("韦一鸣", "reporter", ("text",))]),
]
WIRE_LEADS = [
    (
        "新华社北京10月2日电（记者 韦一鸣）",
        "新华社",
        [("韦一鸣", "reporter", ("text",))],
    ),
    (
        "中新社上海10月1日电（记者 易航 包丽）",
        "中新社",
        [
            ("易航", "reporter", ("text",)),
            ("包丽", "reporter", ("text",)),
        ],
    ),
    ("据新华社电 ", "新华社", []),
]
TOP_BYLINES = [
    (
        "本报记者 邱文涛 欧阳宁",
        [
            ("邱文涛", "reporter", ("text",)),
            ("欧阳宁", "reporter", ("text",)),
        ],
    ),
    (
        "本报记者 田野 通讯员 黄建华",
        [
            ("田野", "reporter", ("text",)),
            ("黄建华", "correspondent", ("correspondent",)),
        ],
    ),
    (
        "文/本报记者 廖志远 图/本报记者 孔德明",
        [
            ("廖志远", "reporter", ("text",)),
            ("孔德明", "reporter", ("photo",)),
        ],
    ),
]
NOTES = [
    "编者按：从今天起，本报推出系列报道，记录居民生活的新变化，敬请关注。",
    "【编者按】托餐机构关系千家万户，本报记者随同检查组进行了采访。",
]
BULLETS = ["■", "▲", "■ "]
NAME_CREDITS = [
    ("（周伟）", [("周伟", "reporter", ("text",))]),
    (
        "（周伟 孙静）",
        [("周伟", "reporter", ("text",)), ("孙静", "reporter", ("text",))],
    ),
]
PHOTO_CREDITS = ["本报记者 梁晨 摄", "（孔德明 摄）"]
PAGE_LINES = [
    "东湖日报　2025年10月3日　星期五　第1版　要闻",
    "责任编辑：周海波　美术编辑：林珊",
    "短讯",
    "图片新闻",
]
DATED_OPENINGS = ["10月2日，", "9月30日上午，", "2日，"]
# Fragments that exercise every rule of the parser when thrown together.
FRAGMENTS = [
    *HEADLINES,
    *SENTENCES,
    *LEADS,
    *(byline for byline, _credits in BYLINES),
    *KICKERS,
    *SUBTITLES,
    *SUBHEADS,
    *(lead for lead, _credits in CREDITED_LEADS),
    *(lead for lead, _source, _credits in WIRE_LEADS),
    *(byline for byline, _credits in TOP_BYLINES),
    *NOTES,
    *BULLETS,
    *(credit for credit, _credits in NAME_CREDITS),
    *PHOTO_CREDITS,
    *PAGE_LINES,
    *DATED_OPENINGS,
    "（上接第1版）",
    "（下转第3版）",
    "实习生",
    "首席记者",
    "制图 叶青",
    "　　",
    "１０月２日",
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
fragment = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4))
# Lines shaped like a page's: headlines, leads, body text, bylines, or noise.
line = st.one_of(
    st.lists(fragment, min_size=1, max_size=6).map("".join),
    st.sampled_from(HEADLINES),
    st.tuples(
        st.sampled_from(LEADS),
        st.lists(st.sampled_from(SENTENCES), max_size=3).map("".join),
        st.sampled_from(["", *(byline for byline, _credits in BYLINES)]),
    ).map("".join),
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3).map("".join),
    st.sampled_from([byline for byline, _credits in BYLINES]),
    st.sampled_from(KICKERS + SUBTITLES + SUBHEADS + NOTES + PAGE_LINES),
    st.sampled_from([byline for byline, _credits in TOP_BYLINES]),
    st.tuples(
        st.sampled_from(
            [lead for lead, _c in CREDITED_LEADS]
            + [lead for lead, _s, _c in WIRE_LEADS]
            + BULLETS
            + DATED_OPENINGS
        ),
        st.lists(st.sampled_from(SENTENCES), max_size=2).map("".join),
        st.sampled_from(
            ["", "（下转第3版）", *PHOTO_CREDITS, *(c for c, _n in NAME_CREDITS)]
        ),
    ).map("".join),
)
line_break = st.sampled_from(["\n", "\n\n", "\n\n\n\n", "\r\n", "\n \u3000\n", ""])


@st.composite
def _page_like(draw):
    lines = draw(st.lists(line, max_size=30))
    return "".join(line + draw(line_break) for line in lines)


page_like = _page_like()
