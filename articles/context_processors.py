"""What the frame of every public page shows: desks, masthead, the footer."""

import re

from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from newsroom.addresses import remembered_static
from staff.models import Department

ICP_SEARCH = "https://beian.miit.gov.cn/"
PSB_SEARCH = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


def _address(value):
    """A static file's name or an address, as a URL."""
    if not value or value.startswith(("http://", "https://", "/")):
        return value
    return remembered_static(value)


def footer():
    """The footer's items, each present only when configured."""
    psb = settings.NEWSROOM_PSB_NUMBER
    digits = "".join(re.findall(r"\d", psb))
    return {
        "icp": settings.NEWSROOM_ICP_NUMBER,
        "icp_url": ICP_SEARCH,
        "psb": psb,
        "psb_url": PSB_SEARCH.format(code=digits) if digits else "",
        "license": settings.NEWSROOM_NEWS_LICENSE,
        "report_phone": settings.NEWSROOM_REPORT_PHONE,
        "report_email": settings.NEWSROOM_REPORT_EMAIL,
        "about_url": settings.NEWSROOM_ABOUT_URL,
        "contact_url": settings.NEWSROOM_CONTACT_URL,
    }


def public_site(request):
    return {
        "base_url": settings.NEWSROOM_BASE_URL.rstrip("/"),
        # Views that list desks pass their own list; error pages get this one.
        "departments": SimpleLazyObject(lambda: list(Department.objects.all())),
        "site_logo": SimpleLazyObject(lambda: _address(settings.NEWSROOM_SITE_LOGO)),
        "share_image": SimpleLazyObject(
            lambda: _address(settings.NEWSROOM_SHARE_IMAGE)
        ),
        "today": SimpleLazyObject(timezone.localdate),
        "print_edition_link": settings.NEWSROOM_PRINT_EDITION_LINK,
        "footer": SimpleLazyObject(footer),
    }
