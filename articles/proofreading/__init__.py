"""Proofreading aids (三校): pure functions that find slips in copy and fix them.

The checks live by concern: ``punctuation``, ``repetition``, ``checks`` (the
whole run, banned words and length) and ``html`` for bodies; ``findings``
holds what they report and applies fixes, ``lexicon`` their word lists.

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

from .checks import check_text
from .findings import Finding, apply_fix, apply_fixes
from .html import check_html, fix_html, fix_html_all, visible_text

__all__ = [
    "Finding",
    "apply_fix",
    "apply_fixes",
    "check_html",
    "check_text",
    "fix_html",
    "fix_html_all",
    "visible_text",
]
