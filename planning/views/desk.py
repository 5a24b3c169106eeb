"""The pages that read the plan: the budget (with its CSV), the calendar, 选题会."""

import csv
from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from articles.workflow.policy import has_perm
from staff.models import Department, Reporter

from ..agenda import read_agenda, span_days
from ..budget import read_budget
from ..forms import QuickPitchForm, next_edition_date
from ..matching import match_print
from ..models import DEFAULT_EDITION, Assignment, Edition, Pitch
from .base import PlanningAdminView, parse_day


def budget_url(day, name=DEFAULT_EDITION):
    query = {"date": day.isoformat()}
    if name != DEFAULT_EDITION:
        query["edition"] = name
    return reverse("admin:planning_budget") + "?" + urlencode(query)


class EditionMixin:
    """The edition a page is about: ``?date=YYYY-MM-DD&edition=…``."""

    def edition_from_query(self):
        raw = self.request.GET.get("date") or self.request.POST.get("date")
        day = parse_day(raw)
        if raw and day is None:
            messages.error(
                self.request,
                _("“%(value)s” is not a date (YYYY-MM-DD); showing %(day)s.")
                % {"value": raw, "day": next_edition_date()},
            )
        day = day or next_edition_date()
        name = (
            self.request.GET.get("edition")
            or self.request.POST.get("edition")
            or DEFAULT_EDITION
        )
        return day, name, Edition.objects.filter(date=day, name=name).first()


class BudgetView(EditionMixin, PlanningAdminView):
    permission = "planning.view_budget"
    template_name = "admin/planning/budget.html"

    def get(self, request):
        day, name, edition = self.edition_from_query()
        budget = read_budget(edition, request.user) if edition else None
        user = request.user
        visible = set()
        if edition is not None:
            visible = set(
                Assignment.objects.visible_to(user)
                .filter(edition=edition)
                .values_list("pk", flat=True)
            )
        return self.render(
            {
                "title": _("Budget for %(day)s") % {"day": day.isoformat()},
                "day": day,
                "edition_name": name,
                "edition": edition,
                "budget": budget,
                "visible_assignments": visible,
                "editions": Edition.objects.filter(date=day).order_by("name"),
                "previous_url": budget_url(day - timedelta(days=1), name),
                "next_url": budget_url(day + timedelta(days=1), name),
                "csv_url": reverse("admin:planning_budget_csv")
                + "?"
                + urlencode({"date": day.isoformat(), "edition": name}),
                "can_open": has_perm(user, "planning.add_edition"),
                "can_match": has_perm(user, "planning.plan_all_desks")
                and has_perm(user, "planning.change_assignment"),
                "can_assign": has_perm(user, "planning.add_assignment"),
            }
        )


class OpenEditionView(EditionMixin, PlanningAdminView):
    """Open a day's plan with the lineup's pages."""

    permission = "planning.add_edition"

    def post(self, request):
        day, name, _edition = self.edition_from_query()
        Edition.objects.open(day, name)
        return HttpResponseRedirect(budget_url(day, name))


class MatchPrintView(EditionMixin, PlanningAdminView):
    """Match the day's imported print stories to the plan again."""

    permission = "planning.plan_all_desks"

    def post(self, request):
        if not has_perm(request.user, "planning.change_assignment"):
            return HttpResponseRedirect(reverse("admin:index"))
        day, name, _edition = self.edition_from_query()
        matched = match_print(day, by=request.user)
        messages.success(
            request,
            _("%(count)d printed stories matched to the plan.")
            % {"count": len(matched)},
        )
        return HttpResponseRedirect(budget_url(day, name))


CSV_COLUMNS = [
    "版次",
    "版名",
    "序号",
    "标题",
    "部门",
    "文",
    "图",
    "计划字数",
    "实际字数",
    "状态",
    "持有人",
    "截稿时间",
    "逾期",
    "超长",
    "禁发至",
    "见报",
]


