"""Writers at the same moment: one wins, the other is told, nobody sees a 500."""

import threading
from datetime import date, timedelta
from functools import partial

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.importing.parser import parse_page
from articles.importing.service import import_page
from articles.models import Article
from tests.articles.import_samples import seed_text
from tests.articles.test_admin import article_form_data
from tests.factories import (
    make_department,
    make_newsroom,
    make_reporter,
    make_story,
    make_user,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
]


@pytest.fixture
def three_stages(settings):
    """The default 三审, without proofreading: 签发 is not what is raced here."""
    settings.NEWSROOM_REQUIRED_PROOFREADS = 0


ROUNDS = 20


def in_parallel(*calls):
    """Run each call in its own thread, released together; return their results."""
    start = threading.Barrier(len(calls), timeout=30)
    results = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.usefixtures("one_stage")
def test_two_simultaneous_saves_give_one_success_and_one_refusal():
    desk = make_department()
    editors = []
    for name in ("甲编辑", "乙编辑"):
        user = make_user(groups=["editors"])
        make_reporter(user=user, name=name, department=desk)
        editors.append(user)
    clients = []
    for user in editors:
        client = Client()
        client.force_login(user)
        clients.append(client)
    article = Article.objects.create(
        headline="原标题", body="<p>原文。</p>", department=desk
    )
    url = reverse("admin:articles_article_change", args=[article.pk])

    outcomes = []
    for round_number in range(ROUNDS):
        version = Article.objects.get(pk=article.pk).version

        def save(client, headline, version=version):
            data = article_form_data(
                headline=headline,
                body="<p>正文。</p>",
                department=desk.pk,
                expected_version=version,
            )
            data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})
            return client.post(url, data)

        headlines = (f"甲的标题{round_number}", f"乙的标题{round_number}")
        first, second = in_parallel(
            partial(save, clients[0], headlines[0]),
            partial(save, clients[1], headlines[1]),
        )
        codes = sorted([first.status_code, second.status_code])
        refused = first if first.status_code == 200 else second
        outcomes.append(codes)
        assert codes == [200, 302], (round_number, codes)
        assert refused.context["adminform"].form.has_error("__all__", code="stale")
        saved = Article.objects.get(pk=article.pk)
        assert saved.version == version + 1
        assert saved.headline in headlines

    assert outcomes == [[200, 302]] * ROUNDS


@pytest.mark.usefixtures("one_stage")
def test_a_login_during_a_long_import_succeeds():
    """The importer commits page by page and leaves the write lock free now
    and then, so a login gets in long before the import ends."""
    make_user(username="late", password="a-long-safe-passphrase")
    text = seed_text()
    editions = [date(2023, 3, 20) + timedelta(days=n) for n in range(120)]
    first_page_in = threading.Event()
    login = {}

    def import_many():
        try:
            for edition in editions:
                import_page(
                    parse_page(text, edition=edition), name="p", edition=edition
                )
                first_page_in.set()
        finally:
            connection.close()

    def log_in():
        try:
            first_page_in.wait(timeout=30)
            login["response"] = Client().post(
                reverse("admin:login"),
                {"username": "late", "password": "a-long-safe-passphrase"},
            )
            login["import_still_running"] = importer.is_alive()
        finally:
            connection.close()

    importer = threading.Thread(target=import_many)
    person = threading.Thread(target=log_in)
    importer.start()
    person.start()
    person.join()
    importer.join()

    assert login["response"].status_code == 302
    assert login["import_still_running"]
    assert Article.objects.count() == 9 * len(editions)


@pytest.mark.usefixtures("three_stages")
def test_a_signature_and_a_save_at_once_both_succeed_and_both_are_kept():
    """Signing is no edit: the chief's save at the moment the desk head signs
    goes through, and neither undoes the other."""
    people = make_newsroom()
    head, chief = Client(), Client()
    head.force_login(people.head)
    chief.force_login(people.chief)
    for round_number in range(ROUNDS // 2):
        story = make_story(people, headline=f"第{round_number}篇稿件")
        story.submit(people.reporter)
        story.sign(people.editor)
        version = Article.objects.get(pk=story.pk).version
        change = reverse("admin:articles_article_change", args=[story.pk])
        sign = reverse("admin:articles_article_transition", args=[story.pk, "sign"])
        data = article_form_data(
            headline=f"第{round_number}篇稿件（修订）",
            body=story.body,
            department=people.desk.pk,
            expected_version=version,
        )
        data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})

        signed, saved = in_parallel(
            partial(head.post, sign, {"comment": "复审同意"}),
            partial(chief.post, change, data),
        )

        assert (signed.status_code, saved.status_code) == (302, 302), round_number
        story.refresh_from_db()
        assert (story.status, story.review_stage) == ("submitted", 2)
        assert story.headline.endswith("（修订）")
        assert story.version == version + 1
