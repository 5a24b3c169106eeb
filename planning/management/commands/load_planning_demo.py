"""Load a day's plan for the demo: the page lineup, tomorrow's 选题 and budget.

Run by ``load_demo`` after the demo's desks, reporters and logins exist, and
idempotent like it: a day that already has a plan is left as it is. Every
step goes through the planning verbs, by the demo logins, as at a real desk.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article
from planning.forms import default_due, next_edition_date
from planning.models import Assignment, Edition, Page, Pitch
from staff.models import Department, Reporter

# (版次, page name, 字数 capacity, desk slug)
LINEUP = [
    (1, "要闻", 4800, None),
    (2, "时政", 5200, "politics"),
    (3, "经济", 5200, "economy"),
    (4, "社会", 5200, "society"),
    (5, "城建", 5200, "urban"),
    (6, "综合", 5600, None),
    (7, "文体", 5600, None),
    (8, "副刊", 6000, None),
]

PARLIAMENT_BODY = [
    "本报讯 区人大常委会昨日召开会议，听取区政府关于优化营商环境工作情况的专项报告。"
    "报告显示，今年以来全区新登记市场主体两千一百余户，企业开办时间压缩到一个工作日以内。",
    "与会委员建议，进一步清理涉企收费，提高政策兑现速度，让企业少跑腿、好办事。",
]
HEATING_BODY = [
    "本报讯 供暖季第一周，区供热服务热线共接到居民来电六百余个，"
    "其中反映室温不达标的占三成，集中在建成二十年以上的老旧小区。",
    "热力公司组织十二支抢修队伍分片入户，对一百余户居民家中的管道进行排气和清洗。"
    "工作人员介绍，目前已处理的诉求中，九成当天得到回复。",
    "区城管部门提醒，居民发现暖气不热，可先检查阀门是否全开，再拨打热线报修。",
]


class Command(BaseCommand):
    help = "Load the page lineup and a day's plan (选题, assignments) for the demo."

    def handle(self, *args, **options):
        logins = self.logins()
        with transaction.atomic():
            created_pages = self.load_lineup()
            day = next_edition_date()
            edition = Edition.objects.open(day)
            if (
                Pitch.objects.filter(edition=edition).exists()
                or Assignment.objects.filter(edition=edition).exists()
            ):
                self.stdout.write(
                    f"Demo plan: {created_pages} pages new; {day} already planned."
                )
                return
            count = self.load_day(edition, logins)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo plan: {created_pages} pages new; {count} stories planned "
                f"for {day}."
            )
        )

    def logins(self):
        users = {
            u.username: u
            for u in get_user_model()
            .objects.filter(
                username__in=[
                    "demo-reporter",
                    "demo-desk-head",
                    "demo-chief",
                    "demo-editor",
                ]
            )
            .select_related("reporter")
        }
        if len(users) < 4:
            raise CommandError("Run load_demo first: the demo logins are missing.")
        return users

    def load_lineup(self):
        created = 0
        desks = {d.slug: d for d in Department.objects.all()}
        for number, name, capacity, desk in LINEUP:
            _page, made = Page.objects.get_or_create(
                number=number,
                is_active=True,
                defaults={
                    "name": name,
                    "capacity": capacity,
                    "department": desks.get(desk),
                },
            )
            created += made
        return created

    def load_day(self, edition, users):
        reporter_user = users["demo-reporter"]
        desk_head = users["demo-desk-head"]
        chief = users["demo-chief"]
        editor = users["demo-editor"]
        people = {r.slug: r for r in Reporter.objects.all()}
        desks = {d.slug: d for d in Department.objects.all()}
        pages = {p.number: p for p in edition.page_plans.all()}
        now = timezone.now()
        due = default_due(edition.date)

        # 报题 by the demo reporter; the desk head accepts one with a photographer.
        parliament = Pitch.propose(
            reporter_user,
            title="区人大常委会听取营商环境专项报告",
            description="常委会会议听取区政府专项报告，委员审议意见是重点。",
            department=desks["politics"],
            edition=edition,
            page=pages[2],
            planned_length=1200,
            sources="区人大办公室；区营商环境办",
            event_at=now + timedelta(hours=2),
            event_place="区人大常委会会议室",
        )
        assignment = parliament.accept(
            desk_head,
            due_at=due,
            photographers=[people["shao-ming-chuan"]],
        )
        self.write(assignment, PARLIAMENT_BODY).submit(reporter_user)

        Pitch.propose(
            reporter_user,
            title="机关食堂推行“光盘行动”一月记",
            description="一个月来机关食堂的剩饭剩菜少了多少，称重数据说话。",
            department=desks["politics"],
            edition=edition,
            page=pages[2],
            planned_length=800,
        )
        question = Pitch.propose(
            reporter_user,
            title="街道议事会旁听记",
            description="旁听一次街道议事会，看居民提的事怎么落地。",
            department=desks["politics"],
            edition=edition,
            planned_length=1000,
        )
        question.ask_more(desk_head, "哪个街道？议事会哪天开？先联系好再报。")

        # 派稿 without a pitch, by the chief and an editor.
        Assignment.assign(
            chief,
            title="新区重点项目一季度开工情况",
            department=desks["economy"],
            edition=edition,
            page=pages[3],
            planned_length=1500,
            due_at=due,
            reporters=[people["shen-yi"]],
            note="要有项目清单和投资额，配一张工地图。",
        )
        heating = Assignment.assign(
            editor,
            title="供暖首周热线接诉情况",
            department=desks["society"],
            edition=edition,
            page=pages[4],
            planned_length=150,
            due_at=now + timedelta(hours=1),
            reporters=[people["tang-ruo-xi"]],
        )
        self.write(heating, HEATING_BODY)
        Assignment.assign(
            chief,
            title="冬至社区送温暖",
            department=desks["society"],
            edition=edition,
            page=pages[1],
            planned_length=900,
            due_at=due,
            reporters=[people["tang-ruo-xi"]],
            photographers=[people["shao-ming-chuan"]],
            event_at=now + timedelta(hours=20),
            event_place="明湖社区服务中心",
            # The paper is out at six; the story goes online no earlier.
            embargo_until=timezone.make_aware(datetime.combine(edition.date, time(6))),
        )
        bridge = Assignment.assign(
            chief,
            title="河畔大桥夜间施工封闭",
            department=desks["urban"],
            edition=edition,
            page=pages[5],
            planned_length=600,
            due_at=now - timedelta(hours=1),
            reporters=[people["wei-jia-he"]],
        )
        lanterns = Assignment.assign(
            chief,
            title="元旦灯会筹备进展",
            department=desks["urban"],
            edition=edition,
            page=pages[5],
            planned_length=800,
            due_at=due,
            reporters=[people["wei-jia-he"]],
        )
        lanterns.kill(chief, "灯会延期举办，稿件另行安排。")
        bridge.change(chief, note="施工单位的通告已到，先写封闭时段和绕行线路。")
        return (
            Pitch.objects.filter(edition=edition).count()
            + Assignment.objects.filter(edition=edition, pitch=None).count()
        )

    def write(self, assignment, paragraphs):
        """The reporter writing the draft: the article as its edit form saves it."""
        article = Article.objects.get(pk=assignment.article_id)
        article.body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        article.save()
        return article
