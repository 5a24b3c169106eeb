"""Proofreading aids (三校): pure functions that find slips in copy and fix them.

Every check reads text and returns findings; nothing here touches the database,
so the checks can run on every save and be tested on their own. A finding
records what it saw (``original`` and ``excerpt``), which lets ``apply_fix``
refuse a fix whose text has changed since it was checked.

Rules, and why they are shaped as they are:

- halfwidth-punct: ``, ; : ! ? ( ) .`` next to Chinese become ``，；：！？（）。``.
  A mark counts as Chinese when the character before it is Chinese; after a
  Latin letter or a digit only when Chinese follows with no space between
  (``5G,并且``), because an English sentence quoted in a Chinese story ends its
  own punctuation with a space (``Thank you! 他说``). Times and ratios
  (``10:30``, ``3:2``), decimals (``3.5%``), ranges (``1~2月``) and URLs are
  never touched. Parentheses are judged as a pair: Chinese inside, or Chinese
  before ``(``, makes both full width. ``...`` after Chinese becomes ``……``.
  The fix takes the spaces around the mark with it, since full-width marks
  carry their own spacing.
- mixed-quotes / unbalanced-quote: straight ``"`` next to Chinese is paired
  with the quotation it opens or closes and becomes ``“`` or ``”``. Curly
  quotes must pair within a paragraph, except that a quotation running over
  several paragraphs opens each of them and closes only the last (GB/T 15834).
- unbalanced-bracket: （）【】《》〈〉「」『』〔〕 pair within a paragraph; a
  lone closer after a list number (``1）``) is a list marker, not an error.
- repeated-char: a denylist (``DOUBLING_SLIPS``) of function characters whose
  doubling is almost always a slip (的的, 了了, 是是, 在在, 要要, 和和). Every
  other character may double, so reduplication (常常, 看看, 人人, 谢谢,
  仔仔细细) is never flagged. A denylisted pair is still correct when one of
  the two belongs to a neighbouring word (为了了解, 现在在, 在在建项目) or when
  it is half of an AABB form (的的确确, 实实在在).
- repeated-word: a run of 2–4 Chinese characters written twice in a row
  (工作工作, 经开区经开区). ABAB reduplication is allowed for the verbs and
  adjectives in ``REDUPLICATING_WORDS`` (研究研究, 商量商量, 雪白雪白), for
  ``一X一X`` (一步一步) and ``V着V着`` (说着说着).
- doubled-punct: the same mark twice (，，。。、、！！), or two different pause
  marks together (，。). ``……`` and ``——`` are one mark each and ``？！`` is
  allowed. ``。。。`` is fixed to ``……``.
- stray-space: any space (also U+3000 and zero-width) between Chinese
  characters or Chinese punctuation, except the paper's own: after 本报讯
  before the date or 连日来/日前, and inside a byline (记者 鲁慧 文/图,
  （记者 张三 通讯员 李四）).
- banned-word: every occurrence of each term passed in; never fixed
  automatically, since the right wording needs a person.
- too-long: more characters (字数, counted as ``count_characters`` does) than
  the field allows; the finding covers the overflow.
"""

import html as html_lib
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .text import _COUNTED, count_characters

# Characters shown on each side of a finding, and compared before a fix.
EXCERPT_RADIUS = 10

HAN = (
    "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002a6df\U0002a700-\U0002ebef\U00030000-\U0003134f"
)
_HAN = re.compile(f"[{HAN}]")
CJK_PUNCTUATION = frozenset("，。、；：！？（）【】《》〈〉「」『』〔〕…—～·")
CURLY_QUOTES = frozenset("“”‘’")
FULL_WIDTH = {
    ",": "，",
    ";": "；",
    ":": "：",
    "!": "！",
    "?": "？",
    "(": "（",
    ")": "）",
    ".": "。",
}
PAUSE_MARKS = "，。、；：！？"
# Each bracket, opening or closing, mapped to its kind; ( and （ are one kind,
# so that （文明办) is reported once, as half-width, not also as unbalanced.
_BRACKETS = {
    char: kind
    for kind, chars in {
        "paren": "（）()",
        "lenticular": "【】",
        "book": "《》",
        "angle": "〈〉",
        "corner": "「」",
        "white corner": "『』",
        "tortoise": "〔〕",
    }.items()
    for char in chars
}
_OPENERS = frozenset("（(【《〈「『〔")

