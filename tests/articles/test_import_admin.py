from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article
from staff.models import Reporter
from tests.articles.import_samples import sample_text, seed_text
from tests.factories import make_article, make_department, make_reporter, make_user

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_import_edition")
CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def editor():
    return make_user(username="chief", groups=["editors"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def form_data(**overrides):
    data = {
        "edition": "2023-03-20",
        "page": "2",
        "department": "",
        "mode": "submitted",
        "text": "",
        "preview": "",
    }
    data.update(overrides)
    return data


def preview(client, **overrides):
    response = client.post(URL, form_data(_preview="1", **overrides))
    assert response.status_code == 200
    return response


def confirm_data(response, **overrides):
    """Return the form as the preview page would submit it on 'Import'."""
    form = response.context["form"]
    data = form_data(_confirm="1")
    for name in ("edition", "page", "mode", "text", "preview", "source"):
        value = form.initial.get(name)
        data[name] = "" if value is None else str(value)
    department = form.initial.get("department")
    data["department"] = department.pk if department else ""
    data.update(overrides)
    return data


def test_editors_group_is_granted_the_import_permission():
    editors = Group.objects.get(name="editors")
    reporters = Group.objects.get(name="reporters")
    assert editors.permissions.filter(codename="import_edition").exists()
    assert not reporters.permissions.filter(codename="import_edition").exists()


def test_import_page_speaks_english_to_browsers_that_ask(editor_client):
    response = editor_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert "Import print edition" in response.content.decode()


def test_editor_sees_the_import_page_and_the_changelist_link(editor_client):
    response = editor_client.get(URL)
    assert response.status_code == 200
    assert "导入见报稿" in response.content.decode()
    changelist = editor_client.get(CHANGELIST).content.decode()
    assert URL in changelist


def test_reporter_can_neither_open_the_page_nor_see_the_link(client):
    reporter = make_user(groups=["reporters"])
    client.force_login(reporter)
    assert client.get(URL).status_code == 403
    assert (
        client.post(URL, form_data(text=seed_text(), _confirm="1")).status_code == 403
    )
    assert URL not in client.get(CHANGELIST).content.decode()
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("perms", "status"),
    [
        (["articles.add_article", "articles.import_edition"], 200),
        (["articles.import_edition"], 403),
        (["articles.add_article"], 403),
    ],
)
def test_both_permissions_are_needed(client, perms, status):
    user = make_user(perm_names=[*perms, "articles.view_article"])
    client.force_login(user)
    assert client.get(URL).status_code == status


def test_the_permission_decides_not_the_editors_group_name(client):
    """Importing is the import_edition permission: a group that loses it loses
    the importer, whatever the group is called."""
    editors = Group.objects.get(name="editors")
    editors.permissions.remove(Permission.objects.get(codename="import_edition"))
    client.force_login(make_user(groups=["editors"]))
    assert client.get(URL).status_code == 403


def test_inactive_editor_cannot_import(client, editor):
    client.force_login(editor)
    editor.is_active = False
    editor.save()
    assert client.get(URL).status_code == 302
    assert Article.objects.count() == 0


def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_preview_shows_the_stories_and_saves_nothing(editor_client):
    response = preview(editor_client, text=seed_text())

    content = response.content.decode()
    rows = response.context["preview"]["rows"]
    assert len(rows) == 9
    assert "城市精细化管理工作推进会召开" in content
    assert "区等多级联动" in content
    assert "记者 鲁慧 文/图" in content
    city = rows[5]
    assert city["warnings"][0] == (
        "第 2 段前可能丢了文字，该段从半句开始：“区等多级联动;要加快环卫…”"
    )
    assert 'name="_confirm"' in content
    assert Article.objects.count() == 0
    assert Reporter.objects.count() == 0


def test_confirm_reparses_the_text_and_creates_the_articles(editor_client, editor):
    desk = make_department(slug="jingkai")
    response = preview(editor_client, text=seed_text(), department=desk.pk)

    response = editor_client.post(URL, confirm_data(response))

    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?print_edition=2023-03-20&print_page=2"
    articles = Article.objects.all()
    assert articles.count() == 9
    assert {a.imported_by for a in articles} == {editor}
    assert {a.created_by for a in articles} == {None}
    assert {a.department for a in articles} == {desk}
    assert {a.status for a in articles} == {Article.Status.SUBMITTED}
    assert Reporter.objects.get().user is None
    listing = editor_client.get(response["Location"])
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 9


def test_confirm_with_text_changed_after_the_preview_imports_nothing(editor_client):
    response = preview(editor_client, text=seed_text())
    tampered = seed_text().replace("城市精细化管理工作推进会召开", "篡改后的标题")

    response = editor_client.post(URL, confirm_data(response, text=tampered))

    assert response.status_code == 200
    assert Article.objects.count() == 0
    # The changed text is previewed for a fresh confirmation.
    assert "篡改后的标题" in response.content.decode()
    assert response.context["preview"] is not None


def test_confirm_with_options_changed_after_the_preview_imports_nothing(
    editor_client,
):
    response = preview(editor_client, text=seed_text())
    response = editor_client.post(URL, confirm_data(response, mode="published"))
    assert response.status_code == 200
    assert Article.objects.count() == 0


def test_crafted_confirm_without_a_preview_imports_nothing(editor_client):
    for token in ("", "forged"):
        response = editor_client.post(
            URL, form_data(text=seed_text(), preview=token, _confirm="1")
        )
        assert response.status_code == 200
    assert Article.objects.count() == 0


def test_confirming_twice_creates_the_stories_once(editor_client):
    response = preview(editor_client, text=seed_text())
    data = confirm_data(response)
    first = editor_client.post(URL, data, follow=True)
    assert [str(m) for m in first.context["messages"]] == [
        "已导入 9 篇稿件（粘贴的文字）。",
        "有 6 条提示待核对：请查看带标记的稿件。",
    ]

    response = editor_client.post(URL, data, follow=True)

    assert Article.objects.count() == 9
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["9 篇稿件此前已导入，保持原样。"]


def test_preview_of_an_imported_page_says_so_and_offers_no_import(editor_client):
    response = preview(editor_client, text=seed_text())
    editor_client.post(URL, confirm_data(response))

    response = preview(editor_client, text=seed_text())

    assert all(row["already_imported"] for row in response.context["preview"]["rows"])
    assert 'name="_confirm"' not in response.content.decode()


def test_uploaded_gbk_file_is_previewed_and_imported(editor_client):
    upload = SimpleUploadedFile(
        "page2.txt", sample_text("bylines.txt").replace("\n", "\r\n").encode("gbk")
    )
    response = editor_client.post(
        URL, {**form_data(edition="2024-05-08"), "upload": upload, "_preview": "1"}
    )
    assert response.status_code == 200
    assert len(response.context["preview"]["rows"]) == 6
    assert "经开区召开夏季防汛工作部署会" in response.context["form"].initial["text"]

    response = editor_client.post(URL, confirm_data(response), follow=True)

    assert Article.objects.count() == 6
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0] == "已导入 6 篇稿件（page2.txt）。"


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("page.docx", "经开区新闻".encode(), "page.docx 不是 .txt 文件。"),
        (
            "scan.txt",
            b"%PDF-1.7\n\x00\x01\x02\xff\xfe\x00\x00binary",
            "scan.txt：不是 UTF-8、GB18030/GBK 或 UTF-16 编码的文本",
        ),
    ],
)
def test_bad_uploads_are_refused_by_name(editor_client, name, content, error):
    upload = SimpleUploadedFile(name, content)
    response = editor_client.post(
        URL, {**form_data(), "upload": upload, "_preview": "1"}
    )
    assert response.status_code == 200
    assert error in str(response.context["form"].errors["upload"])
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"text": ""}, "empty"),
        ({"text": sample_text("not_news.txt")}, "no_stories"),
        ({"text": "标题\n\n本报讯 3月1日,会议\x07召开。记者 鲁慧"}, "not_text"),
    ],
)
def test_text_without_stories_is_refused(editor_client, overrides, code):
    response = preview(editor_client, **overrides)
    form = response.context["form"]
    assert form.has_error("__all__", code) or form.has_error("text", code)
    assert Article.objects.count() == 0


