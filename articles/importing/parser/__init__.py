"""Turn the plain text of a printed page into stories, without touching the database.

``parse_page(text, edition=None)`` is a pure function. It never raises, gives
the same result for the same text, reads a page in time linear in its length,
and puts every non-blank character of the input exactly once, in reading
order, into a story's printed parts, a line of the page itself, or the
unparsed remainder (``ParsedPage.fields``). The results are defined in
``articles.importing.stories``.

How a page is read
------------------
Every non-blank line is squeezed (blank runs, full-width indents and
zero-width characters become one space) and classified once (``lines``).
Where a story may start is planned from a few lines of look-ahead, and the
nearest credit, lead and story start after each line are known in advance
(``planning``). The grammar (``grammar``) then reads the page in one pass:
each line either takes a planned start or joins the story being read.
Columns break paragraphs into pieces; a piece without sentence-final
punctuation runs on into the next, except before a new list item
(一是……；二是……). Text before the first story, after a story's closing byline,
or on a page in an unknown layout goes to the remainder (``Unparsed``), never
into a guessed story: a headline-like line starts a story only with a lead,
a subtitle, a byline, a note, a jump, a caption, a dateline or a closing
credit before the next story to anchor it.

The conventions, and how each is recognised
-------------------------------------------
1. A leading byline in parentheses, 本报讯（记者 甲乙 通讯员 丙丁）10月3日，……
   credits the story (``credits``), which then has no closing byline and
   runs to the next story's start, a column label or a line of the page
   itself. A headline-like line inside it is a subhead, unless a closing
   byline follows it before any other start: that byline closes a story of
   its own (with no lead: warned ``no_lead``).
2. Dated and wire leads. 本报10月3日讯 and 本报北京10月3日讯 give the dateline
   and ``dateline_place``; so does 东湖日报讯. 新华社北京10月3日电（记者 甲乙）,
   据新华社电, 中新社上海10月2日电 make a wire story: ``source`` is the agency,
   its reporters are ``source_credits``, never local ``credits``; a caption
   credited 新华社记者 甲乙 摄 does the same. An agency not in KNOWN_AGENCIES
   needs a date (…社, …报, …网, …台 + 10月3日电), so 国家电网东湖供电公司 is no wire.
3. A lead inside running text starts a new story; its headline is the
   headline-like line (or kicker and headline) just before it. A lead with no
   headline before it still starts one, headed by its first clause
   (``inferred_headline``, warned ``headline_inferred``).
4. Stacked headlines. A headline-like line over the headline is the
   ``kicker`` when what follows the headline anchors a story; a kicker is a
   phrase, never a finished sentence. Lines opening with —— (or －－, --)
   under the headline are the ``subtitle`` (also ``dek``), dashes kept.
5. 编者按 / 【编者按】 / 编者的话 after the headline is a ``note`` block. It runs
   to the lead when one follows; the dateline and credits come from the lead.
6. Subheads. A line of at most SUBHEAD_MAX characters with no comma and no
   final punctuation, after a finished paragraph and before more text, is a
   ``subhead`` block (marked or not: ◎, ■, 一、, （一）).
7. Photos. A paragraph closed by a credit with 摄 (本报记者 甲乙 摄, （甲乙 摄）,
   甲乙摄) is a ``caption``. Under a headline-like line, under a 图片新闻 label,
   or alone after a finished story it is a story of kind ``photo``; inside a
   story that goes on after it, it is that story's caption and credits the
   photographer. A headline-like line over a caption starts a photo item
   even inside a story left open, as dailies print them.
8. Briefs. Under a column label (短讯, 简讯, 快讯, …速递; header.BRIEF_LABELS)
   or opening with ■ ▲ ● ◆ ★ ▶, an item is its own story of kind ``brief``.
   The bullet is a part of its own; the headline is the rest of the bullet's
   line, or its bold lead before a blank (■标题　正文……), or is taken from the
   text. Names in parentheses at the end (（周伟）, （周伟 孙静）) credit the text
   and close the item; they never raise ``unfinished``. Inside a story, a ■
   line is a subhead unless it reads as a brief (a lead, a dateline or a
   credit of its own follows).
9. A byline on its own line under the headline or subtitle (本报记者 甲乙 丙丁,
   文/本报记者 甲乙 图/本报记者 丙丁, □本报记者 甲乙) is a ``byline`` part
   before the body, and anchors the story.
10. Title words are roles, never names (``bylines``): 记者, 本报记者, 见习记者,
    实习生, 特约记者, 通讯员, 摄影记者, and any word of title prefixes (首席,
    全媒体, 融媒体, 本报…) or a publication's name (…社, …报, …台, …网, …中心)
    before 记者, 通讯员 or 实习生. Role words 文, 图, 摄, 摄影, 供图, 文/图, 报道
    and 制图 follow the names they credit or lead them (制图 叶青, 图/本报记者 丙丁).
    实习生 gives the title "intern" and the role "trainee"; 制图 the role
    "graphics"; a name with no title printed gets "reporter".
11. Jumps. （下转第3版） ends the story on this page (``continues_on``, a
    ``jump_to`` part, warned ``jump``). （上接第1版） before or under a headline,
    or opening its first paragraph, starts a continuation (``continued_from``,
    a ``jump_from`` part, warned ``continued``) that never joins the story
    before it. A continuation with no headline is left unparsed.
12. The page's own lines. A masthead (a full date with a weekday or a page:
    东湖日报　2025年10月3日　星期五　第1版　要闻) and editors lines (责任编辑：王磊
    美术编辑：林珊) are ``PageLine`` items that fill ``ParsedPage.header``;
    column labels are ``PageLine`` items too and set ``column`` on the stories
    under them. With no edition given, datelines are read against the
    masthead's date.
13. A dateline without 本报讯: a paragraph opening 10月2日， (2日，,
    9月30日上午，) gives the dateline, and under a headline anchors a story.
14. Full- and half-width text. Indents (　　), full-width spaces and digits
    (１０月２日), and either kind of punctuation and parentheses read alike;
    the text is kept as printed, only its blank runs become one space.
"""

