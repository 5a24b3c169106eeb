"""The newsroom's side of the cluster test: its stories, written as people write them.

``file_through_the_admin`` is the reporter and the desk at work in the admin,
over HTTP through Varnish; ``new_story`` publishes through the models in the
test's own process, configured exactly as the app servers are
(var/cluster/app.env), for the load phase's steady stream.
"""

import io
import os
import re
import sys

from cluster_tools import ROOT, VAR, Editor

# -- The app's own models, configured as the app servers are --------------------


def app_env():
    env = {}
    for line in (VAR / "app.env").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            env[name] = value
    return env


def setup_django():
    os.environ.update(app_env())
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def jpeg(color):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), color).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def new_story(headline, *, published_at=None):
    """A story published straight through the models, for the load phase's
    steady stream and the scheduled story (the admin path is proven once,
    by ``file_through_the_admin``)."""
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Byline
    from staff.models import Reporter

    reporter = Reporter.objects.filter(department__isnull=False).first()
    when = published_at or timezone.now()
    with transaction.atomic():
        article = Article.objects.create(
            headline=headline,
            body="<p>本报讯 记者走访了几个社区，居民对新开的便民服务点评价不错。</p>",
            department=reporter.department,
        )
        Byline.objects.create(article=article, reporter=reporter, role="text")
    # Publishing is its own transaction, as in the admin; the purge follows
    # its commit.
    with transaction.atomic():
        article.status = Article.Status.PUBLISHED
        article.published_at = when
        article.first_published_at = when
        article.save()
    return article


# The demo's people, and the steps of 三审三校 that each takes, in order.
PROOFREADERS = ("demo-proofreader", "demo-editor", "demo-desk-head")
SIGNERS = ("demo-editor", "demo-desk-head")
CHIEF = "demo-chief"


def file_through_the_admin(headline, password):
    """A reporter writes a story with a photo in the admin and submits it;
    three proofreaders and the reviewers pass it, as in the newsroom, every
    step a form posted through Varnish to whichever app server it picks.
    Returns the story and the desk's signed-in chief, ready to publish."""
    from articles.models import Article
    from staff.models import Reporter

    reporter = Reporter.objects.select_related("user").get(
        user__username="demo-reporter"
    )
    writer = Editor("demo-reporter", password)
    fields = {
        "headline": headline,
        "dek": "",
        "body": "<p>本报讯 记者走访了几个社区，居民对新开的便民服务点评价不错。</p>",
        "department": reporter.department_id,
        "tags": "",
        "dateline": "",
        "published_at_0": "",
        "published_at_1": "",
        "slug": "",
        "print_edition": "",
        "print_page": "",
        "bylines-TOTAL_FORMS": 1,
        "bylines-INITIAL_FORMS": 0,
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
        "bylines-0-reporter": reporter.pk,
        "bylines-0-role": "text",
        "bylines-0-order": 0,
        "photos-TOTAL_FORMS": 1,
        "photos-INITIAL_FORMS": 0,
        "photos-MIN_NUM_FORMS": 0,
        "photos-MAX_NUM_FORMS": 1000,
        "photos-0-caption": "社区便民服务点",
        "photos-0-alt_text": "居民在服务点窗口前排队",
        "photos-0-credit_reporter": reporter.pk,
        "photos-0-credit_text": "",
        "photos-0-order": 0,
        "_continue": 1,
    }
    photo = ("社区.jpg", jpeg((30, 120, 200)), "image/jpeg")
    status, location = writer.post_multipart(
        "/admin/articles/article/add/", fields, {"photos-0-image": photo}
    )
    found = re.search(r"/article/(\d+)/change/", location or "")
    if status != 302 or not found:
        raise RuntimeError(f"the reporter's story was not saved: {status} {location}")
    article_id = int(found[1])
    steps = [(writer, "submit", "请审阅")]
    steps += [(Editor(name, password), "proofread", "已校") for name in PROOFREADERS]
    steps += [(Editor(name, password), "sign", "同意") for name in SIGNERS]
    for person, action, comment in steps:
        if not person.act(article_id, action, comment):
            raise RuntimeError(f"{action} was refused for story {article_id}")
    return Article.objects.get(pk=article_id), Editor(CHIEF, password)
