import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_department, make_reporter, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form_data(**overrides):
    data = {
        "headline": "经开区启动冬季供暖保障",
        "dek": "",
        "body": "<p>本报讯 11月15日，供暖季开始。</p>",
        "department": "",
        "tags": "",
        "dateline": "",
        "published_at_0": "",
        "published_at_1": "",
        "slug": "",
        "print_edition": "",
        "print_page": "",
        **inline_management("bylines"),
        **inline_management("photos"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def reporter_user():
    user = make_user(groups=["reporters"])
    make_reporter(user=user, name="罗晓")
    return user


def test_reporter_creates_an_article_with_a_byline(client, reporter_user):
    client.force_login(reporter_user)
    byline_reporter = reporter_user.reporter
    data = article_form_data(
        **inline_management("bylines", total=1),
        **{
            "bylines-0-reporter": byline_reporter.pk,
            "bylines-0-role": "text",
            "bylines-0-order": "0",
        },
        tags="供暖, 民生",
    )

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    assert article.created_by == reporter_user
    assert article.status == Article.Status.DRAFT
    assert article.byline_text() == "记者 罗晓"
    assert sorted(article.tags.names()) == ["供暖", "民生"]


def test_crafted_post_cannot_smuggle_script_or_status(client, reporter_user):
    client.force_login(reporter_user)
    data = article_form_data(
        body='<p onmouseover="steal()">正文</p><script>alert(1)</script>',
        status="published",
    )

    client.post(reverse("admin:articles_article_add"), data)

    article = Article.objects.get()
    assert article.body == "<p>正文</p>"
    assert article.status == Article.Status.DRAFT


def test_change_form_uses_the_rich_text_editor_and_shows_length(client, reporter_user):
    client.force_login(reporter_user)
    article = make_article(body="<p>供暖季开始。</p>", created_by=reporter_user)

    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "django_prose_editor" in content
    assert "cdn" not in content.lower()
    # 字数 is counted while typing, by the form's script.
    assert "newsroom/admin/story-form.js" in content
    article.submit(reporter_user)
    read_only = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "字数" in read_only.text
    assert ">6<" in read_only.text.replace(" ", "").replace("\n", "")


def test_changelist_shows_length_and_bylines(client):
    editor = make_user(groups=["editors"])
    client.force_login(editor)
    make_article(
        headline="供暖保障",
        body="<p>一二三四五。</p>",
        department=make_department(name="民生"),
        bylines=[(make_reporter(name="罗晓"), "text")],
    )

    response = client.get(reverse("admin:articles_article_changelist"))

    content = response.content.decode()
    assert "供暖保障" in content
    assert "记者 罗晓" in content
    assert "民生" in content


def test_admin_search_and_filters_work(client):
    client.force_login(make_user(groups=["editors"]))
    make_article(headline="供暖保障")
    make_article(headline="义务植树")
    url = reverse("admin:articles_article_changelist")

    found = client.get(url, {"q": "植树"})
    filtered = client.get(url, {"status__exact": "published"})

    assert [a.headline for a in found.context["cl"].result_list] == ["义务植树"]
    assert list(filtered.context["cl"].result_list) == []


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:staff_department_changelist",
        "admin:staff_reporter_changelist",
        "admin:staff_reporter_add",
        "admin:articles_article_add",
        "admin:index",
    ],
)
def test_editor_pages_open(client, url_name):
    client.force_login(make_user(groups=["editors"]))
    assert client.get(reverse(url_name)).status_code == 200


def test_admin_is_readable_in_english(client):
    client.force_login(make_user(groups=["editors"]))
    response = client.get(
        reverse("admin:articles_article_add"), headers={"accept-language": "en"}
    )
    assert "Headline" in response.content.decode()