# Function characters whose doubling is almost always an IME slip, each with
# the words that may end just before the pair (现在|在) or start inside it
# (在|在建), which make the pair two words rather than one slip.
DOUBLING_SLIPS = {
    "的": ({"目的", "标的"}, {"的确", "的士"}),
    "了": (
        {"不了"},
        {"了解", "了却", "了结", "了断", "了然", "了如指掌", "了不起", "了得"},
    ),
    "是": ({"但是", "可是", "要是", "若是", "凡是"}, {"是否", "是非"}),
    "在": (
        {"现在", "实在", "所在", "存在", "自在", "内在", "外在", "潜在", "好在"},
        {
            "在于",
            "在建",
            "在职",
            "在校",
            "在岗",
            "在线",
            "在押",
            "在场",
            "在册",
            "在编",
            "在任",
            "在读",
            "在即",
            "在内",
        },
    ),
    "要": (
        {"主要", "纪要", "摘要", "概要", "提要"},
        {
            "要求",
            "要点",
            "要素",
            "要害",
            "要闻",
            "要务",
            "要员",
            "要领",
            "要件",
            "要道",
            "要职",
            "要案",
            "要地",
            "要紧",
        },
    ),
    "和": (
        {"总和", "温和", "平和", "调和", "柔和", "缓和", "祥和", "随和", "共和"}
        | {"讲和", "人和", "饱和", "中和"},
        {"和谐", "和平", "和睦", "和解", "和美", "和气", "和煦", "和蔼", "和善"},
    ),
    "与": (
        {"参与", "给与", "赋与", "授与", "施与", "赠与"},
        {"与会", "与其", "与否", "与日俱增", "与时俱进", "与众不同"},
    ),
    "及": (
        {"以及", "涉及", "波及", "普及", "危及", "顾及", "触及", "提及", "企及"}
        | {"不及", "论及", "遍及"},
        {"及时", "及早", "及格", "及其"},
    ),
    "被": ({"棉被", "植被"}, {"被子", "被褥", "被告", "被动", "被迫"}),
    "从": (
        {"服从", "听从", "随从", "顺从", "侍从", "盲从", "自从", "依从", "遵从"}
        | {"无从", "适从", "屈从", "跟从"},
        {"从事", "从业", "从而", "从来", "从前", "从中", "从严", "从容", "从头"}
        | {"从简", "从优", "从重", "从轻", "从速", "从未"},
    ),
    "向": (
        {"方向", "导向", "倾向", "动向", "意向", "面向", "走向", "志向", "取向"}
        | {"去向", "流向", "转向", "指向", "朝向", "纵向", "横向", "双向", "单向"}
        | {"定向", "内向", "外向"},
        {"向往", "向导", "向来", "向上", "向下", "向前", "向后", "向外", "向着"},
    ),
    "为": (
        {"作为", "因为", "成为", "认为", "行为", "称为", "以为", "视为", "人为"}
        | {"无为", "有为", "改为", "分为", "列为", "评为", "定为", "作为"},
        {"为止", "为主", "为此", "为首", "为期", "为重"},
    ),
    "于": (
        {"由于", "关于", "对于", "至于", "属于", "位于", "在于", "处于", "等于"}
        | {"善于", "勇于", "敢于", "乐于", "急于", "便于", "利于", "用于", "基于"}
        | {"鉴于", "终于", "过于", "易于", "归于", "源于", "出于", "忙于", "高于"}
        | {"低于", "大于", "小于", "多于", "少于", "限于", "免于", "甘于", "苦于"}
        | {"陷于", "趋于", "见于", "始于", "寓于", "忠于"},
        {"于是", "于今"},
    ),
    "也": (set(), set()),
    "都": (
        {"首都", "成都", "古都", "京都", "国都", "故都", "建都", "定都", "迁都"},
        {"都市", "都会", "都城"},
    ),
    "就": (
        {"成就", "造就", "迁就", "将就"},
        {"就业", "就医", "就餐", "就读", "就近", "就地", "就职", "就位", "就绪"}
        | {"就诊", "就任", "就座", "就此", "就算"},
    ),
    "并": (
        {"合并", "兼并", "吞并", "归并"},
        {"并且", "并非", "并购", "并存", "并行", "并列", "并重", "并肩", "并举"}
        | {"并入", "并网", "并轨", "并发", "并不"},
    ),
    "而": (
        {"从而", "因而", "进而", "然而", "反而", "继而", "故而", "幸而", "偶而"},
        {"而且", "而是", "而言", "而已", "而后", "而今"},
    ),
    "但": (set(), {"但是", "但凡", "但愿"}),
    "其": (
        {"尤其", "及其", "与其", "极其", "何其", "土耳其"},
        {"其他", "其中", "其实", "其次", "其余", "其它", "其间", "其后"},
    ),
    "之": (
        {"总之", "反之", "随之", "加之", "久而久之", "换言之", "总而言之"},
        {"之后", "之前", "之间", "之中", "之一", "之外", "之内", "之下", "之上"}
        | {"之所以", "之际", "之类"},
    ),
    "所": (
        {"场所", "诊所", "住所", "处所", "派出所", "研究所", "事务所", "交易所"}
        | {"招待所", "厕所", "寓所", "哨所", "会所", "托儿所", "看守所"},
        {"所有", "所以", "所在", "所谓", "所得", "所属", "所长", "所需", "所辖"},
    ),
    "此": (
        {"因此", "为此", "从此", "如此", "彼此", "由此", "对此", "至此", "借此"}
        | {"就此", "特此", "凡此", "据此"},
        {"此外", "此前", "此后", "此次", "此时", "此刻", "此类", "此举", "此项"},
    ),
    "将": (
        {"即将", "必将", "终将", "行将", "大将", "上将", "中将", "少将", "主将"}
        | {"武将", "干将", "老将", "猛将"},
        {"将来", "将军", "将近", "将领"},
    ),
    "或": (set(), {"或许", "或者", "或是"}),
    "这": (set(), set()),
    "们": (set(), set()),
    "很": (set(), set()),
}

