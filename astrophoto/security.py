"""
Who is asking, and the headers uploaded files are served with.

Uploaded files are the visitors' and curators' bytes, checked but never trusted: whatever
serves them (gallery.media, nginx behind it: docs/deployment.md) says exactly what they
are, forbids guessing otherwise, and lets nothing in them run.
"""

import logging
import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

# Types a browser shows inline; anything else under MEDIA_ROOT is offered as a download.
INLINE_MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def client_ip(request: HttpRequest) -> str:
    """
    Return the client's address: REMOTE_ADDR, or the address the nearest of
    TRUSTED_PROXY_COUNT proxies saw, read from the right of X-Forwarded-For, since a client
    can write anything to the left of what trusted proxies append.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def site_path(request: HttpRequest) -> str:
    """
    The request's path as a link on this site: a path that begins with two slashes
    (`//other.example/`) would be read by browsers as another site's address.
    """
    return "/" + request.path.lstrip("/\\")


class WithoutTraceback(logging.Filter):
    """Log a record on one line: for refusals the site expects (a Host it does not serve)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = None
        return True


def lockout_response(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """The page django-axes shows a locked-out client: 429, in the admin's look."""
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": round(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return TemplateResponse(request, "admin/locked_out.html", context, status=429).render()


def protect_media(response: HttpResponse, path: str) -> HttpResponse:
    """Add the headers every media response carries, whoever serves it."""
    content_type, _encoding = mimetypes.guess_type(path)
    disposition = "inline" if content_type in INLINE_MEDIA_TYPES else "attachment"
    # Stored names are content hashes and widths: plain ASCII, safe in a header.
    response.headers["Content-Disposition"] = (
        f'{disposition}; filename="{PurePosixPath(path).name}"'
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = settings.MEDIA_CSP
    return response
