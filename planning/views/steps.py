"""The pages that change the plan: each one a form handed to one model verb.

A refused step (``PlanningError``) shows its reason on the form and changes
nothing, whatever the form opened on the way (a new edition's pages).
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms import (
    AssignmentForm,
    ChangeForm,
    ConfirmForm,
    MergeForm,
    MoveForm,
    PeopleForm,
    PitchForm,
    QuickPitchForm,
    ReasonForm,
)
from ..models import Assignment, Pitch
from ..rules import PlanningError
from .base import PlanningAdminView


def change_url(obj):
    name = "pitch" if isinstance(obj, Pitch) else "assignment"
    return reverse(f"admin:planning_{name}_change", args=[obj.pk])


class StepView(PlanningAdminView):
    """Show a form; on a valid POST run the step, or show why it was refused."""

    template_name = "admin/planning/step.html"
    submit_label = gettext_lazy("Save")

    def get_object(self):
        return None

    def get_form(self, data=None):
        raise NotImplementedError

    def perform(self, form):
        """Run the verb; return the object to go to next."""
        raise NotImplementedError

    def refusal(self):
        """Why the reader may not take this step at all, or None."""
        return None

    def dispatch(self, request, *args, **kwargs):
        self.kwargs = kwargs
        self.object = None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, **kwargs):
        self.object = self.get_object()
        return self.show(self.get_form())

    def post(self, request, **kwargs):
        self.object = self.get_object()
        form = self.get_form(request.POST)
        if form.is_valid() and self.refusal() is None:
            try:
                with transaction.atomic():
                    target = self.perform(form)
            except PlanningError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, self.done_message(target))
                return HttpResponseRedirect(self.success_url(target))
        return self.show(form, status=400)

    def success_url(self, target):
        wanted = self.request.POST.get("next", "")
        if wanted and url_has_allowed_host_and_scheme(
            wanted, {self.request.get_host()}, self.request.is_secure()
        ):
            return wanted
        return change_url(target)

    def done_message(self, target):
        return _("Saved: %(title)s") % {"title": target.title}

    def show(self, form, status=200):
        return self.render(
            {
                "title": self.title,
                "form": form,
                "object": self.object,
                "refusal": self.refusal(),
                "submit_label": self.submit_label,
                "next": self.request.GET.get("next") or self.request.POST.get("next"),
            },
            status=status,
        )


class PitchCreateView(StepView):
    """报题, from its own page or from the admin index's box (``quick``)."""

    permission = "planning.add_pitch"
    title = gettext_lazy("Pitch a story (报题)")
    submit_label = gettext_lazy("Pitch")

    def get_form(self, data=None):
        quick = (data or self.request.GET).get("quick")
        form_class = QuickPitchForm if quick else PitchForm
        return form_class(data, user=self.request.user)

    def perform(self, form):
        return Pitch.propose(self.request.user, **form.plan())

    def done_message(self, target):
        return _("Pitched “%(title)s”; the desk has been told.") % {
            "title": target.title
        }


class PitchStepView(StepView):
    """One step on a pitch the reader can see."""

    permission = "planning.view_pitch"

    def get_object(self):
        pitch = (
            Pitch.objects.visible_to(self.request.user)
            .filter(pk=self.kwargs["pk"])
            .select_related("department", "edition", "page")
            .first()
        )
        if pitch is None:
            raise Http404(_("No such pitch."))
        return pitch


class DecideView(PitchStepView):
    """选题会's four decisions: accept, reject, merge, ask for more."""

    ACTIONS = {
        "accept": gettext_lazy("Accept and assign (采用)"),
        "reject": gettext_lazy("Reject (不采用)"),
        "merge": gettext_lazy("Merge into another pitch"),
        "ask_more": gettext_lazy("Ask for more (补充)"),
    }

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in self.ACTIONS:
            raise Http404(_("No such decision."))
        self.title = self.submit_label = self.ACTIONS[kwargs["action"]]
        return super().dispatch(request, *args, **kwargs)

    def refusal(self):
        return self.object.decision_refusal(self.request.user)

    def get_form(self, data=None):
        action, pitch = self.kwargs["action"], self.object
        if action == "accept":
            return AssignmentForm(data, pitch=pitch)
        if action == "merge":
            return MergeForm(data, pitch=pitch, user=self.request.user)
        label = _("reason") if action == "reject" else _("what the desk needs")
        return ReasonForm(data, label=label)

    def perform(self, form):
        action, pitch, by = self.kwargs["action"], self.object, self.request.user
        data = form.cleaned_data
        if action == "accept":
            return pitch.accept(by, **form.plan())
        if action == "merge":
            pitch.merge_into(by, data["into"], data["comment"])
            return data["into"]
        if action == "reject":
            return pitch.reject(by, data["comment"])
        return pitch.ask_more(by, data["comment"])

    def done_message(self, target):
        if isinstance(target, Assignment):
            return _("Accepted: “%(title)s” is assigned, with its draft.") % {
                "title": target.title
            }
        return super().done_message(target)


