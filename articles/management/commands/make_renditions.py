"""Make the renditions of photos and headshots that are missing or stale."""

from django.core.management.base import BaseCommand, CommandError

from articles.images import is_current, renditions_for
from articles.models import Photo
from staff.models import Reporter


class Command(BaseCommand):
    help = (
        "Make renditions that are missing or stale, e.g. after the widths or "
        "qualities changed, so no reader waits for them."
    )

    def handle(self, *args, **options):
        made = current = 0
        failed = []
        for model, field_name in ((Photo, "image"), (Reporter, "headshot")):
            field = model._meta.get_field(field_name)
            rows = model.objects.exclude(**{field_name: ""}).order_by("pk")
            for obj in rows.iterator(chunk_size=200):
                image = getattr(obj, field_name)
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
