"""Put every story that names its print edition on a page of that edition.

Stories imported before pages were kept get a ``PrintPage`` (by edition and
page number; an empty label when the page was not given) and a placement
that keeps their import fingerprint, in the order they were created. Going
back removes every page and placement (the tables go with 0015).
"""

from django.db import migrations

BATCH = 1000


def place_printed_stories(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    PrintPage = apps.get_model("articles", "PrintPage")
    PrintPlacement = apps.get_model("articles", "PrintPlacement")
    pages = {}
    counts = {}
    placements = []
    stories = (
        Article.objects.filter(print_edition__isnull=False)
        .order_by("print_edition", "print_page", "pk")
        .values_list("pk", "print_edition", "print_page", "headline", "import_fingerprint")
    )
    for pk, edition, number, headline, fingerprint in stories.iterator(BATCH):
        label = str(number) if number else ""
        key = (edition, label)
        if key not in pages:
            pages[key] = PrintPage.objects.create(
                edition=edition,
                label=label,
                number=number or None,
                position=number if number else 999_999,
            )
            counts[key] = 0
        counts[key] += 1
        placements.append(
            PrintPlacement(
                page=pages[key],
                article_id=pk,
                position=counts[key],
                headline=headline[:200],
                fingerprint=fingerprint,
            )
        )
        if len(placements) >= BATCH:
            PrintPlacement.objects.bulk_create(placements)
            placements = []
    PrintPlacement.objects.bulk_create(placements)


def unplace(apps, schema_editor):
    PrintPage = apps.get_model("articles", "PrintPage")
    PrintPlacement = apps.get_model("articles", "PrintPlacement")
    PrintPlacement.objects.all().delete()
    PrintPage.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_print_pages_and_story_parts")]

    operations = [migrations.RunPython(place_printed_stories, unplace)]
