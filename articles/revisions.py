"""Revisions: every saved version of a story, and bringing one back.

django-reversion records a revision of a story with its bylines, photo words
and tags whenever it is saved through the admin or a verb; the models register
themselves with ``@reversion.register``. ``restore_revision`` is mixed into
``Article``.
"""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.workflow import Action, WorkflowError
from newsroom.clock import local_minute

# What a restore brings back; workflow state (status, times, review) never.
RESTORABLE_FIELDS = [
    "kicker",
    "headline",
    "dek",
    "body",
    "kind",
    "source",
    "source_byline",
    "dateline",
    "print_edition",
    "print_page",
]


def versions_of(article):
    """Return the saved versions of ``article``, newest first, with their authors."""
    return Version.objects.get_for_object(article).select_related(
        "revision__user__reporter"
    )


class ArticleRevisionsMixin:
    @transaction.atomic
    def restore_revision(self, by, version):
        """Bring back the words, placement, bylines and tags of an earlier revision.

        Workflow state (status, times, review) is never rolled back: a restored
        draft is still a draft, a published story stays published.
        """
        self._locked()
        if not self.can_edit(by):
            raise WorkflowError(_("You may not edit this story now."))
        if version.object_id != str(
            self.pk
        ) or version.content_type.model_class() is not type(self):
            raise WorkflowError(_("That revision belongs to another story."))
        byline_model = self._meta.get_field("bylines").related_model
        photo_model = self._meta.get_field("photos").related_model
        tagged_model = self._meta.get_field("tagged_items").related_model
        data = version.field_dict
        for field in RESTORABLE_FIELDS:
            if field in data:
                setattr(self, field, data[field])
        self.department_id = data.get("department_id")
        siblings = Version.objects.filter(revision=version.revision)
        bylines = [v.field_dict for v in siblings.get_for_model(byline_model)]
        tag_ids = [v.field_dict["tag_id"] for v in siblings.get_for_model(tagged_model)]
        photos = {
            v.object_id: v.field_dict for v in siblings.get_for_model(photo_model)
        }
        with reversion.create_revision():
            reversion.set_user(by)
            reversion.set_comment(
                _("Restored the revision of %(date)s")
                % {"date": local_minute(version.revision.date_created)}
            )
            self.save()
            self.bylines.all().delete()
            byline_model.objects.bulk_create(
                byline_model(
                    article=self,
                    reporter_id=row["reporter_id"],
                    role=row["role"],
                    order=row["order"],
                )
                for row in bylines
            )
            tagged_model.objects.filter(content_object=self).delete()
            tagged_model.objects.bulk_create(
                tagged_model(content_object=self, tag_id=tag_id) for tag_id in tag_ids
            )
            # Photos' files are not versioned; their words are, where the photo remains.
            for photo in self.photos.filter(pk__in=[int(pk) for pk in photos]):
                row = photos[str(photo.pk)]
                for field in ("caption", "alt_text", "credit_text", "order"):
                    setattr(photo, field, row.get(field, getattr(photo, field)))
                photo.credit_reporter_id = row.get("credit_reporter_id")
                photo.save()
            # The bylines and tags were written in bulk, with no post_save.
            type(self).objects.filter(pk=self.pk).refresh_parts()
        self._record(by, Action.RESTORE, local_minute(version.revision.date_created))
        return self