def csv_rows(budget):
    for page in budget.pages:
        for order, item in enumerate(page.items, start=1):
            yield [
                page.number or "",
                page.plan.name if page.plan else "",
                order,
                item.title,
                item.department.name,
                "、".join(r.name for r in item.reporters),
                "、".join(r.name for r in item.photographers),
                item.planned,
                "" if item.actual is None else item.actual,
                item.state_label,
                "、".join(item.holders),
                _local(item.due_at),
                "是" if item.late else "",
                "是" if item.over_length else "",
                _local(item.embargo_until),
                f"{item.printed.print_page}版 {item.printed.headline}"
                if item.printed
                else "",
            ]


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class BudgetCsvView(EditionMixin, PlanningAdminView):
    """The budget for the layout desk, one row a story, UTF-8 with a BOM for Excel."""

    permission = "planning.view_budget"

    def get(self, request):
        day, name, edition = self.edition_from_query()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="budget-{day.isoformat()}.csv"'
        )
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        if edition is not None:
            writer.writerows(csv_rows(read_budget(edition, request.user)))
        return response


class CalendarView(PlanningAdminView):
    permission = "planning.view_budget"
    template_name = "admin/planning/calendar.html"

    def get(self, request):
        day = parse_day(request.GET.get("date")) or timezone.localdate()
        span = "day" if request.GET.get("span") == "day" else "week"
        department = _pick(Department, request.GET.get("department"))
        reporter_value = request.GET.get("reporter")
        if reporter_value == "me":
            reporter = getattr(request.user, "reporter", None)
        else:
            reporter = _pick(Reporter, reporter_value)
        days = span_days(day, span)
        step = timedelta(days=7 if span == "week" else 1)
        query = {
            "span": span,
            "department": department.pk if department else "",
            "reporter": reporter.pk if reporter else "",
        }
        agenda = read_agenda(
            request.user, days, department=department, reporter=reporter
        )
        return self.render(
            {
                "title": _("Planning calendar"),
                "days": list(agenda.items()),
                "span": span,
                "day": day,
                "department": department,
                "reporter": reporter,
                "departments": Department.objects.all(),
                "reporters": Reporter.objects.active(),
                "own_reporter": getattr(request.user, "reporter", None),
                "previous_query": urlencode(
                    {**query, "date": (days[0] - step).isoformat()}
                ),
                "next_query": urlencode(
                    {**query, "date": (days[0] + step).isoformat()}
                ),
                "day_query": urlencode({**query, "span": "day"}),
                "week_query": urlencode({**query, "span": "week"}),
            }
        )


def _pick(model, value):
    if value and str(value).isdigit():
        return model.objects.filter(pk=value).first()
    return None


class MeetingView(EditionMixin, PlanningAdminView):
    """选题会: the day's pitches per desk, with the decisions the reader may take."""

    permission = "planning.view_pitch"
    template_name = "admin/planning/meeting.html"

    def get(self, request):
        day, _name, _edition = self.edition_from_query()
        user = request.user
        pitches = (
            Pitch.objects.visible_to(user)
            .filter(edition__date=day)
            .select_related(
                "department", "page__page", "edition", "created_by", "assignment"
            )
            .prefetch_related("reporters", "photographers")
            .order_by("department__order", "status", "created_at")
        )
        desks = {}
        for pitch in pitches:
            pitch.refusal = pitch.decision_refusal(user)
            desks.setdefault(pitch.department, []).append(pitch)
        return self.render(
            {
                "title": _("选题会: pitches for %(day)s") % {"day": day.isoformat()},
                "day": day,
                "desks": list(desks.items()),
                "previous_query": urlencode(
                    {"date": (day - timedelta(days=1)).isoformat()}
                ),
                "next_query": urlencode(
                    {"date": (day + timedelta(days=1)).isoformat()}
                ),
                "budget_url": budget_url(day),
                "pitch_form": QuickPitchForm(user=user),
            }
        )
