"""Keep the 责任编辑 name stored on published stories in step with renames.

The public page shows the stored name, so a story reads no staff rows; a
colleague who changes their byline name or full name is renamed on every
story that credits them.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from staff.models import Reporter, staff_name

from . import page_cache
from .models import Article


def rename_responsible_editor(user, **kwargs):
    if user is None or user.pk is None:
        return
    renamed = (
        Article.objects.filter(responsible_editor_user=user)
        .exclude(responsible_editor=staff_name(user))
        .update(responsible_editor=staff_name(user))
    )
    if renamed:
        page_cache.bump_generation(**kwargs)


def user_saved(sender, instance, **kwargs):
    rename_responsible_editor(instance, **kwargs)


def reporter_saved(sender, instance, **kwargs):
    if instance.user_id:
        rename_responsible_editor(instance.user, **kwargs)


def connect_receivers():
    post_save.connect(
        user_saved, sender=get_user_model(), dispatch_uid="credits:user-renamed"
    )
    post_save.connect(
        reporter_saved, sender=Reporter, dispatch_uid="credits:reporter-renamed"
    )
