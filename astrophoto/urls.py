import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from astrophoto import views
from gallery import media
from gallery.sitemaps import photo_section, sitemaps

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    # The photo sections before the others: they are written by their own view.
    path("sitemap-photos.xml", photo_section, name="sitemap-photos"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
]

# English lives at /photos/, French at /fr/photos/.
urlpatterns += i18n_patterns(
    path("", include("gallery.urls")),
    path("", include("missions.urls")),
    prefix_default_language=False,
)

handler400 = "astrophoto.views.bad_request"
handler404 = "astrophoto.views.page_not_found"
handler500 = "astrophoto.views.server_error"

# Media, each file checked (gallery.media); on its own domain, nginx sends it to /media/.
media_prefix = settings.MEDIA_URL.lstrip("/") if settings.MEDIA_URL.startswith("/") else "media/"
urlpatterns.append(re_path(rf"^{re.escape(media_prefix)}(?P<path>.+)$", media.serve, name="media"))
