"""Load demo desks, reporters, published stories and one login per role."""

import json
import random
import secrets
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image, ImageChops, ImageDraw

from articles.models import Article, Byline, Photo
from newsroom.db import refresh_planner_statistics
from newsroom.text import pinyin_slug
from staff.models import Department, Reporter, staff_name
from staff.roles import role

DEMO_FILE = Path(__file__).resolve().parent.parent.parent / "demo_stories.json"
PHOTO_SIZE = (1600, 1067)

# (username, role, reporter slug): each login is paired with a demo reporter
# so it has a byline identity, as real staff logins do. Together they can run
# a story through 三审三校: 初审 (editor), 复审 (desk head of 时政, the demo
# reporter's desk), 终审 and 签发 (chief), and the proofreading passes.
LOGINS = [
    ("demo-reporter", "reporter", "gu-xiao-lan"),
    ("demo-editor", "editor", "shen-yi"),
    ("demo-desk-head", "desk-head", "wen-zhi-xing"),
    ("demo-chief", "chief-editor", "yan-zheng-ping"),
    ("demo-proofreader", "proofreader", "lu-qing"),
]

# Reviewers who write no demo stories; (slug, name, department slug).
DESK_STAFF = [
    ("wen-zhi-xing", "温知行", "politics"),
    ("yan-zheng-ping", "严正平", None),
    ("lu-qing", "陆清", None),
]


