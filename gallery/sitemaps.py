"""The sitemap: every public page in English and French, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
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


class PhotoSitemap(BilingualSitemap):
    def items(self):
        return Photo.objects.public().only("pk", "nasa_id", "updated_at").order_by("pk")

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
