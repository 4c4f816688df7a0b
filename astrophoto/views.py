"""Site-wide responses: robots.txt, the health check and the error pages."""

import logging
import sys
import uuid

from django.core.exceptions import DisallowedHost
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from astrophoto.pagination import InvalidCursor
from astrophoto.security import site_path

logger = logging.getLogger(__name__)

# Seconds a visitor's browser or a crawler is asked to wait while the database is away.
RETRY_AFTER = 30


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Page cursors make endless addresses of the same photos; the sitemap lists them all.
        "Disallow: /*cursor=",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def database_problem() -> str:
    """Return "" when the database answers a query, else a short description."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return "unavailable"
    return ""


def media_problem() -> str:
    """Return "" when a file can be written to and read back from media storage."""
    name = f".healthz/{uuid.uuid4().hex}"
    try:
        stored = default_storage.save(name, ContentFile(b"ok"))
        try:
            with default_storage.open(stored, "rb") as probe:
                if probe.read() != b"ok":
                    return "unreadable"
        finally:
            default_storage.delete(stored)
    except OSError:
        logger.exception("Health check: media storage cannot be written")
        return "not writable"
    return ""


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """
    Answer `ok` (200) when the database and media storage both work, else 503 naming
    what does not, for load balancers and monitoring; details go to the log only.
    """
    problems = {
        name: problem
        for name, problem in [("database", database_problem()), ("media", media_problem())]
        if problem
    }
    if not problems:
        return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    body = "".join(f"{name}: {problem}\n" for name, problem in problems.items())
    return HttpResponse(body, status=503, content_type="text/plain; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, DisallowedHost):
        # A Host this site does not serve: no address can be written from it, so the page
        # is the plain one, which needs neither the host nor the database.
        return HttpResponse(loader.get_template("400_host.html").render(), status=400)
    # Only messages written for visitors are shown; others may describe the server.
    message = str(exception) if isinstance(exception, InvalidCursor) else ""
    context = {"message": message, "retry_url": site_path(request)}
    return render(request, "400.html", context, status=400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors and no database: whatever failed may fail again.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return maintenance()
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def maintenance() -> HttpResponse:
    """The page shown while the database cannot be reached: it needs none itself."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    response.headers["Cache-Control"] = "no-store"
    return response
