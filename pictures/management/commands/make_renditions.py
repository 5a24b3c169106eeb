"""Make the renditions of every stored image that are missing or stale."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from pictures.fields import ProcessedImageField
from pictures.renditions import is_current, renditions_for


def image_fields():
    """Yield ``(model, field)`` for each processed image field of every model."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, ProcessedImageField):
                yield model, field


class Command(BaseCommand):
    help = (
        "Make renditions that are missing or stale, e.g. after the widths or "
        "qualities changed, so no reader waits for them."
    )

    def handle(self, *args, **options):
        made = current = 0
        failed = []
        for model, field in image_fields():
            rows = model._default_manager.exclude(**{field.name: ""}).order_by("pk")
            for obj in rows.iterator(chunk_size=200):
                image = getattr(obj, field.name)
                record = getattr(obj, field.renditions_field)
                if is_current(record, image.name, field.widths):
                    current += 1
                elif renditions_for(image):
                    made += 1
                else:
                    failed.append(image.name)
        self.stdout.write(f"Renditions: {made} made, {current} already current.")
        if failed:
            raise CommandError(
                f"{len(failed)} image(s) could not be read: {', '.join(failed)}"
            )
