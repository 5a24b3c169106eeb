"""Who is asking (behind proxies) and what the admin's pages may load.

``client_ip`` is the address login throttling counts by. The middleware lets
the admin's pages run their one kind of inline script, the rich-text
editor's import map, by its hash instead of opening the policy to inline
script, and allows the admin's inline styles; the public site keeps the
strict policy of settings.CONTENT_SECURITY_POLICY.
"""

import base64
import hashlib
import re

from django.conf import settings
from django.shortcuts import render

_IMPORT_MAP = re.compile(rb'<script type="importmap"[^>]*>(.*?)</script>', re.DOTALL)


def client_ip(request):
    """Return the client's address, reading X-Forwarded-For behind proxies."""
    count = settings.NEWSROOM_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")


def script_hash(content):
    digest = hashlib.sha256(content).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


class AdminContentSecurityPolicyMiddleware:
    """Allow the admin's import maps by hash, and its inline styles."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/") or getattr(
            response, "streaming", False
        ):
            return response
        update = {"style-src": ["'unsafe-inline'"]}
        if b"importmap" in response.content:
            hashes = [script_hash(m) for m in _IMPORT_MAP.findall(response.content)]
            if hashes:
                update["script-src"] = hashes
        existing = getattr(response, "_csp_update", None) or {}
        response._csp_update = {**existing, **update}
        return response


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """The page a locked-out sign-in gets: why, for how long, and what to do."""
    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "login_locked.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": round(cooloff.total_seconds() / 60) if cooloff else None,
        },
        status=429,
    )
