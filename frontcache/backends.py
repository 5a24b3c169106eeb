"""Front cache backends: what a purge is sent to.

A backend is a class taking its settings dict (``NEWSROOM_FRONT_CACHE``,
from ``DJANGO_FRONT_CACHE_PURGE_URL`` and ``DJANGO_FRONT_CACHE_BACKENDS``)
with a ``purge(keys, urls)`` method that raises ``PurgeError`` (or any
exception) when the cache did not take it. ``keys`` are surrogate keys,
``urls`` addresses on the site (a path, or absolute). A CDN's API (Aliyun,
Tencent Cloud) purges by address: subclass ``URLBackend``, implement
``purge_urls(absolute_urls)`` and name the class in
``DJANGO_FRONT_CACHE_BACKENDS``.
"""

import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from django.conf import settings

# The response header the keys travel in; Varnish's vmod xkey reads it.
KEY_HEADER = "xkey"
# Keys per purge request, keeping each header well under Varnish's limits.
KEYS_PER_REQUEST = 200


class PurgeError(Exception):
    """The front cache did not confirm a purge."""


class BaseBackend:
    def __init__(self, params):
        self.params = params
        self.timeout = float(params.get("TIMEOUT", 2))

    def purge(self, keys, urls):
        raise NotImplementedError


class VarnishBackend(BaseBackend):
    """Varnish with vmod xkey: ``BAN`` with an ``xkey`` header, ``BAN /path``.

    ``LOCATION`` is Varnish's address as the app servers reach it;
    deploy/varnish/newsroom.vcl answers 200 to both from the purgers ACL.
    """

    def __init__(self, params):
        super().__init__(params)
        self.location = params["LOCATION"]
        self.method = params.get("METHOD", "BAN")

    def purge(self, keys, urls):
        keys = sorted(keys)
        for start in range(0, len(keys), KEYS_PER_REQUEST):
            chunk = " ".join(keys[start : start + KEYS_PER_REQUEST])
            self._send("/", {KEY_HEADER: chunk})
        for url in sorted(urls):
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            self._send(path or "/", {})

    def _send(self, path, headers):
        request = urllib.request.Request(
            urljoin(self.location, path), method=self.method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError as exc:
            raise PurgeError(f"{self.method} {path}: {exc}") from exc
        if status != 200:
            raise PurgeError(f"{self.method} {path}: answered {status}")


class URLBackend(BaseBackend):
    """A cache that purges by absolute address, as CDN APIs do; keys unused."""

    def purge(self, keys, urls):
        if urls:
            base = self.params.get("BASE_URL") or settings.NEWSROOM_BASE_URL
            self.purge_urls(sorted(urljoin(base, url) for url in urls))

    def purge_urls(self, urls):
        raise NotImplementedError
