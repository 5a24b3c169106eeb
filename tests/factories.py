"""Factory functions for test data: plain functions over ``kwargs.setdefault``."""

import io
import itertools
from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Byline, Photo, PrintPage, PrintPlacement
from staff.models import Department, Reporter

_sequence = itertools.count(1)


def make_user(perm_names=None, groups=None, **kwargs):
    n = next(_sequence)
    kwargs.setdefault("username", f"user{n}")
    kwargs.setdefault("email", f"user{n}@example.com")
    kwargs.setdefault("is_staff", True)
    password = kwargs.pop("password", "correct horse battery staple")
    user = get_user_model().objects.create_user(password=password, **kwargs)
    for name in groups or []:
        user.groups.add(Group.objects.get(name=name))
    for perm_name in perm_names or []:
        app_label, codename = perm_name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_department(**kwargs):
    n = next(_sequence)
    kwargs.setdefault("name", f"部门{n}")
    kwargs.setdefault("slug", f"desk-{n}")
    return Department.objects.create(**kwargs)


def make_reporter(**kwargs):
    n = next(_sequence)
    kwargs.setdefault("name", f"记者{n}")
    kwargs.setdefault("slug", f"reporter-{n}")
    return Reporter.objects.create(**kwargs)


def make_article(bylines=None, **kwargs):
    """Create an article; ``bylines`` is a list of ``(reporter, role)`` pairs."""
    n = next(_sequence)
    kwargs.setdefault("headline", f"经开区开展第{n}次安全生产检查")
    kwargs.setdefault("body", f"<p>本报讯 11月{n % 28 + 1}日，检查组走访企业。</p>")
    kwargs.setdefault("status", Article.Status.DRAFT)
    if kwargs["status"] == Article.Status.PUBLISHED:
        kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
        kwargs.setdefault("first_published_at", kwargs["published_at"])
    article = Article.objects.create(**kwargs)
    for order, (reporter, role) in enumerate(bylines or []):
        Byline.objects.create(
            article=article, reporter=reporter, role=role, order=order
        )
    return article


def make_published_article(**kwargs):
    kwargs["status"] = Article.Status.PUBLISHED
    return make_article(**kwargs)


def image_file(name="photo.jpg", size=(64, 48), color=(200, 30, 30), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    content_type = f"image/{fmt.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def make_photo(article, **kwargs):
    kwargs.setdefault("image", image_file())
    kwargs.setdefault("alt_text", "检查组在车间查看设备")
    return Photo.objects.create(article=article, **kwargs)


def make_print_page(**kwargs):
    kwargs.setdefault("edition", timezone.localdate())
    kwargs.setdefault("label", "1")
    return PrintPage.objects.create(**kwargs)


def make_placement(article, page, **kwargs):
    """Place ``article`` on ``page`` as the import does, last on it by default."""
    kwargs.setdefault("position", page.placements.count() + 1)
    kwargs.setdefault("headline", article.headline)
    if article.print_edition is None:
        article.print_edition = page.edition
        article.print_page = page.number
        article.save(update_fields=["print_edition", "print_page"])
    return PrintPlacement.objects.create(article=article, page=page, **kwargs)


# -- the planning desk ---------------------------------------------------------


def make_page(**kwargs):
    from planning.models import Page

    n = next(_sequence)
    kwargs.setdefault("number", n)
    kwargs.setdefault("name", f"版面{n}")
    kwargs.setdefault("capacity", 5000)
    return Page.objects.create(**kwargs)


def make_edition(date=None, pages=0, **kwargs):
    """Open an edition; with ``pages``, first add that many pages to the lineup."""
    from planning.models import Edition, Page

    for _ in range(pages):
        number = (
            Page.objects.order_by("-number").values_list("number", flat=True).first()
            or 0
        ) + 1
        make_page(number=number)
    return Edition.objects.open(date or timezone.localdate() + timedelta(days=1))


def staff_member(role_key, department=None, **kwargs):
    """A login in a role's group, with a reporter profile on ``department``."""
    from staff.roles import role

    user = make_user(groups=[role(role_key).group], **kwargs)
    make_reporter(name=f"{user.username}", user=user, department=department)
    return user


def make_pitch(by, **kwargs):
    from planning.models import Pitch

    kwargs.setdefault("title", f"选题{next(_sequence)}：社区食堂开进老小区")
    kwargs.setdefault("description", "老小区里的社区食堂开张，记录第一周的客流和价格。")
    kwargs.setdefault("department", by.reporter.department)
    kwargs.setdefault("edition", make_edition())
    kwargs.setdefault("planned_length", 1200)
    return Pitch.propose(by, **kwargs)


def due_tomorrow():
    return timezone.now() + timedelta(days=1)


def make_newsroom():
    """Create a desk (时政) and one person per role, with names and addresses.

    Returns a namespace: ``desk`` and the users ``reporter``, ``editor``
    (初审), ``head`` (复审 of 时政), ``chief`` (终审, 签发), ``proofreader``
    and ``second_proofreader``; each user has a reporter profile.
    """
    n = next(_sequence)
    desk = make_department(name=f"时政{n}", slug=f"politics-{n}")
    people = SimpleNamespace(desk=desk)
    for key, group, name, on_desk in [
        ("reporter", "reporters", "顾晓岚", True),
        ("editor", "editors", "沈怡", True),
        ("head", "desk_heads", "温知行", True),
        ("chief", "chief_editors", "严正平", False),
        ("proofreader", "proofreaders", "陆清", False),
        ("second_proofreader", "proofreaders", "林素", False),
    ]:
        user = make_user(
            groups=[group],
            username=f"{key}{n}",
            email=f"{key}{n}@example.com",
            last_name=name[0],
            first_name=name[1:],
        )
        make_reporter(
            user=user,
            name=name,
            department=desk if on_desk else None,
            title="reporter" if key == "reporter" else "editor",
        )
        setattr(people, key, user)
    return people


def make_story(people, **kwargs):
    """Create a story by ``people.reporter`` on ``people.desk``, ready to submit."""
    kwargs.setdefault("headline", "临水路管网改造全面完工")
    kwargs.setdefault("body", "<p>本报讯 11月20日，临水路管网改造全面完工。</p>")
    kwargs.setdefault("department", people.desk)
    kwargs.setdefault("created_by", people.reporter)
    kwargs.setdefault("bylines", [(people.reporter.reporter, "text")])
    return make_article(**kwargs)