class OwnPitchView(PitchStepView):
    """The pitcher's own steps: revise (after 补充, say) or withdraw."""

    ACTIONS = {
        "revise": gettext_lazy("Revise the pitch"),
        "withdraw": gettext_lazy("Withdraw the pitch"),
    }

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in self.ACTIONS:
            raise Http404(_("No such step."))
        self.title = self.submit_label = self.ACTIONS[kwargs["action"]]
        return super().dispatch(request, *args, **kwargs)

    def refusal(self):
        if not self.object.may_revise(self.request.user):
            return _("Only the story's own people may change an open pitch.")
        return None

    def get_form(self, data=None):
        if self.kwargs["action"] == "withdraw":
            return ConfirmForm(data)
        pitch = self.object
        initial = {
            "reporters": [r.pk for r in pitch.reporters.all()],
            "photographers": [r.pk for r in pitch.photographers.all()],
        }
        return PitchForm(data, instance=Pitch.objects.get(pk=pitch.pk), initial=initial)

    def perform(self, form):
        by = self.request.user
        if self.kwargs["action"] == "withdraw":
            return self.object.withdraw(by)
        plan = form.plan()
        return self.object.revise(
            by,
            reporters=plan.pop("reporters"),
            photographers=plan.pop("photographers"),
            **plan,
        )


class AssignView(StepView):
    """派稿 without a pitch."""

    permission = "planning.add_assignment"
    title = gettext_lazy("Assign a story (派稿)")
    submit_label = gettext_lazy("Assign")

    def get_form(self, data=None):
        return AssignmentForm(data)

    def perform(self, form):
        return Assignment.assign(self.request.user, **form.plan())


class AssignmentStepView(StepView):
    """The desk's steps on an assignment: change, people, move, kill, revive."""

    permission = "planning.view_assignment"
    ACTIONS = {
        "change": gettext_lazy("Change due time, length or instructions"),
        "people": gettext_lazy("Reporters and photographers"),
        "move": gettext_lazy("Move to another page or day"),
        "kill": gettext_lazy("Kill the story (弃用)"),
        "revive": gettext_lazy("Bring the story back"),
    }

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in self.ACTIONS:
            raise Http404(_("No such step."))
        self.title = self.submit_label = self.ACTIONS[kwargs["action"]]
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        assignment = (
            Assignment.objects.visible_to(self.request.user)
            .filter(pk=self.kwargs["pk"])
            .select_related("department", "edition", "page", "article")
            .first()
        )
        if assignment is None:
            raise Http404(_("No such assignment."))
        return assignment

    def refusal(self):
        if self.kwargs["action"] not in self.object.available_actions(
            self.request.user
        ):
            return _("You may not take this step on this story now.")
        return None

    def get_form(self, data=None):
        action, assignment = self.kwargs["action"], self.object
        if action == "change":
            return ChangeForm(data, instance=Assignment.objects.get(pk=assignment.pk))
        if action == "people":
            return PeopleForm(
                data,
                initial={
                    "reporters": [r.pk for r in assignment.reporters.all()],
                    "photographers": [r.pk for r in assignment.photographers.all()],
                },
            )
        if action == "move":
            return MoveForm(data, assignment=assignment)
        if action == "kill":
            return ReasonForm(data)
        return ConfirmForm(data)

    def perform(self, form):
        action, assignment, by = self.kwargs["action"], self.object, self.request.user
        data = form.cleaned_data
        if action == "change":
            return assignment.change(
                by, **{name: data[name] for name in ChangeForm.Meta.fields}
            )
        if action == "people":
            return assignment.set_people(
                by, reporters=data["reporters"], photographers=data["photographers"]
            )
        if action == "move":
            edition, page = form.placement()
            return assignment.move(
                by, edition=edition, page=page, position=data["position"]
            )
        if action == "kill":
            return assignment.kill(by, data["comment"])
        return assignment.revive(by)
