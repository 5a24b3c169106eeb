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
)
line_break = st.sampled_from(["\n", "\n\n", "\n\n\n\n", "\r\n", "\n \u3000\n", ""])


@st.composite
def _page_like(draw):
    lines = draw(st.lists(line, max_size=30))
    return "".join(line + draw(line_break) for line in lines)


page_like = _page_like()