def test_upload_and_paste_together_are_refused(editor_client):
    upload = SimpleUploadedFile("page.txt", sample_text("one_story.txt").encode())
    response = editor_client.post(
        URL,
        {**form_data(text=seed_text()), "upload": upload, "_preview": "1"},
    )
    assert response.context["form"].has_error("__all__", "both")


def test_flagged_article_shows_its_warnings_and_can_be_cleared(editor_client):
    response = preview(editor_client, text=seed_text())
    editor_client.post(URL, confirm_data(response))
    city = Article.objects.get(headline="城市精细化管理工作推进会召开")
    clean = Article.objects.get(
        headline="经开区党工委第三巡察组巡察开放办工作动员会召开"
    )

    page = editor_client.get(reverse("admin:articles_article_change", args=[city.pk]))
    content = page.content.decode()
    assert "区等多级联动" in content
    assert "鲁慧" in content
    untouched = editor_client.get(
        reverse("admin:articles_article_change", args=[clean.pk])
    )
    assert "区等多级联动" not in untouched.content.decode()

    flagged = editor_client.get(CHANGELIST, {"import_warnings": "yes"})
    assert {a.pk for a in flagged.context["cl"].result_list} == set(
        Article.objects.exclude(import_warnings=[]).values_list("pk", flat=True)
    )
    assert city in flagged.context["cl"].result_list
    assert clean not in flagged.context["cl"].result_list
    unflagged = editor_client.get(CHANGELIST, {"import_warnings": "no"})
    assert clean in unflagged.context["cl"].result_list
    assert city not in unflagged.context["cl"].result_list

    editor_client.post(
        CHANGELIST,
        {"action": "clear_import_warnings", "_selected_action": [city.pk]},
    )
    city.refresh_from_db()
    assert city.import_warnings == []


