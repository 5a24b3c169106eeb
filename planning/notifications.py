"""Emails about a story's plan, queued in the outbox with the change.

The verbs decide who is told; this module words the message. The outbox
sends it once the transaction commits, and again later if that fails, so a
failed send never undoes or fails the step that caused it.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outbox.sending import queue_mail


def _link(name, pk):
    return settings.NEWSROOM_BASE_URL.rstrip("/") + reverse(name, args=[pk])


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def _send(recipients, subject, lines, link, exclude=None):
    addresses = [
        user.email for user in recipients if exclude is None or user.pk != exclude.pk
    ]
    queue_mail(addresses, subject, "\n\n".join([*lines, link]))


def notify_pitch_arrived(*, pitch, recipients, by):
    """Tell the desk that a pitch waits for its decision."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(desk)s] New pitch: %(title)s") % {
            "desk": pitch.department.name,
            "title": pitch.title,
        }
        lines = [
            _("%(who)s pitched “%(title)s” for %(place)s, %(length)d characters.")
            % {
                "who": by.get_username(),
                "title": pitch.title,
                "place": pitch.place_label(),
                "length": pitch.planned_length,
            },
            pitch.description,
        ]
        _send(
            recipients,
            subject,
            lines,
            _link("admin:planning_pitch_change", pitch.pk),
            exclude=by,
        )


def notify_pitch_decided(*, pitch, by, recipients):
    """Tell the pitcher what the desk decided, when it is not an assignment."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(decision)s: %(title)s") % {
            "decision": pitch.get_status_display(),
            "title": pitch.title,
        }
        lines = [
            _("%(who)s decided on your pitch “%(title)s”: %(decision)s.")
            % {
                "who": by.get_username(),
                "title": pitch.title,
                "decision": pitch.get_status_display(),
            },
            pitch.decision_note,
        ]
        _send(
            recipients,
            subject,
            lines,
            _link("admin:planning_pitch_change", pitch.pk),
            exclude=by,
        )


def notify_assigned(*, assignment, by, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Assigned to you: %(title)s (due %(due)s)") % {
            "title": assignment.title,
            "due": _when(assignment.due_at),
        }
        lines = [
            _(
                "%(who)s assigned you “%(title)s” for %(place)s: %(length)d "
                "characters, due %(due)s."
            )
            % {
                "who": by.get_username(),
                "title": assignment.title,
                "place": assignment.place_label(),
                "length": assignment.planned_length,
                "due": _when(assignment.due_at),
            },
            assignment.note,
        ]
        _send(
            recipients,
            subject,
            lines,
            _link("admin:planning_assignment_change", assignment.pk),
            exclude=by,
        )


def notify_due_changed(*, assignment, by, previous, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New due time for %(title)s: %(due)s") % {
            "title": assignment.title,
            "due": _when(assignment.due_at),
        }
        lines = [
            _("%(who)s moved the due time of “%(title)s” from %(before)s to %(due)s.")
            % {
                "who": by.get_username(),
                "title": assignment.title,
                "before": _when(previous),
                "due": _when(assignment.due_at),
            }
        ]
        _send(
            recipients,
            subject,
            lines,
            _link("admin:planning_assignment_change", assignment.pk),
            exclude=by,
        )


def notify_killed(*, assignment, by, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Killed (弃用): %(title)s") % {"title": assignment.title}
        lines = [
            _("%(who)s killed “%(title)s”. Reason:")
            % {"who": by.get_username(), "title": assignment.title},
            assignment.kill_reason,
        ]
        _send(
            recipients,
            subject,
            lines,
            _link("admin:planning_assignment_change", assignment.pk),
            exclude=by,
        )