# Two-character verbs and adjectives that reduplicate as ABAB in good Chinese
# (研究研究 "look into it", 雪白雪白 "snow-white"), and onomatopoeia.
REDUPLICATING_WORDS = frozenset(
    {
        "研究",
        "讨论",
        "商量",
        "考虑",
        "休息",
        "学习",
        "锻炼",
        "打扫",
        "收拾",
        "整理",
        "介绍",
        "了解",
        "活动",
        "琢磨",
        "溜达",
        "打听",
        "交流",
        "沟通",
        "思考",
        "体验",
        "感受",
        "放松",
        "熟悉",
        "总结",
        "比较",
        "练习",
        "请教",
        "关心",
        "帮助",
        "照顾",
        "检查",
        "准备",
        "调整",
        "清理",
        "暖和",
        "凉快",
        "高兴",
        "热闹",
        "轻松",
        "乐呵",
        "雪白",
        "通红",
        "冰凉",
        "碧绿",
        "笔直",
        "滚烫",
        "漆黑",
        "火红",
        "金黄",
        "崭新",
        "湛蓝",
        "乌黑",
        "蜡黄",
        "喷香",
        "哗啦",
        "叮咚",
        "扑通",
        "咕噜",
        "滴答",
        "轰隆",
        "噼啪",
        "呼啦",
        "咔嚓",
        "嘿哟",
    }
)

_ROLES = (
    "见习记者|实习记者|特约记者|首席记者|摄影记者|融媒体记者|记者|通讯员|实习生"
    "|摄影|摄像"
)
# A byline closing a paragraph (…深入探讨。记者 鲁慧 文/图) or opening it in
# brackets (本报讯（记者 张三 通讯员 李四）): the paper spaces names there.
_BYLINE = re.compile(
    rf"(?:^|(?<=[。！？”』」）!?]))[^\S\n]*(?:本报)?(?:{_ROLES})[^\S\n]+"
    r"[^\n。！？，；：,;:!?]{0,40}$"
    rf"|[（(](?:本报)?(?:{_ROLES})[^\S\n]+[^（()）\n]{{0,40}}[）)]",
    re.MULTILINE,
)
# The paper prints a space between 本报讯 and the date or time that follows.
_DATELINE = re.compile(
    r"^[^\S\n]*本报讯[^\S\n]+"
    r"|本报讯[^\S\n]+(?=[0-9０-９]|[〇零一二三四五六七八九十]{1,3}月|连日来|连日|日前"
    r"|近日|近期|近来|昨日|昨天|今天|今日|当天|今年|去年|本周|上周|此前|目前)",
    re.MULTILINE,
)
# Slogans of parallel phrases are spaced, not punctuated: “文明交通 你我同行”.
_SLOGAN = re.compile(rf"(?<=[“\"])[{HAN}]+(?:[ \u3000][{HAN}]+)+(?=[”\"])")
_SPACES = re.compile(r"(?:[^\S\n]|[\u200b\ufeff])+")
_URL = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9/#=&_~%+\-]"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",
    re.IGNORECASE,
)
_HALF_WIDTH_RUN = re.compile(r"[,;:!?]+|\.+|[()]")
_QUOTE = re.compile('[“”"]')
_BRACKET = re.compile("[（）()【】《》〈〉「」『』〔〕]")
_REPEATED_CHAR = re.compile(rf"([{HAN}])\1+")
_REPEATED_UNIT = re.compile(rf"(?=([{HAN}]{{2,4}}?)\1)")
_PAUSE_RUN = re.compile(f"[{PAUSE_MARKS}]{{2,}}")
_LIST_MARKER = re.compile(
    r"(?:^|[\s；;。，,、：:])[0-9A-Za-z一二三四五六七八九十]{1,3}$"
)


@dataclass(frozen=True)
class Finding:
    """One problem found in a field, with its automatic fix when one is safe."""

    code: str
    message: str
    start: int
    end: int
    excerpt: str
    fix: str | None
    field: str
    original: str

    @property
    def fixable(self):
        return self.fix is not None


def _is_han(char):
    return _HAN.match(char) is not None


def _is_chinese(char):
    """Return whether ``char`` is a Chinese character or Chinese punctuation."""
    return char in CJK_PUNCTUATION or _is_han(char)


def _is_ascii_word(char):
    return char.isascii() and char.isalnum()


def _is_space(char):
    return char != "\n" and (char.isspace() or char in "\u200b\ufeff")


def _excerpt(text, start, end):
    return text[max(0, start - EXCERPT_RADIUS) : end + EXCERPT_RADIUS]


def _prev_visible(text, index):
    """Return the index of the last non-space character before ``index`` on its line."""
    j = index - 1
    while j >= 0 and _is_space(text[j]):
        j -= 1
    if j < 0 or text[j] == "\n":
        return -1
    return j


def _next_visible(text, index):
    """Return the index of the first non-space character from ``index`` on its line."""
    j = index
    size = len(text)
    while j < size and _is_space(text[j]):
        j += 1
    if j >= size or text[j] == "\n":
        return -1
    return j


def _widen_over_spaces(text, start, end):
    """Return ``start, end`` extended over the spaces on both sides."""
    while start > 0 and _is_space(text[start - 1]):
        start -= 1
    while end < len(text) and _is_space(text[end]):
        end += 1
    return start, end


def _protected_spans(text):
    """Return the spans of URLs and e-mail addresses, which keep ASCII marks."""
    if "://" not in text and "www." not in text.lower() and "@" not in text:
        return []
    spans = []
    for m in _URL.finditer(text):
        start, end = m.span()
        # A URL may end in a parenthesis it opened: /wiki/Foo_(bar).
        while (
            end < len(text)
            and text[end] == ")"
            and text.count("(", start, end) > text.count(")", start, end)
        ):
            end += 1
        spans.append((start, end))
    return spans