class Command(BaseCommand):
    help = "Load demo departments, reporters and published stories (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help=(
                "Password for both demo logins. Without it, new logins get a "
                "random password and existing ones keep theirs."
            ),
        )

    def handle(self, *args, **options):
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            departments, new_departments = self.load_departments(data["departments"])
            reporters, new_reporters = self.load_reporters(
                data["reporters"], departments
            )
            reporters.update(self.load_desk_staff(departments))
            users = self.load_logins(reporters, options["password"])
            new_articles = self.load_articles(
                data["articles"],
                departments,
                reporters,
                users["demo-reporter"],
                responsible_editor=users["demo-editor"],
            )
        refresh_planner_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {len(departments)} departments ({new_departments} new), "
                f"{len(reporters)} reporters ({new_reporters} new), "
                f"{len(data['articles'])} articles ({new_articles} new)"
            )
        )
        # The planning desk sits above the articles; it loads its own demo
        # (the page lineup and a day's plan) when it is installed.
        if apps.is_installed("planning"):
            call_command("load_planning_demo", stdout=self.stdout)

    def load_departments(self, rows):
        departments, created_count = {}, 0
        for row in rows:
            department, created = Department.objects.get_or_create(
                slug=row["slug"],
                defaults={
                    "name": row["name"],
                    "description": row["description"],
                    "order": row["order"],
                },
            )
            departments[row["slug"]] = department
            created_count += created
        return departments, created_count

    def load_reporters(self, rows, departments):
        reporters, created_count = {}, 0
        for row in rows:
            reporter, created = Reporter.objects.get_or_create(
                slug=row["slug"],
                defaults={
                    "name": row["name"],
                    "title": row["title"],
                    "department": departments[row["department"]],
                    "bio": row["bio"],
                },
            )
            reporters[row["slug"]] = reporter
            created_count += created
        return reporters, created_count

    def load_desk_staff(self, departments):
        staff = {}
        for slug, name, department_slug in DESK_STAFF:
            staff[slug], _ = Reporter.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "title": Reporter.Title.EDITOR,
                    "department": departments.get(department_slug),
                },
            )
        return staff

    def load_logins(self, reporters, password):
        User = get_user_model()
        users, lines = {}, []
        for username, role_key, reporter_slug in LOGINS:
            group_name = role(role_key).group
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            if created or password:
                chosen = password or secrets.token_urlsafe(9)
                user.set_password(chosen)
                note = f"password: {chosen}"
            else:
                note = "already existed, password left unchanged"
            # An existing login may have lost staff status or its group by
            # hand; the demo only works with both.
            user.is_staff = True
            reporter = reporters[reporter_slug]
            # Staff see each other by name, and the desk's emails need an
            # address; names edited by hand are kept. The whole Chinese name
            # goes in first_name, the one the admin greets people by.
            if not (user.first_name or user.last_name):
                user.first_name = reporter.name
            if not user.email:
                user.email = f"{reporter_slug.replace('-', '.')}@example.com"
            user.save()
            user.groups.add(Group.objects.get(name=group_name))

            # Reporter.user is one-to-one: never steal a reporter or a login
            # that someone has already paired with something else.
            if (
                reporter.user_id is None
                and not Reporter.objects.filter(user=user).exists()
            ):
                reporter.user = user
                reporter.save(update_fields=["user"])
            users[username] = user
            lines.append(f"  {username:<14} ({group_name}, {reporter}) {note}")

        self.stdout.write(
            self.style.WARNING("Demo logins, for local use only; never deploy them:")
        )
        for line in lines:
            self.stdout.write(line)
        return users

    def load_articles(
        self, rows, departments, reporters, created_by, *, responsible_editor
    ):
        now = timezone.now()
        created_count = 0
        for row in rows:
            published_at = now - timedelta(hours=row["published_hours_ago"])
            body = "".join(f"<p>{escape(p)}</p>" for p in row["paragraphs"])
            dateline = date.fromisoformat(row["dateline"]) if row["dateline"] else None
            article, created = Article.objects.get_or_create(
                slug=pinyin_slug(row["headline"]),
                defaults={
                    "headline": row["headline"],
                    "dek": row["dek"],
                    "body": body,
                    "department": departments[row["department"]],
                    "status": Article.Status.PUBLISHED,
                    "dateline": dateline,
                    "published_at": published_at,
                    "first_published_at": published_at,
                    "print_edition": timezone.localdate(published_at),
                    "print_page": row["print_page"],
                    "created_by": created_by,
                    # The demo's stories come out signed; its 初审 editor
                    # is credited as a review would credit them.
                    "responsible_editor_user": responsible_editor,
                    "responsible_editor": staff_name(responsible_editor),
                },
            )
            if not created:
                # Leave existing stories alone: an editor may have changed
                # credits or photos since the last load.
                continue
            created_count += 1
            Byline.objects.bulk_create(
                Byline(
                    article=article,
                    reporter=reporters[credit["reporter"]],
                    role=credit["role"],
                    order=order,
                )
                for order, credit in enumerate(row["bylines"])
            )
            article.tags.add(*row["tags"])
            for order, spec in enumerate(row["photos"]):
                self.add_photo(article, order, spec, reporters)
            # bulk_create sends no post_save: the bylines' copy is written here.
            Article.objects.filter(pk=article.pk).refresh_parts()
        return created_count

    def add_photo(self, article, order, spec, reporters):
        photo = Photo(
            article=article,
            caption=spec["caption"],
            alt_text=spec["alt_text"],
            credit_reporter=reporters[spec["credit"]] if spec["credit"] else None,
            credit_text=spec["credit_text"],
            order=order,
        )
        name = f"{article.slug}-{order + 1}.jpg"
        content = placeholder_jpeg(spec["color"], seed=f"{article.slug}-{order}")
        # ImageField reads width and height from the content it was given, and
        # an unnamed ContentFile counts as empty, which leaves them NULL.
        photo.image.save(name, ContentFile(content, name=name), save=False)
        photo.save()


def placeholder_jpeg(color, *, seed):
    """Return JPEG bytes of a diagonal gradient in ``color`` with soft shapes."""
    base = Image.new("RGB", PHOTO_SIZE, color)
    dark = Image.blend(base, Image.new("RGB", PHOTO_SIZE, "black"), 0.55)
    light = Image.blend(base, Image.new("RGB", PHOTO_SIZE, "white"), 0.35)
    vertical = Image.linear_gradient("L").resize(PHOTO_SIZE)
    horizontal = Image.linear_gradient("L").rotate(90).resize(PHOTO_SIZE)
    mask = ImageChops.add(vertical, horizontal, scale=2)
    image = Image.composite(dark, light, mask)

    # Seeded so the same story always gets the same picture.
    rng = random.Random(seed)
    overlay = Image.new("RGBA", PHOTO_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    width, height = PHOTO_SIZE
    for _ in range(5):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(height // 8, height // 3)
        shade = rng.choice([(255, 255, 255), (0, 0, 0)])
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=(*shade, rng.randrange(20, 50)),
        )
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")

    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()
