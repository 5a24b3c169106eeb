"""What public pages show of a story's parts, kept in the story's row.

A list of twenty stories or a story's page would otherwise read its bylines,
reporters, photos, tags, corrections and print pages with a query each, and
build a model object for every row. ``Article.parts`` holds what the pages
show of them instead, as JSON, so a page reads one row per story. It is
written by ``ArticleQuerySet.refresh_parts()``: the receivers connected in
``connect_receivers()`` call it whenever a part, a reporter, a tag or a print
page is saved or deleted, and code that writes parts in bulk (bulk_create,
update()) calls it itself.

An empty value means "not written yet" (a story saved before it had any part
written); the readers then query the parts as before.
"""

from datetime import date, datetime
from functools import cached_property
from types import SimpleNamespace

from django.apps import apps as global_apps
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from pictures import renditions
from staff.models import Reporter

from .parts import Photo

PARTS_VERSION = 1
BATCH_SIZE = 500


def empty_parts():
    """The parts of a story that has none."""
    return {
        "v": PARTS_VERSION,
        "bylines": [],
        "photos": [],
        "tags": [],
        "corrections": [],
        "placements": [],
    }


def build_parts(article_ids, registry=global_apps, using="default"):
    """Return ``{article id: parts}`` read from the parts' own rows.

    ``registry`` gives the models: the app registry, or a migration's.
    Five queries per batch, whatever the number of stories in it.
    """
    model = registry.get_model
    byline_model, photo_model = model("articles", "Byline"), model("articles", "Photo")
    tagged_model = model("articles", "TaggedArticle")
    correction_model = model("articles", "Correction")
    placement_model = model("articles", "PrintPlacement")
    parts = {pk: empty_parts() for pk in article_ids}
    bylines = (
        byline_model.objects.using(using)
        .filter(article_id__in=article_ids)
        .order_by("order", "pk")
        .values_list(
            "article_id",
            "reporter_id",
            "reporter__slug",
            "reporter__name",
            "reporter__title",
            "role",
            "order",
        )
    )
    for article_id, reporter, slug, name, title, role, order in bylines:
        parts[article_id]["bylines"].append(
            {
                "reporter": reporter,
                "slug": slug,
                "name": name,
                "title": title,
                "role": role,
                "order": order,
            }
        )
    photos = (
        photo_model.objects.using(using)
        .filter(article_id__in=article_ids)
        .order_by("order", "pk")
        .values_list(
            "article_id",
            "pk",
            "image",
            "width",
            "height",
            "renditions",
            "caption",
            "alt_text",
            "credit_text",
            "credit_reporter__name",
            "credit_reporter__title",
            "order",
        )
    )
    for row in photos:
        (article_id, pk, image, width, height, renditions, caption, alt) = row[:8]
        credit_text, credit_name, credit_title, order = row[8:]
        parts[article_id]["photos"].append(
            {
                "id": pk,
                "image": image,
                "width": width,
                "height": height,
                "renditions": renditions,
                "caption": caption,
                "alt": alt,
                "credit_text": credit_text,
                "credit_name": credit_name,
                "credit_title": credit_title,
                "order": order,
            }
        )
    tags = (
        tagged_model.objects.using(using)
        .filter(content_object_id__in=article_ids)
        .order_by("tag_id")
        .values_list("content_object_id", "tag_id", "tag__name", "tag__slug")
    )
    for article_id, pk, name, slug in tags:
        parts[article_id]["tags"].append({"id": pk, "name": name, "slug": slug})
    corrections = (
        correction_model.objects.using(using)
        .filter(article_id__in=article_ids)
        .order_by("created_at", "pk")
        .values_list("article_id", "created_at", "text")
    )
    for article_id, created_at, text in corrections:
        parts[article_id]["corrections"].append(
            {"created_at": created_at.isoformat(), "text": text}
        )
    placements = (
        placement_model.objects.using(using)
        .filter(article_id__in=article_ids)
        .order_by("page__position", "page__label", "position", "pk")
        .values_list(
            "article_id", "page__edition", "page__label", "page__position", "page__name"
        )
    )
    for article_id, edition, label, position, name in placements:
        parts[article_id]["placements"].append(
            {
                "edition": edition.isoformat(),
                "label": label,
                "position": position,
                "name": name,
            }
        )
    return parts


def new_story_parts(bylines, placements):
    """The parts of a story not yet saved, from the rows about to be written
    with it (bylines with their reporters, placements with their pages)."""
    parts = empty_parts()
    parts["bylines"] = [
        {
            "reporter": b.reporter.pk,
            "slug": b.reporter.slug,
            "name": b.reporter.name,
            "title": b.reporter.title,
            "role": b.role,
            "order": b.order,
        }
        for b in sorted(bylines, key=lambda b: b.order)
    ]
    parts["placements"] = [
        {
            "edition": p.page.edition.isoformat(),
            "label": p.page.label,
            "position": p.page.position,
            "name": p.page.name,
        }
        for p in sorted(
            placements, key=lambda p: (p.page.position, p.page.label, p.position)
        )
    ]
    return parts