def _in_spans(spans, start, end):
    """Return whether ``[start, end)`` lies inside one of the sorted ``spans``."""
    i = bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


class _Collector:
    """Gather findings for one text, then resolve them into a sorted list."""

    def __init__(self, text, field):
        self.text = text
        self.field = field
        self.items = []

    def add(self, code, message, start, end, fix=None):
        self.items.append((start, end, code, message, fix))

    def findings(self):
        self.items.sort(key=lambda item: (item[0], item[1], item[2]))
        result = []
        fixed_until = -1
        for start, end, code, message, fix in self.items:
            if fix is not None:
                # Two fixes over the same characters cannot both apply; the
                # later one is still reported, for a person to decide.
                if start < fixed_until:
                    fix = None
                else:
                    fixed_until = end
            result.append(
                Finding(
                    code=code,
                    message=message,
                    start=start,
                    end=end,
                    excerpt=_excerpt(self.text, start, end),
                    fix=fix,
                    field=self.field,
                    original=self.text[start:end],
                )
            )
        return result


def check_text(text, *, field="body", banned_words=(), max_length=None):
    """Return the proofreading findings for ``text``, sorted by position."""
    text = text or ""
    out = _Collector(text, field)
    protected = _protected_spans(text)
    converted = _check_half_width(text, out, protected)
    _check_quotes(text, out, converted)
    _check_brackets(text, out, protected)
    _check_repetition_and_spaces(text, out)
    _check_banned_words(text, out, banned_words)
    if max_length is not None:
        _check_length(text, out, max_length)
    return out.findings()


# Half-width punctuation ----------------------------------------------------


def _check_half_width(text, out, protected):
    """Report half-width marks in Chinese text; return the positions converted."""
    candidates = [
        m.span()
        for m in _HALF_WIDTH_RUN.finditer(text)
        if not (protected and _in_spans(protected, *m.span()))
    ]
    if not candidates:
        return {}
    converted = {}
    pairs = _pair_parentheses(text, candidates)

    def effective(j):
        return converted.get(j, text[j])

    def chinese_before(j):
        # What stands before a mark: Chinese, or a quotation closing Chinese.
        if j < 0:
            return False
        char = effective(j)
        if _is_chinese(char):
            return True
        if char in CURLY_QUOTES or char == '"':
            k = _prev_visible(text, j)
            return k >= 0 and _is_chinese(effective(k))
        return False

    def chinese_after(j, adjacent_to):
        # A converted mark takes the spaces before it, so it ends up adjacent.
        return (
            j >= 0
            and _is_chinese(effective(j))
            and (adjacent_to is None or j == adjacent_to or j in converted)
        )

    def decide(start, end):
        core = text[start:end]
        before = _prev_visible(text, start)
        after = _next_visible(text, end)
        if core == "(":
            if start in pairs:
                close = pairs[start]
                return (
                    _HAN.search(text, start + 1, close) is not None
                    or chinese_before(before)
                    or chinese_after(_next_visible(text, close + 1), close + 1)
                )
            return chinese_before(before) or (after >= 0 and _is_han(effective(after)))
        if core == ")":
            if start in pairs:
                return decide(pairs[start], pairs[start] + 1)
            return chinese_before(before) or chinese_after(after, end)
        if core[0] == ".":
            if len(core) == 2:
                return False
            if len(core) == 1 and after >= 0 and _is_ascii_word(effective(after)):
                return False
            return chinese_before(before)
        if before < 0:
            return chinese_after(after, None)
        char = effective(before)
        if _is_chinese(char) or char in CURLY_QUOTES or char == '"':
            return chinese_before(before) or chinese_after(after, None)
        # After Latin or digits, only Chinese straight after the mark makes it
        # Chinese: an English sentence leaves a space (``you! 他说``).
        return chinese_after(after, end)

    decided = set()
    changed = True
    # Converting one mark can make its neighbour Chinese (``经,(CBD)``), so
    # decide until nothing changes; each round only ever adds conversions.
    while changed:
        changed = False
        for start, end in candidates:
            if (start, end) in decided or not decide(start, end):
                continue
            decided.add((start, end))
            for j in range(start, end):
                converted[j] = FULL_WIDTH[text[j]]
            changed = True

    last_end = 0
    for start, end in sorted(decided):
        core = text[start:end]
        fix = (
            "……"
            if core[0] == "." and len(core) >= 3
            else "".join(FULL_WIDTH[c] for c in core)
        )
        wide_start, wide_end = _widen_over_spaces(text, start, end)
        wide_start = max(wide_start, last_end)
        last_end = wide_end
        out.add(
            "halfwidth-punct",
            format_lazy(
                _("Half-width “{found}” in Chinese text: use “{fix}”."),
                found=core,
                fix=fix,
            ),
            wide_start,
            wide_end,
            fix,
        )
    return converted


def _pair_parentheses(text, candidates):
    """Map each paired half-width parenthesis to its partner, within a line."""
    pairs = {}
    stack = []
    line_end = -1
    for start, end in candidates:
        if end - start != 1 or text[start] not in "()":
            continue
        if start > line_end:
            stack = []
            line_end = text.find("\n", start)
            if line_end < 0:
                line_end = len(text)
        if text[start] == "(":
            stack.append(start)
        elif stack:
            opener = stack.pop()
            pairs[opener] = start
            pairs[start] = opener
    return pairs


