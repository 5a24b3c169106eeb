"""The demo loads a day's plan, once, and every demo login can read it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from planning.forms import next_edition_date
from planning.models import Assignment, Edition, Page, Pitch

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_plans_tomorrow_and_loads_once(client):
    call_command("load_demo", "--password", "local-demo-password")
    edition = Edition.objects.get(date=next_edition_date())
    counts = (Page.objects.count(), Pitch.objects.count(), Assignment.objects.count())
    assert counts == (8, 3, 6)
    assert edition.page_plans.count() == 8
    states = set(Pitch.objects.values_list("status", flat=True))
    assert states == {"accepted", "pitched", "needs_more"}
    assert Assignment.objects.filter(killed_at__isnull=False).count() == 1

    call_command("load_demo", "--password", "local-demo-password")
    assert (
        Page.objects.count(),
        Pitch.objects.count(),
        Assignment.objects.count(),
    ) == counts

    for username in ("demo-reporter", "demo-desk-head", "demo-chief", "demo-editor"):
        # Through the sign-in form, as people sign in (login throttling
        # needs the request).
        signed_in = client.post(
            reverse("admin:login"),
            {
                "username": username,
                "password": "local-demo-password",
                "next": "/admin/",
            },
        )
        assert signed_in.status_code == 302, username
        response = client.get(reverse("admin:planning_budget"))
        assert response.status_code == 200
        assert "区人大常委会听取营商环境专项报告" in response.content.decode()
        assert client.get(reverse("admin:index")).status_code == 200