def write_parts(queryset, registry=global_apps):
    """Write ``parts`` of every story in ``queryset``, in batches."""
    article_model = queryset.model
    using = queryset.db
    ids = list(queryset.order_by().values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        built = build_parts(batch, registry, using)
        article_model.objects.using(using).bulk_update(
            [article_model(pk=pk, parts=value) for pk, value in built.items()],
            ["parts"],
        )
    return len(ids)


# --- Reading them back -----------------------------------------------------


class StoredParts:
    """A story's parts as its pages read them, from ``Article.parts``."""

    def __init__(self, parts):
        self.raw = parts

    @cached_property
    def bylines(self):
        """Bylines as ``byline_parts()`` reads them: role and reporter."""
        titles = Reporter.PRINTED_TITLES
        return [
            SimpleNamespace(
                reporter_id=b["reporter"],
                role=b["role"],
                order=b["order"],
                reporter=SimpleNamespace(
                    pk=b["reporter"],
                    slug=b["slug"],
                    name=b["name"],
                    title=b["title"],
                    printed_title=titles.get(b["title"], ""),
                ),
            )
            for b in self.raw["bylines"]
        ]

    @cached_property
    def photos(self):
        return [stored_photo(Photo, row) for row in self.raw["photos"]]

    @cached_property
    def tags(self):
        return [
            SimpleNamespace(pk=t["id"], name=t["name"], slug=t["slug"])
            for t in self.raw["tags"]
        ]

    @cached_property
    def corrections(self):
        return [
            SimpleNamespace(
                created_at=datetime.fromisoformat(c["created_at"]), text=c["text"]
            )
            for c in self.raw["corrections"]
        ]

    @cached_property
    def placements(self):
        # edition imports Article, whose module imports this one.
        from .edition import PrintPage

        return [
            SimpleNamespace(
                page=PrintPage(
                    edition=date.fromisoformat(p["edition"]),
                    label=p["label"],
                    position=p["position"],
                    name=p["name"],
                )
            )
            for p in self.raw["placements"]
        ]


def stored_photo(photo_model, row):
    """An unsaved Photo with what a page shows of the stored one.

    Its image names the stored file, so renditions and addresses work as for
    the row; its credit is written as the row's credit was.
    """
    credit = row["credit_text"]
    if row["credit_name"] is not None:
        title = Reporter.PRINTED_TITLES.get(row["credit_title"], "")
        credit = f"{title} {row['credit_name']}"
    return photo_model(
        id=row["id"],
        image=row["image"],
        width=row["width"],
        height=row["height"],
        renditions=row["renditions"],
        caption=row["caption"],
        alt_text=row["alt"],
        credit_text=credit,
        order=row["order"],
    )


# --- Keeping them current ----------------------------------------------------


def _articles(registry):
    return registry.get_model("articles", "Article").objects


def part_changed(sender, instance, using=None, **kwargs):
    article_id = getattr(instance, "article_id", None) or getattr(
        instance, "content_object_id", None
    )
    if article_id is None:
        return
    parts = build_parts([article_id], using=using or "default")[article_id]
    _articles(global_apps).using(using).filter(pk=article_id).update(parts=parts)
    # The story the part was saved with, if it holds it, reads the new ones.
    cache = instance._state.fields_cache
    story = cache.get("article") or cache.get("content_object")
    if story is not None and story.pk == article_id:
        story.parts = parts


def reporter_changed(sender, instance, using=None, **kwargs):
    _articles(global_apps).using(using).filter(
        Q(bylines__reporter=instance) | Q(photos__credit_reporter=instance)
    ).distinct().refresh_parts()


def tag_changed(sender, instance, using=None, **kwargs):
    _articles(global_apps).using(using).filter(
        tagged_items__tag_id=instance.pk
    ).refresh_parts()


def print_page_changed(sender, instance, using=None, **kwargs):
    _articles(global_apps).using(using).filter(
        placements__page_id=instance.pk
    ).refresh_parts()


def renditions_rebuilt(sender, pk, using=None, **kwargs):
    _articles(global_apps).using(using).filter(photos__pk=pk).refresh_parts()


def tags_set(sender, instance, action, reverse, pk_set, using=None, **kwargs):
    if not action.startswith("post_"):
        return
    articles = _articles(global_apps).using(using)
    if reverse:
        # A tag's stories changed: pk_set names them (None: all of them).
        if pk_set is None:
            articles = articles.filter(tagged_items__tag_id=instance.pk)
        else:
            articles = articles.filter(pk__in=pk_set)
        articles.refresh_parts()
    else:
        parts = build_parts([instance.pk], using=using or "default")[instance.pk]
        articles.filter(pk=instance.pk).update(parts=parts)
        instance.parts = parts


# Each model whose rows ``parts`` copies, and what to refresh when one changes.
RECEIVERS = [
    ("articles.Byline", part_changed),
    ("articles.Photo", part_changed),
    ("articles.TaggedArticle", part_changed),
    ("articles.Correction", part_changed),
    ("articles.PrintPlacement", part_changed),
    ("articles.PrintPage", print_page_changed),
    ("staff.Reporter", reporter_changed),
    ("taggit.Tag", tag_changed),
]


def connect_receivers(apps):
    """Refresh ``Article.parts`` whenever a row it copies changes."""
    for label, receiver in RECEIVERS:
        model = apps.get_model(label)
        uid = f"article-parts:{label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
    # A photo's renditions remade for a stale record, by a queryset update.
    renditions.renditions_rebuilt.connect(
        renditions_rebuilt,
        sender=apps.get_model("articles", "Photo"),
        dispatch_uid="article-parts:renditions",
    )
    article = apps.get_model("articles", "Article")
    # taggit adds and removes a story's tags in bulk, with no post_save.
    m2m_changed.connect(
        tags_set, sender=article.tags.through, dispatch_uid="article-parts:tags"
    )