# Quotation marks and brackets ---------------------------------------------


def _lines(text):
    """Yield ``(start, end)`` of each line that has any visible character."""
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            yield start, end
        start = end + 1


def _straight_quote_is_chinese(text, index, converted):
    """Return whether the straight quotation mark at ``index`` stands in Chinese."""
    for j, forward in (
        (_prev_visible(text, index), False),
        (_next_visible(text, index + 1), True),
    ):
        # Half-width marks are looked through unless they become Chinese.
        while j >= 0 and text[j] in ",;:!?.()" and j not in converted:
            j = _next_visible(text, j + 1) if forward else _prev_visible(text, j)
        if j >= 0 and (j in converted or _is_chinese(text[j])):
            return True
    return False


def _check_quotes(text, out, converted):
    """Report straight and unpaired quotation marks, paragraph by paragraph."""
    if '"' not in text and "“" not in text and "”" not in text:
        return
    pending = None
    for line_start, line_end in _lines(text):
        if pending is not None:
            first = _next_visible(text, line_start)
            if text[first] != "“":
                _report_open_quote(text, out, pending)
            pending = None
        opened = None
        for m in _QUOTE.finditer(text, line_start, line_end):
            index = m.start()
            char = text[index]
            if char == '"' and not _straight_quote_is_chinese(text, index, converted):
                continue
            if char == "“":
                if opened is not None:
                    _report_open_quote(text, out, opened)
                opened = index
            elif char == "”":
                if opened is None:
                    out.add(
                        "unbalanced-quote",
                        _("Closing quotation mark without an opening one."),
                        index,
                        index + 1,
                    )
                else:
                    if text[opened] == '"':
                        _fix_straight_quote(text, out, opened, "“")
                    opened = None
            elif opened is None:
                opened = index
            else:
                if text[opened] == '"':
                    _fix_straight_quote(text, out, opened, "“")
                _fix_straight_quote(text, out, index, "”")
                opened = None
        if opened is not None:
            if text[opened] == "“":
                pending = opened
            else:
                _report_open_quote(text, out, opened)
    if pending is not None:
        _report_open_quote(text, out, pending)


def _report_open_quote(text, out, index):
    if text[index] == '"':
        out.add(
            "mixed-quotes",
            _("Straight quotation mark in Chinese text, and its pair is missing."),
            index,
            index + 1,
        )
    else:
        out.add(
            "unbalanced-quote",
            _("Opening quotation mark is never closed."),
            index,
            index + 1,
        )


def _fix_straight_quote(text, out, index, curly):
    start, end = index, index + 1
    # Chinese quotation marks take no spaces from their Chinese neighbours.
    before = _prev_visible(text, start)
    if before >= 0 and _is_chinese(text[before]):
        start = before + 1
    after = _next_visible(text, end)
    if after >= 0 and _is_chinese(text[after]):
        end = after
    out.add(
        "mixed-quotes",
        format_lazy(
            _("Straight quotation mark in Chinese text: use “{fix}”."), fix=curly
        ),
        start,
        end,
        curly,
    )


def _check_brackets(text, out, protected):
    """Report brackets left open or closed without opening, line by line."""
    if _BRACKET.search(text) is None:
        return
    for line_start, line_end in _lines(text):
        stack = []
        for m in _BRACKET.finditer(text, line_start, line_end):
            index = m.start()
            if protected and _in_spans(protected, index, index + 1):
                continue
            char = text[index]
            kind = _BRACKETS[char]
            if char in _OPENERS:
                stack.append((kind, index))
                continue
            depth = next(
                (d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == kind),
                None,
            )
            if depth is None:
                if not _LIST_MARKER.search(text, line_start, index):
                    out.add(
                        "unbalanced-bracket",
                        format_lazy(
                            _("“{bracket}” closes a bracket that was never opened."),
                            bracket=char,
                        ),
                        index,
                        index + 1,
                    )
                continue
            for _kind, opener in stack[depth + 1 :]:
                _report_open_bracket(text, out, opener)
            del stack[depth:]
        for _kind, opener in stack:
            _report_open_bracket(text, out, opener)


def _report_open_bracket(text, out, index):
    out.add(
        "unbalanced-bracket",
        format_lazy(_("“{bracket}” is never closed."), bracket=text[index]),
        index,
        index + 1,
    )


# Repetition and spaces ------------------------------------------------------


def _exempt_space_spans(text):
    spans = []
    if "本报讯" in text or any(
        role in text for role in ("记者", "通讯员", "实习生", "摄影", "摄像")
    ):
        spans.extend(m.span() for m in _BYLINE.finditer(text))
        spans.extend(m.span() for m in _DATELINE.finditer(text))
    if "“" in text or '"' in text:
        spans.extend(m.span() for m in _SLOGAN.finditer(text))
    # Merged, so that _in_spans finds a space inside any of them.
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _stray_spaces(text, field):
    """Return the spans of spaces that stand between Chinese characters."""
    exempt = None
    runs = []
    for m in _SPACES.finditer(text):
        start, end = m.span()
        if start == 0 or end == len(text):
            continue
        before, after = text[start - 1], text[end]
        if before in CURLY_QUOTES and after in CURLY_QUOTES:
            continue
        if not (
            (_is_chinese(before) or before in CURLY_QUOTES)
            and (_is_chinese(after) or after in CURLY_QUOTES)
        ):
            continue
        # Headlines separate their clauses with one space: 稳中求进 开创新局.
        if (
            field == "headline"
            and m.group() in (" ", "\u3000")
            and _is_han(before)
            and _is_han(after)
        ):
            continue
        if exempt is None:
            exempt = _exempt_space_spans(text)
        if exempt and _in_spans(exempt, start, end):
            continue
        runs.append((start, end))
    return runs