def test_articles_written_in_the_admin_are_not_flagged(editor_client):
    article = make_article()
    make_reporter()
    response = editor_client.get(CHANGELIST, {"import_warnings": "no"})
    assert article in response.context["cl"].result_list


def test_the_masthead_gives_the_edition_and_page_left_empty(editor_client):
    response = preview(
        editor_client, edition="", page="", text=sample_text("daily_front.txt")
    )

    content = response.content.decode()
    target = response.context["preview"]["target"]
    assert (target.edition.isoformat(), target.label, target.name) == (
        "2025-10-03",
        "1",
        "要闻",
    )
    assert "<strong>2025年10月3日</strong>（取自报头）" in content
    # The fields stay empty: the next preview reads the masthead again.
    assert response.context["form"].initial["edition"] is None

    response = editor_client.post(URL, confirm_data(response))

    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?print_edition=2025-10-03&print_page=1"
    assert set(Article.objects.values_list("print_edition", "print_page")) == {
        (date(2025, 10, 3), 1)
    }


def test_without_masthead_or_edition_the_date_is_asked_for(editor_client):
    response = preview(editor_client, edition="", text=seed_text())
    assert response.context["form"].has_error("edition", "no_edition")
    assert Article.objects.count() == 0


def test_a_disagreeing_masthead_is_shown_in_the_preview(editor_client):
    response = preview(
        editor_client,
        edition="2025-10-04",
        page="",
        text=sample_text("daily_front.txt"),
    )
    assert "报头上的日期是 2025-10-03" in response.content.decode()


def test_a_lettered_page_is_accepted_and_a_bad_one_refused(editor_client):
    response = preview(editor_client, page="b3", text=seed_text())
    assert response.context["preview"]["target"].label == "B3"
    response = preview(editor_client, page="第三版", text=seed_text())
    assert response.context["form"].has_error("page", "bad_page")


