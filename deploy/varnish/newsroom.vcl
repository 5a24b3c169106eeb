vcl 4.1;

# The front cache of the newsroom cluster: two app servers behind one
# round-robin director, media from the S3 gateway, static files from nginx.
#
# Cached: anonymous GET and HEAD of public pages, for as long as the app's
# Cache-Control (s-maxage, else max-age) says, or default_ttl when it says
# nothing. Passed: the admin, previews, every method but GET and HEAD, and any
# request with a session or messages cookie or an Authorization header.
# Purged: BAN from loopback, by URL or by surrogate key (see newsroom_ban).

import directors;
import std;
import xkey;

# An app server is healthy while it answers /healthz, which touches no
# database, cache or storage: a stopped replica takes no app server out.
probe app_alive {
    .url = "/healthz";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

# backends app1, app2, media, static and sub newsroom_media_bucket, written
# by deploy/cluster.sh from the ports in use.
include "backends.vcl";

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}

sub vcl_recv {
    if (req.method == "BAN") {
        call newsroom_ban;
    }
    call vcl_req_host;
    unset req.http.X-Newsroom-Route;

    if (req.url ~ "^/media/") {
        set req.backend_hint = media;
        set req.http.X-Newsroom-Route = "media";
    } elsif (req.url ~ "^/static/") {
        set req.backend_hint = static;
        set req.http.X-Newsroom-Route = "static";
    } else {
        set req.backend_hint = app.backend();
    }
    # A stale copy is served only while its origin is down; otherwise an
    # expired object is fetched anew (a scheduled story must appear on time).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    if (req.http.X-Newsroom-Route) {
        if (req.method != "GET" && req.method != "HEAD") {
            return (synth(405));
        }
        unset req.http.Cookie;
        unset req.http.Authorization;
        return (hash);
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|preview)/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    call newsroom_language;
    # Anything left (csrftoken, analytics) does not change an anonymous page.
    unset req.http.Cookie;
    return (hash);
}

# Django varies pages on Accept-Language. Reduce the header to the language
# Django will pick (zh-hans or en, the site's LANGUAGES), so that there is one
# cached copy per language instead of one per browser. The django_language
# cookie, set by /i18n/setlang/, wins over the header, as in Django.
sub newsroom_language {
    if (req.http.Cookie ~ "(^|;\s*)django_language=") {
        set req.http.Accept-Language = regsub(req.http.Cookie, "^(?:.*;\s*)?django_language=([^;]*).*$", "\1");
    }
    # The first zh or en in the list, in the browser's order of preference.
    set req.http.X-Newsroom-Language = regsub(req.http.Accept-Language,
        "(?i)^(?:[^,]*,)*?\s*(zh|en)(?:[-_;,\s].*)?$", "\1");
    if (req.http.X-Newsroom-Language ~ "(?i)^en$") {
        set req.http.Accept-Language = "en";
    } else {
        set req.http.Accept-Language = "zh-hans";
    }
    unset req.http.X-Newsroom-Language;
}

# BAN with an xkey header purges every object tagged with any of its keys
# (space-separated): the app tags each page with one key per story and per
# listing it shows. BAN without one bans the request's path and its query
# string variants, on every host.
sub newsroom_ban {
    if (client.ip !~ purgers) {
        return (synth(403, "Forbidden"));
    }
    if (req.http.xkey) {
        set req.http.X-Purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged " + req.http.X-Purged + " objects"));
    }
    ban("obj.http.x-url ~ ^" + regsuball(regsub(req.url, "\?.*$", ""), "([][\\.^$|?*+(){}])", "\\\1") + "(\?|$)");
    return (synth(200, "Banned"));
}

sub vcl_backend_fetch {
    # A retry goes to the other app server, not wherever round-robin is:
    # every reader waiting on this fetch would get its 503 otherwise.
    if (bereq.retries > 0 && !bereq.http.X-Newsroom-Route) {
        if (bereq.http.X-Newsroom-Failed == "app1") {
            set bereq.backend = app2;
        } elsif (bereq.http.X-Newsroom-Failed == "app2") {
            set bereq.backend = app1;
        }
    }
    unset bereq.http.X-Newsroom-Failed;
    # Bans test the URL the client asked for, kept before any rewrite.
    set bereq.http.X-Newsroom-Url = bereq.url;
    if (bereq.http.X-Newsroom-Route == "media") {
        call newsroom_media_bucket;
    }
}

sub vcl_backend_response {
    # A dying app server's 502/503/504 is retried once, on the other one.
    if (beresp.status >= 502 && beresp.status <= 504 && bereq.retries < 1 &&
        (bereq.method == "GET" || bereq.method == "HEAD") && !bereq.http.X-Newsroom-Route) {
        set bereq.http.X-Newsroom-Failed = beresp.backend.name;
        return (retry);
    }
    # Stored on the object so that the ban lurker can evaluate bans.
    set beresp.http.x-url = bereq.http.X-Newsroom-Url;
    set beresp.http.x-host = bereq.http.host;
    if (bereq.http.X-Newsroom-Route) {
        # Media and static files: an hour when their origin says nothing.
        if (!beresp.http.Cache-Control && !beresp.http.Expires && beresp.status == 200) {
            set beresp.ttl = 1h;
        }
        # One key for all static files, purged after collectstatic.
        if (bereq.http.X-Newsroom-Route == "static") {
            set beresp.http.xkey = "static";
        }
    }
    set beresp.grace = 6h;
    set beresp.keep = 10m;
}

sub vcl_backend_error {
    # Connection refused by a stopped app server, before the probe notices:
    # the round-robin director hands the retry to the other one.
    if (bereq.retries < 1 && (bereq.method == "GET" || bereq.method == "HEAD") &&
        !bereq.http.X-Newsroom-Route) {
        set bereq.http.X-Newsroom-Failed = beresp.backend.name;
        return (retry);
    }
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-url;
    unset resp.http.x-host;
    unset resp.http.xkey;
}