def _settle_character_fixes(text, out):
    """Return ``text`` as it reads once the mark fixes found so far are made.

    Also return, for each character of that text, the span of ``text`` it
    stands for. Later checks read this text, so that fixing ``!！`` to ``！！``
    and then finding it doubled happens in one pass rather than two.
    """
    kept = []
    fixed_until = -1
    for index, (start, end, code, message, fix) in sorted(
        enumerate(out.items), key=lambda item: item[1][:2]
    ):
        if fix is None:
            continue
        if start < fixed_until:
            out.items[index] = (start, end, code, message, None)
            continue
        fixed_until = end
        kept.append((start, end, fix))
    return _replace_spans(text, kept)


def _check_repetition_and_spaces(text, out):
    """Report doubled marks, characters and words, and stray spaces."""
    settled, origin = _settle_character_fixes(text, out)
    runs = _stray_spaces(settled, out.field)
    # Repetition is sought in the text without its stray spaces, so that
    # 的 的 is one slip, and fixing it removes the space along with the copy.
    if runs:
        pieces = []
        positions = []
        cursor = 0
        for start, end in runs:
            pieces.append(settled[cursor:start])
            positions.extend(range(cursor, start))
            cursor = end
        pieces.append(settled[cursor:])
        positions.extend(range(cursor, len(settled)))
        squeezed = "".join(pieces)
    else:
        squeezed = settled
        positions = None

    def original_span(start, end):
        first, last = start, end - 1
        if positions is not None:
            first, last = positions[first], positions[last]
        return origin[0][first], origin[1][last]

    covered = []
    for start, end, code, message, fix in _repetitions(squeezed):
        span = original_span(start, end)
        if fix is not None:
            covered.append(span)
        out.add(code, message, *span, fix)
    if not covered and not runs:
        return
    covered.sort()
    # A repetition's fix also makes the mark fixes and removes the spaces
    # inside it, so those are not offered a second time.
    out.items = [
        item
        for item in out.items
        if not (
            item[2] in ("halfwidth-punct", "mixed-quotes")
            and item[4] is not None
            and _in_spans(covered, item[0], item[1])
        )
    ]
    for start, end in runs:
        start, end = origin[0][start], origin[1][end - 1]
        if covered and _in_spans(covered, start, end):
            continue
        out.add(
            "stray-space",
            _("Space between Chinese characters."),
            start,
            end,
            "",
        )


def _repetitions(text):
    """Return doubled punctuation, characters and words found in ``text``."""
    found = list(_doubled_marks(text)) + list(_doubled_characters(text))
    fixes = sorted((s, e, fix) for s, e, _c, _m, fix in found if fix is not None)
    # Words are sought once the doubled characters are fixed, so that
    # 的的工作的工作 is one repeated word rather than two rounds of fixes.
    settled, origin = _replace_spans(text, fixes)
    words = []
    for start, end, unit, fix in _doubled_words(settled):
        start, end = origin[0][start], origin[1][end - 1]
        words.append((start, end))
        found.append(
            (
                start,
                end,
                "repeated-word",
                format_lazy(_("“{word}” is written twice."), word=unit),
                fix,
            )
        )
    if words:
        found = [
            item
            for item in found
            if item[2] == "repeated-word"
            or not any(s <= item[0] and item[1] <= e for s, e in words)
        ]
    return found


def _replace_spans(text, replacements):
    """Return ``text`` with sorted ``replacements`` made, and where each part began.

    The second value is a pair of lists: for each character of the result,
    the start and the end of the span of ``text`` it stands for.
    """
    if not replacements:
        return text, (range(len(text)), range(1, len(text) + 1))
    pieces = []
    starts = []
    ends = []
    cursor = 0
    for start, end, fix in replacements:
        pieces.append(text[cursor:start])
        starts.extend(range(cursor, start))
        ends.extend(range(cursor + 1, start + 1))
        pieces.append(fix)
        starts.extend([start] * len(fix))
        ends.extend([end] * len(fix))
        cursor = end
    pieces.append(text[cursor:])
    starts.extend(range(cursor, len(text)))
    ends.extend(range(cursor + 1, len(text) + 1))
    return "".join(pieces), (starts, ends)


def _doubled_marks(text):
    for m in _PAUSE_RUN.finditer(text):
        marks = m.group()
        if len(set(marks)) == 1:
            fix = "……" if marks[0] == "。" and len(marks) >= 3 else marks[0]
        elif set(marks) <= {"！", "？"}:
            continue
        else:
            fix = None
        yield (
            m.start(),
            m.end(),
            "doubled-punct",
            format_lazy(_("Doubled punctuation “{found}”."), found=marks),
            fix,
        )


