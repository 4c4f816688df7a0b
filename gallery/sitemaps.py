"""The sitemap: every public page in English and French, with hreflang alternates."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.http import http_date

from gallery.models import Photo, Subject
from missions.models import Astronaut, Expedition, Mission


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _name in settings.LANGUAGES]


class PageSitemap(BilingualSitemap):
    priority = 0.8

    def items(self):
        return [
            "gallery:home",
            "gallery:photo-list",
            "gallery:subject-list",
            "missions:astronaut-list",
            "missions:mission-list",
            "missions:expedition-list",
        ]

    def location(self, item):
        return reverse(item)


@dataclass
class IdRangePage:
    object_list: list


class IdRangePaginator:
    """
    Sections of a sitemap by ranges of ids: section n holds the rows with ids from
    (n - 1) * per_page + 1 to n * per_page, so a section is one range of the primary key
    and the number of sections comes from the highest id, without counting the rows.
    """

    def __init__(self, queryset, per_page: int, languages: list[str]):
        self.queryset, self.per_page, self.languages = queryset, per_page, languages

    @property
    def num_pages(self) -> int:
        highest = self.queryset.aggregate(highest=Max("pk"))["highest"] or 0
        return max(1, math.ceil(highest / self.per_page))

    def page(self, number) -> IdRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger from None
        if not 1 <= number <= 2**31:
            raise EmptyPage
        first = (number - 1) * self.per_page
        rows = self.queryset.filter(pk__gt=first, pk__lte=first + self.per_page).order_by("pk")
        return IdRangePage([(row, language) for row in rows for language in self.languages])


class PhotoSitemap(BilingualSitemap):
    """
    Every public photo, in sections of PHOTOS_PER_SECTION consecutive ids (each photo is an
    address per language). Django's own paging would count every photo, read past all the
    earlier ones to reach a section (OFFSET) and hold every photo in memory for the languages.
    """

    PHOTOS_PER_SECTION = 10_000

    def items(self):
        return Photo.objects.public().only("pk", "nasa_id", "updated_at")

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.PHOTOS_PER_SECTION, self.languages)

    def get_latest_lastmod(self):
        return None  # the newest change of a million photos is not worth a scan of them

    def lastmod(self, photo):
        return photo.updated_at


@x_robots_tag
def photo_section(request: HttpRequest) -> HttpResponse:
    """
    /sitemap-photos.xml?p=N: the section of PhotoSitemap, written as Django's sitemap view
    writes it, but directly. Django's view reverses every address of every language and
    renders a template node by node: about 2 s for a section of 10,000 photos (20,000
    addresses, each with its alternates), this a tenth of it.
    """
    sitemap = PhotoSitemap()
    try:
        page = sitemap.paginator.page(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such section of the photo sitemap") from None
    site = f"{request.scheme}://{get_current_site(request).domain}"
    languages = sitemap.languages
    # Each language's address of a photo, with the key left to fill in.
    prefixes = {}
    for language in languages:
        with translation.override(language):
            prefixes[language] = reverse("gallery:photo-detail", kwargs={"key": "KEY"})
    default = prefixes[settings.LANGUAGE_CODE].replace(f"/{settings.LANGUAGE_CODE}/", "/", 1)
    written, latest = [], None
    for photo, language in page.object_list:
        key = escape(photo.nasa_id or str(photo.pk))
        latest = max(latest, photo.updated_at) if latest else photo.updated_at
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{other}" '
            f'href="{site}{prefixes[other].replace("KEY", key)}"/>'
            for other in languages
        )
        written.append(
            f"<url><loc>{site}{prefixes[language].replace('KEY', key)}</loc>"
            f"<lastmod>{timezone.localdate(photo.updated_at).isoformat()}</lastmod>"
            f'{alternates}<xhtml:link rel="alternate" hreflang="x-default" '
            f'href="{site}{default.replace("KEY", key)}"/></url>'
        )
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "".join(written) + "\n</urlset>\n",
        content_type="application/xml",
    )
    if latest:
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response


class AstronautSitemap(BilingualSitemap):
    def items(self):
        return Astronaut.objects.order_by("pk")


class MissionSitemap(BilingualSitemap):
    def items(self):
        return Mission.objects.order_by("pk")


class ExpeditionSitemap(BilingualSitemap):
    def items(self):
        return Expedition.objects.order_by("number")


class SubjectSitemap(BilingualSitemap):
    def items(self):
        return Subject.objects.order_by("pk")


sitemaps = {
    "pages": PageSitemap,
    "photos": PhotoSitemap,
    "astronauts": AstronautSitemap,
    "missions": MissionSitemap,
    "expeditions": ExpeditionSitemap,
    "subjects": SubjectSitemap,
}