def test_lines_fitting_no_story_are_highlighted_for_the_editor_to_fix(editor_client):
    response = preview(editor_client, text=sample_text("mixed_unknown.txt"))

    content = response.content.decode()
    lines = response.context["preview"]["lines"]
    assert [line["number"] for line in lines if line["kind"] == "unparsed"] == [
        4,
        5,
        6,
        7,
        8,
    ]
    assert [line["story"] for line in lines if line["kind"] == "story"] == [
        1,
        1,
        2,
        2,
    ]
    assert "<mark>秋日东湖</mark>" in content
    assert "5 行未能归入任何稿件，不会导入" in content
    # The page text is open for editing, and previewing the fixed text again
    # places what was left out.
    assert "<details open>" in content
    text = sample_text("mixed_unknown.txt")
    poem = text[text.index("秋日东湖") : text.index("城西污水处理厂")]
    response = preview(editor_client, text=text.replace(poem, ""))
    assert response.context["preview"]["result"].page.unparsed == []
    assert len(response.context["preview"]["rows"]) == 2
    assert "<mark>" not in response.content.decode()


def test_a_join_is_previewed_and_reported(editor_client):
    response = preview(
        editor_client, edition="", page="", text=sample_text("daily_front.txt")
    )
    editor_client.post(URL, confirm_data(response))

    response = preview(
        editor_client, edition="", page="", text=sample_text("continuation.txt")
    )
    assert "与已从第1版导入的另一部分合并。" in response.content.decode()
    response = editor_client.post(URL, confirm_data(response), follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert "已导入 3 篇稿件（粘贴的文字）。" in messages
    assert Article.objects.filter(headline="我市新增5条城市公交线路").count() == 1


def test_a_paste_over_the_limit_is_refused(editor_client):
    text = seed_text() + "\n" + "经开区新闻。" * 60_000  # about 1.03 MB
    response = preview(editor_client, text=text)
    form = response.context["form"]
    assert form.has_error("text", "too_large")
    assert "粘贴的文字有 1 MB，超过一个版面的上限 1 MB" in str(form.errors["text"])
    assert Article.objects.count() == 0


def test_a_huge_upload_is_refused_before_it_is_read(editor):
    # Before the CSRF check too, which would read the whole body for its token.
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(editor)
    upload = SimpleUploadedFile("edition.txt", b"a" * (20 * 1024 * 1024))
    response = checked.post(URL, {**form_data(), "upload": upload, "_preview": "1"})
    assert response.status_code == 413
    assert "上传的内容有 20 MB，超过一个版面的上限 1 MB，未读取任何内容" in (
        response.content.decode()
    )
    assert Article.objects.count() == 0


def test_an_upload_over_the_limit_is_refused_by_name(editor_client):
    upload = SimpleUploadedFile("page.txt", b"a" * (1024 * 1024 + 10))
    response = editor_client.post(
        URL, {**form_data(), "upload": upload, "_preview": "1"}
    )
    assert response.status_code == 200
    assert "page.txt 有 1 MB，超过一个版面的上限 1 MB" in str(
        response.context["form"].errors["upload"]
    )


def test_a_utf16_upload_is_decoded(editor_client):
    upload = SimpleUploadedFile("unicode.txt", seed_text().encode("utf-16"))
    response = editor_client.post(
        URL, {**form_data(), "upload": upload, "_preview": "1"}
    )
    assert response.status_code == 200
    assert len(response.context["preview"]["rows"]) == 9


def test_the_refusal_needs_the_import_permission_too(client):
    client.force_login(make_user(groups=["reporters"]))
    upload = SimpleUploadedFile("edition.txt", b"a" * (2 * 1024 * 1024))
    response = client.post(URL, {**form_data(), "upload": upload})
    assert response.status_code == 403


def test_a_post_without_its_csrf_token_is_refused(editor):
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(editor)
    response = checked.post(URL, form_data(text=seed_text(), _preview="1"))
    assert response.status_code == 403