def _doubled_characters(text):
    for m in _REPEATED_CHAR.finditer(text):
        char = m.group(1)
        if char not in DOUBLING_SLIPS:
            continue
        start, end = m.span()
        count = end - start
        if count == 2 and _is_aabb(text, start):
            continue
        word_before, word_after = DOUBLING_SLIPS[char]
        ends_word = any(
            start + 1 >= len(w) and text.startswith(w, start + 1 - len(w))
            for w in word_before
        )
        starts_word = any(text.startswith(w, end - 1) for w in word_after)
        # One copy may belong to the word before and one to the word after;
        # one more may stand alone, so a pair explained by either word is fine.
        needed = int(ends_word) + int(starts_word)
        if count <= needed + 1:
            continue
        yield (
            start,
            end,
            "repeated-char",
            format_lazy(_("“{char}” is written twice."), char=char),
            char * (needed + 1),
        )


def _doubled_words(text):
    """Yield ``(start, end, unit, fix)`` for each run of a repeated word.

    Removing one copy can bring two others together (工作工作的工作的), so
    copies are removed until no run is left, and overlapping removals are
    reported as one span whose fix is what remains of it.
    """
    current = text
    kept = list(range(len(text)))
    removed = []
    position = 0
    while True:
        m = _REPEATED_UNIT.search(current, position)
        if m is None:
            break
        start, unit = m.start(), m.group(1)
        size = len(unit)
        end = start + 2 * size
        while current.startswith(unit, end):
            end += size
        allowed = 2 if _reduplicates(unit) else 1
        if len(set(unit)) == 1 or (end - start) // size <= allowed:
            position = start + 1
            continue
        removed.append((kept[start], kept[end - 1] + 1, unit))
        keep = start + allowed * size
        current = current[:keep] + current[end:]
        del kept[keep:end]
        # A new repetition has to reach across the join: start 7 back.
        position = max(0, start - 7)
    if not removed:
        return
    removed.sort()
    merged = [list(removed[0])]
    for start, end, unit in removed[1:]:
        if start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, unit])
    for start, end, unit in merged:
        left = bisect_right(kept, start - 1)
        right = bisect_right(kept, end - 1)
        yield start, end, unit, "".join(text[i] for i in kept[left:right])


def _is_aabb(text, start):
    """Return whether the pair at ``start`` is half of an AABB form (实实在在)."""

    def pair_at(i):
        return (
            0 <= i
            and i + 1 < len(text)
            and text[i] == text[i + 1]
            and _is_han(text[i])
            and (i == 0 or text[i - 1] != text[i])
            and (i + 2 >= len(text) or text[i + 2] != text[i])
        )

    char = text[start]
    before = pair_at(start - 2) and text[start - 2] != char
    after = pair_at(start + 2) and text[start + 2] != char
    return before or after


def _reduplicates(unit):
    return unit in REDUPLICATING_WORDS or unit[0] == "一" or unit[-1] == "着"


# Banned words and length ----------------------------------------------------


@lru_cache(maxsize=32)
def _banned_pattern(words):
    terms = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def _check_banned_words(text, out, banned_words):
    if not banned_words:
        return
    pattern = _banned_pattern(tuple(banned_words))
    if pattern is None:
        return
    for m in pattern.finditer(text):
        out.add(
            "banned-word",
            format_lazy(_("“{word}” is on the banned-words list."), word=m.group()),
            m.start(),
            m.end(),
        )


def _check_length(text, out, max_length):
    count = count_characters(text)
    if count <= max_length:
        return
    # Count as count_characters does, character by character, to know where
    # the limit falls in the original text.
    normalized = []
    origin = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char)
        normalized.append(folded)
        origin.extend([index] * len(folded))
    tokens = list(_COUNTED.finditer("".join(normalized)))
    cut = origin[tokens[max_length].start()] if len(tokens) > max_length else 0
    end = len(text.rstrip())
    out.add(
        "too-long",
        format_lazy(
            _("{count} characters, over the limit of {limit}."),
            count=count,
            limit=max_length,
        ),
        min(cut, end),
        end,
    )


# Applying fixes -------------------------------------------------------------


def _verify(text, finding):
    if finding.fix is None:
        raise ValueError(
            f"The {finding.code} finding at {finding.start} has no automatic fix."
        )
    if (
        not 0 <= finding.start <= finding.end <= len(text)
        or text[finding.start : finding.end] != finding.original
        or _excerpt(text, finding.start, finding.end) != finding.excerpt
    ):
        raise ValueError(
            f"The text around {finding.start}–{finding.end} has changed since it "
            f"was checked (expected “{finding.excerpt}”); check it again before "
            "fixing."
        )


def _fixable_in_order(text, findings):
    chosen = [f for f in findings if f.fix is not None]
    for finding in chosen:
        _verify(text, finding)
    chosen.sort(key=lambda f: (f.start, f.end))
    for earlier, later in zip(chosen, chosen[1:], strict=False):
        if later.start < earlier.end:
            raise ValueError(
                f"The fixes at {earlier.start}–{earlier.end} and "
                f"{later.start}–{later.end} overlap; apply one and check again."
            )
    return chosen


def apply_fix(text, finding):
    """Return ``text`` with ``finding`` fixed, refusing if the text has changed."""
    _verify(text, finding)
    return text[: finding.start] + finding.fix + text[finding.end :]


