"""Time parsing and importing many printed pages with ``manage.py import_edition``.

Writes ``--pages`` generated pages to a temporary folder, migrates a fresh
SQLite database there, and reports:

- parse: reading, decoding and parsing every file, without the database;
- import: the whole command, one transaction per file, summary table included,
  with the longest and 99th-percentile time of one file's transaction;
- again: the same command a second time, which must create nothing.

``--layout mixed`` (the default) writes whole editions of 16 pages in every
convention the parser reads (``tests/articles/import_samples/generated``:
masthead and editors lines, stacked headlines, credited and wire leads,
features with subheads, briefs, editors' notes, photo items, column
labels), each edition's date in its mastheads, so the command runs without
``--date`` or ``--page``; every story that jumps (（下转第3版）) gets its
continuation on page 3 of its edition, so parts are joined in both orders.
``--layout seed`` writes the seed's layout only (the figures before issue 15).
Files are UTF-8, UTF-8 with BOM, GB18030 and UTF-16.

Run from the repository root after ``make test`` (the mixed layout uses the
test samples' vocabulary): ``.venv/bin/python bench/import_edition.py``.
"""

import argparse
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EDITION = date(2024, 5, 8)

PLACES = [
    "经开区",
    "潮河办事处",
    "明湖办事处",
    "前程办事处",
    "区人社局",
    "区教育局",
    "区市场监管局",
    "区税务局",
    "区卫健委",
    "区城管局",
    "锦华社区",
    "九龙社区",
]
ACTIONS = [
    "召开安全生产工作推进会",
    "开展消防安全演练",
    "举办青年人才招聘会",
    "推进老旧小区改造",
    "开展校园周边食品安全检查",
    "部署夏季防汛工作",
    "开展垃圾分类入户宣传",
    "启动全民健身月活动",
    "召开重点项目调度会",
    "开展减税降费政策宣讲",
    "组织志愿者清理河道",
    "举办社区邻里节",
]
SENTENCES = [
    "会议通报了前一阶段的工作进展,分析了存在的困难和问题。",
    "与会人员围绕项目建设、安全生产等议题进行了深入交流。",
    "社区干部逐楼栋走访,现场解答居民关心的费用分摊等问题。",
    "执法人员重点查看了经营许可、从业人员健康证明和进货台账。",
    "活动现场设置了政策咨询、岗位对接、技能展示等多个区域。",
    "下一步,相关部门将建立问题清单,明确整改责任和完成时限。",
    "据了解,今年以来全区已累计完成此类项目二十余个。",
    "居民纷纷表示,这样的活动办到了大家的心坎上。",
    "工作人员还向过往群众发放宣传资料,讲解相关知识。",
    "会议要求,各单位要压实责任,确保各项任务按期完成。",
    "此次活动共吸引近千名群众参与,现场气氛热烈。",
    "参会企业负责人表示,将用好政策红利,加快转型升级。",
]
HEADLINE_TAILS = [
    "(第{n}期)",
    "覆盖{n}个社区",
    "服务群众{n}00余人次",
    "排查隐患{n}处",
    "签约项目{n}个",
    "发放资料{n}00余份",
]
LEADS = ["{m}月{d}日,", "{m}月{d}日上午,", "连日来,", "日前,", "近日,"]
NAMES = [
    "程远",
    "罗晓",
    "林晓雪",
    "周文博",
    "郑海",
    "韩雪梅",
    "顾小兰",
    "沈一",
    "孙涛",
    "赵一鸣",
    "王磊",
    "李静",
    "张丽娟",
    "马骁",
    "陈思远",
    "欧阳娜",
]
FURNITURE = "经开新闻  2024年5月8日  星期三  第{page}版  责任编辑 王磊"


def byline(rng):
    a, b = rng.sample(NAMES, 2)
    return rng.choice(
        [
            f"记者 {a}",
            f"记者 {a} 文/图",
            f"见习记者 {a} 文 记者 {b} 图",
            f"记者 {a} 通讯员 {b}",
            f"摄影记者 {a}",
            f"记者 {a} {b}",
        ]
    )


def break_columns(rng, paragraph):
    """Cut a paragraph where a column ends, as the layout does."""
    if len(paragraph) < 40 or rng.random() < 0.5:
        return paragraph
    cut = rng.randrange(10, len(paragraph) - 5)
    if paragraph[cut - 1] in "。,;":
        return paragraph
    return paragraph[:cut] + "\n" * rng.choice([2, 3, 4]) + paragraph[cut:]


def story(rng, page, number):
    # Headlines recur across editions (the same kind of meeting every month)
    # but mostly differ, as on a real page.
    headline = f"{rng.choice(PLACES)}{rng.choice(ACTIONS)}"
    if rng.random() < 0.8:
        headline += rng.choice(HEADLINE_TAILS).format(n=rng.randrange(1, 40))
    day = EDITION - timedelta(days=rng.randrange(1, 6))
    lead = rng.choice(LEADS).format(m=day.month, d=day.day)
    paragraphs = []
    for index in range(rng.choice([1, 2, 2, 3])):
        sentences = rng.sample(SENTENCES, rng.choice([2, 3, 4]))
        if index == 0:
            # Keeps every story distinct, as real ones are.
            sentences.insert(
                0, f"本报讯 {lead}第{page}版第{number}条稿件所述活动举行。"
            )
        paragraphs.append(break_columns(rng, "".join(sentences)))
    if rng.random() < 0.03:
        paragraphs.append("区等多级联动;要持续跟进,确保取得实效。")
    credit = byline(rng)
    tail = rng.choice(["", "\n\n"])
    return f"{headline}\n\n" + "\n\n".join(paragraphs) + tail + credit


