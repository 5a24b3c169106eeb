"""What every planning page shares: the admin's frame and the permission gate."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from articles.workflow.policy import has_perm


def parse_day(value):
    """Return the date ``value`` names (YYYY-MM-DD), or None if it names none."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@method_decorator(never_cache, name="dispatch")
class PlanningAdminView(View):
    """An admin page of the planning desk; ``permission`` is needed to see it."""

    model_admin = None
    permission = None
    template_name = None
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if self.permission and not has_perm(request.user, self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, context, status=200):
        admin_site = self.model_admin.admin_site
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                **admin_site.each_context(self.request),
                "opts": self.model_admin.model._meta,
                "title": context.pop("title", self.title),
                **context,
            },
            status=status,
        )