from ..datelines import resolve_dateline
from ..stories import (
    BODY_KINDS,
    PART_KINDS,
    STORY_KINDS,
    WARNING_ORDER,
    PageEditor,
    PageHeader,
    PageLine,
    ParsedPage,
    ParsedStory,
    Part,
    StoryWarning,
    Unparsed,
)
from .bylines import (
    BYLINE_MAX,
    Credit,
    CreditSplit,
    parse_byline,
    split_byline,
    split_credit,
)
from .chars import BLANK_CHARS, is_blank, squeeze, visible_length
from .finish import finish_story
from .grammar import PageGrammar
from .lines import HEADLINE_MAX, SUBHEAD_MAX, read_lines

__all__ = [
    "BLANK_CHARS",
    "BODY_KINDS",
    "BYLINE_MAX",
    "HEADLINE_MAX",
    "PART_KINDS",
    "STORY_KINDS",
    "SUBHEAD_MAX",
    "WARNING_ORDER",
    "Credit",
    "CreditSplit",
    "PageEditor",
    "PageHeader",
    "PageLine",
    "ParsedPage",
    "ParsedStory",
    "Part",
    "StoryWarning",
    "Unparsed",
    "is_blank",
    "parse_byline",
    "parse_page",
    "resolve_dateline",
    "split_byline",
    "split_credit",
    "squeeze",
    "visible_length",
]


def parse_page(text, *, edition=None):
    """Parse the text of one printed page into its stories, own lines and rest.

    Datelines are read against ``edition``, or against the date of the page's
    masthead when no edition is given.
    """
    grammar = PageGrammar(read_lines(text))
    page = grammar.parse()
    reference = edition if edition is not None else page.header.date
    for story in page.stories:
        finish_story(story, grammar.progress[id(story)], reference)
    return page