def apply_fixes(text, findings):
    """Return ``text`` with every fixable finding fixed, right to left."""
    result = text
    for finding in reversed(_fixable_in_order(text, findings)):
        result = result[: finding.start] + finding.fix + result[finding.end :]
    return result


# HTML bodies ----------------------------------------------------------------

_MARKUP = re.compile(r"<!--.*?(?:-->|\Z)|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9]*)")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_SOURCE_BREAKS = str.maketrans("\r\n\t\f", "    ")
_BLOCK_TAGS = frozenset(
    {"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote"}
    | {"div", "table", "tr", "td", "th", "hr", "pre", "figure", "figcaption"}
)


def _visible_text(html):
    """Return the visible text of ``html`` and where each character came from.

    Blocks are separated by one newline, which comes from no position (-1).
    """
    pieces = []
    starts = []
    ends = []

    def at_line_start():
        return not pieces or pieces[-1].endswith("\n")

    def add_text(segment_start, segment_end):
        segment = html[segment_start:segment_end]
        if not segment.strip() and at_line_start():
            return
        cursor = segment_start
        if "&" in segment:
            for m in _ENTITY.finditer(html, segment_start, segment_end):
                decoded = html_lib.unescape(m.group())
                if decoded == m.group():
                    continue
                add_plain(cursor, m.start())
                pieces.append(decoded)
                starts.extend([m.start()] * len(decoded))
                ends.extend([m.end()] * len(decoded))
                cursor = m.end()
        add_plain(cursor, segment_end)

    def add_plain(a, b):
        # A line break in the source renders as a space.
        pieces.append(html[a:b].translate(_SOURCE_BREAKS))
        starts.extend(range(a, b))
        ends.extend(range(a + 1, b + 1))

    cursor = 0
    for m in _MARKUP.finditer(html):
        if cursor < m.start():
            add_text(cursor, m.start())
        cursor = m.end()
        name = _TAG_NAME.match(m.group())
        if name and name.group(1).lower() in _BLOCK_TAGS and not at_line_start():
            pieces.append("\n")
            starts.append(-1)
            ends.append(-1)
    if cursor < len(html):
        add_text(cursor, len(html))
    text = "".join(pieces)
    trailing = len(text) - len(text.rstrip("\n"))
    if trailing:
        text = text[:-trailing]
        del starts[-trailing:]
        del ends[-trailing:]
    return text, starts, ends


def check_html(html, **kwargs):
    """Return the findings for the visible text of an HTML body.

    Offsets refer to the visible text, blocks joined by newlines; pass the
    findings to ``fix_html`` to fix the HTML itself.
    """
    text, _starts, _ends = _visible_text(html or "")
    return check_text(text, **kwargs)


def _html_edits(text, starts, ends, finding):
    """Return the edits to the HTML that make ``finding``'s fix, markup untouched."""
    old, new = finding.original, finding.fix
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[-1 - suffix] == new[-1 - suffix]
    ):
        suffix += 1
    first, last = finding.start + prefix, finding.end - suffix
    middle = html_lib.escape(new[prefix : len(new) - suffix], quote=False)
    if first == last:
        if first > 0 and starts[first - 1] >= 0:
            return [(ends[first - 1], ends[first - 1], middle)]
        if first < len(text) and starts[first] >= 0:
            return [(starts[first], starts[first], middle)]
        raise ValueError("The fix falls between paragraphs and cannot be placed.")
    if any(starts[i] < 0 for i in range(first, last)):
        raise ValueError("The fix spans two paragraphs; edit it by hand.")
    if (first > 0 and starts[first - 1] == starts[first]) or (
        last < len(text) and starts[last] == starts[last - 1]
    ):
        raise ValueError("The fix would split a character reference; edit it by hand.")
    # Text interrupted by markup (的<strong>的</strong>) is edited piece by
    # piece: the replacement goes where the first piece was.
    pieces = [[starts[first], ends[first]]]
    for i in range(first + 1, last):
        if starts[i] == pieces[-1][1] or starts[i] == starts[i - 1]:
            pieces[-1][1] = ends[i]
        else:
            pieces.append([starts[i], ends[i]])
    edits = [(pieces[0][0], pieces[0][1], middle)]
    edits.extend((a, b, "") for a, b in pieces[1:])
    return edits


def _splice(html, edits):
    edits.sort()
    for (_a, earlier_end, _r), (later_start, _b, _s) in zip(
        edits, edits[1:], strict=False
    ):
        if later_start < earlier_end:
            raise ValueError("Two fixes overlap; apply one and check again.")
    parts = []
    cursor = 0
    for start, end, replacement in edits:
        parts.append(html[cursor:start])
        parts.append(replacement)
        cursor = end
    parts.append(html[cursor:])
    return "".join(parts)


def fix_html(html, finding):
    """Return ``html`` with ``finding`` (from ``check_html``) fixed in its text."""
    text, starts, ends = _visible_text(html or "")
    _verify(text, finding)
    return _splice(html or "", _html_edits(text, starts, ends, finding))


def fix_html_all(html, findings):
    """Return ``html`` with every fixable finding from ``check_html`` fixed."""
    text, starts, ends = _visible_text(html or "")
    edits = []
    for finding in _fixable_in_order(text, findings):
        edits.extend(_html_edits(text, starts, ends, finding))
    return _splice(html or "", edits)