def page_text(rng, page, stories):
    parts = [story(rng, page, n) for n in range(stories)]
    text = "\n\n".join(parts)
    if rng.random() < 0.2:
        text = FURNITURE.format(page=page % 16 + 1) + "\n\n" + text
    return text


ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"]
EDITION_PAGES = 16
CONTINUATION = (
    "（上接第{page}版）\n{headline}\n　　{paragraph}本版编辑部综合。（记者 {name}）"
)


def write_pages(folder, pages, stories, seed):
    rng = random.Random(seed)
    files = []
    for page in range(1, pages + 1):
        path = folder / f"page-{page:04d}.txt"
        count = max(1, stories + rng.choice([-2, -1, 0, 0, 1, 2]))
        encoding = rng.choice(ENCODINGS[:4])
        path.write_bytes(page_text(rng, page, count).encode(encoding))
        files.append(str(path))
    return files


def mixed_edition_pages(pages, seed):
    """Return the text of ``pages`` pages in mixed conventions, by edition."""
    from articles.importing.parser import parse_page
    from tests.articles.import_samples.generated import mixed_page

    rng = random.Random(seed)
    texts = []
    for number in range(pages):
        text, _count = mixed_page(rng, number % EDITION_PAGES)
        day = EDITION + timedelta(days=number // EDITION_PAGES)
        texts.append(
            text.replace("2025年10月3日", f"{day.year}年{day.month}月{day.day}日")
        )
    # Each jump gets its continuation on page 3 of its own edition.
    for first in range(0, pages, EDITION_PAGES):
        third = first + 2
        if third >= pages:
            break
        for index in range(first, min(first + EDITION_PAGES, pages)):
            if index == third:
                continue
            for story in parse_page(texts[index]).stories:
                if story.continues_on == 3:
                    texts[third] += "\n\n" + CONTINUATION.format(
                        page=index - first + 1,
                        headline=story.headline,
                        paragraph=rng.choice(SENTENCES) + rng.choice(SENTENCES),
                        name=rng.choice(NAMES),
                    )
    return texts


def write_mixed_pages(folder, pages, seed):
    rng = random.Random(seed)
    files = []
    for number, text in enumerate(mixed_edition_pages(pages, seed), start=1):
        path = folder / f"page-{number:04d}.txt"
        path.write_bytes(text.encode(rng.choice(ENCODINGS)))
        files.append(str(path))
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--stories", type=int, default=10, help="Per page, on average.")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--layout", choices=["mixed", "seed"], default="mixed")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    from articles.importing.decoding import decode_page
    from articles.importing.parser import parse_page
    from articles.management.commands import import_edition
    from articles.models import Article, Byline, PrintPage, PrintPlacement
    from staff.models import Reporter

    call_command("migrate", verbosity=0)
    if args.layout == "mixed":
        files = write_mixed_pages(folder, args.pages, args.seed)
        edition, command = None, ["import_edition", *files]
    else:
        files = write_pages(folder, args.pages, args.stories, args.seed)
        edition = EDITION
        command = ["import_edition", *files, "--date", EDITION.isoformat()]

    started = time.perf_counter()
    stories = 0
    for name in files:
        page = parse_page(decode_page(Path(name).read_bytes(), name), edition=edition)
        stories += len(page.stories)
    parse_seconds = time.perf_counter() - started

    # Each file is one transaction: time each, to see the longest write lock.
    page_seconds = []
    import_page = import_edition.import_page

    def timed_import_page(*args, **kwargs):
        started = time.perf_counter()
        try:
            return import_page(*args, **kwargs)
        finally:
            page_seconds.append(time.perf_counter() - started)

    import_edition.import_page = timed_import_page
    out, err = io.StringIO(), io.StringIO()
    started, cpu_started = time.perf_counter(), time.process_time()
    call_command(*command, stdout=out, stderr=err)
    import_seconds = time.perf_counter() - started
    import_cpu = time.process_time() - cpu_started
    import_edition.import_page = import_page
    articles = Article.objects.count()
    page_seconds.sort()

    again_out = io.StringIO()
    started = time.perf_counter()
    call_command(*command, stdout=again_out, stderr=io.StringIO())
    again_seconds = time.perf_counter() - started

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"layout: {args.layout}, pages: {len(files)}, stories parsed: {stories}, "
        f"load average: {load}"
    )
    joined = PrintPlacement.objects.count() - articles
    print(
        f"articles: {articles}, joined parts: {joined}, "
        f"print pages: {PrintPage.objects.count()}, "
        f"bylines: {Byline.objects.count()}, "
        f"reporters: {Reporter.objects.count()}, "
        f"flagged: {Article.objects.exclude(import_warnings=[]).count()}"
    )
    created_again = Article.objects.count() - articles
    print(f"parse only: {parse_seconds:6.2f} s ({stories / parse_seconds:,.0f}/s)")
    print(
        f"import:     {import_seconds:6.2f} s ({articles / import_seconds:,.0f}/s), "
        f"CPU {import_cpu:.2f} s"
    )
    p99 = page_seconds[int(len(page_seconds) * 0.99) - 1]
    print(
        f"one file's transaction: longest {page_seconds[-1] * 1000:.0f} ms, "
        f"99th percentile {p99 * 1000:.0f} ms"
    )
    print(f"again:      {again_seconds:6.2f} s (created {created_again})")
    print(out.getvalue().strip().splitlines()[-1])
    print(again_out.getvalue().strip().splitlines()[-1])


if __name__ == "__main__":
    main()
