"""The sitemap: every public page in English and French, with hreflang alternates."""

import math
from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.urls import reverse

from gallery.models import Photo, Subject
from missions.models import Astronaut, Expedition, Mission


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


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
        return IdRangePaginator(self.items(), self.PHOTOS_PER_SECTION, self._languages())

    def get_latest_lastmod(self):
        return None  # the newest change of a million photos is not worth a scan of them

    def lastmod(self, photo):
        return photo.updated_at


class ModelSitemap(BilingualSitemap):
    model = None
    ordering = "pk"

    def items(self):
        return self.model.objects.order_by(self.ordering)


def model_sitemap(model, ordering: str = "pk") -> type[ModelSitemap]:
    return type(f"{model.__name__}Sitemap", (ModelSitemap,), {"model": model, "ordering": ordering})


sitemaps = {
    "pages": PageSitemap,
    "photos": PhotoSitemap,
    "astronauts": model_sitemap(Astronaut),
    "missions": model_sitemap(Mission),
    "expeditions": model_sitemap(Expedition, "number"),
    "subjects": model_sitemap(Subject),
}
