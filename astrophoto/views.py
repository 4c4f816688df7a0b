"""Site-wide responses: robots.txt and the error pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from astrophoto.pagination import InvalidCursor


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


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Only messages written for visitors are shown; others may describe the server.
    message = str(exception) if isinstance(exception, InvalidCursor) else ""
    return render(request, "400.html", {"message": message, "retry_url": request.path}, status=400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors and no database: whatever failed may fail again.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
