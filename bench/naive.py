"""
The naive baseline of bench/pages.py: the same pages done the obvious way.

Same templates, filters, database and indexes as the site; only what the benchmark compares
differs: Django's Paginator (OFFSET, and an exact COUNT(*) of the whole list) instead of
keyset pages and bounded counts; every word `icontains` in every searched field instead of
full text; a photo's previous and next in its list found by its position (COUNT, then
OFFSET). Mounted under /naive/ by this module's urlpatterns, beside the site's own.
"""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.urls import path

from astrophoto.pagination import ResultCount
from astrophoto.urls import urlpatterns as site_urlpatterns
from gallery.filters import SORTS, PhotoFilter
from gallery.models import Photo
from gallery.search import SEARCHED_FIELDS, search_words
from gallery.sitemaps import sitemaps
from gallery.views import find_public_photo, render_photo_page


class NaivePhotoFilter(PhotoFilter):
    def filter_text(self, queryset, name, value):
        condition = Q()
        for word in search_words(value):
            matches_word = Q()
            for field in SEARCHED_FIELDS:
                matches_word |= Q(**{f"{field}__icontains": word})
            condition &= matches_word
        return queryset.filter(condition)

    @property
    def ordering(self):
        sort = self.form.cleaned_data.get("sort") or "-taken"
        return SORTS.get(sort, SORTS["-taken"])


def order(ordering) -> list[str]:
    sign = "-" if ordering.descending else ""
    return [f"{sign}{ordering.key}", f"{sign}pk"]


def photo_list(request):
    filterset = NaivePhotoFilter(request.GET, queryset=Photo.objects.public())
    filterset.is_valid()
    photos = filterset.qs.for_cards().order_by(*order(filterset.ordering))
    paginator = Paginator(photos, settings.GALLERY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "count": ResultCount(paginator.count, exact=True),
        "active_filters": filterset.active_filters(),
        "context_query": filterset.context_query(),
    }
    return render(request, "gallery/photo_list.html", context)


def photo_detail(request, key):
    photo = find_public_photo(key)
    filterset = NaivePhotoFilter(request.GET, queryset=Photo.objects.public())
    filterset.is_valid()
    photos = filterset.qs.order_by(*order(filterset.ordering))
    ordering = filterset.ordering
    before = "gt" if ordering.descending else "lt"
    key_value = getattr(photo, ordering.key)
    position = photos.filter(
        Q(**{f"{ordering.key}__{before}": key_value})
        | Q(**{ordering.key: key_value, f"pk__{before}": photo.pk})
    ).count()
    previous = photos[position - 1] if position else None
    following = next(iter(photos[position + 1 : position + 2]), None)
    return render_photo_page(request, photo, filterset, (previous, following), in_list=True)


urlpatterns = [
    path("naive/photos/", photo_list),
    path("naive/photos/<str:key>/", photo_detail),
    # Django's own sitemap view over the same sections.
    path(
        "naive/sitemap-photos.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps, "section": "photos"},
    ),
    *site_urlpatterns,
]
