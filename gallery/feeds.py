"""Atom feeds of the latest public photos: everything, one expedition, one mission."""

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _

from gallery.models import Photo
from missions.models import Expedition, Mission

FEED_LENGTH = 30


class LatestPhotosFeed(Feed):
    feed_type = Atom1Feed
    description_template = "gallery/feed_photo.html"

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request: give each request its own copy, so the
        # request can be kept for absolute image URLs without being shared across threads.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self, obj=None):
        return _("Astronaut photography: latest photos")

    def subtitle(self, obj=None):
        return _("Photos taken from orbit, newly published in the catalogue.")

    def link(self, obj=None):
        return reverse("gallery:photo-list")

    def feed_url(self, obj=None):
        return self.request.path

    def photos(self, obj=None):
        return Photo.objects.public()

    def items(self, obj=None):
        photos = self.photos(obj).for_cards().prefetch_related("subjects")
        return photos.order_by("-published_at", "-id")[:FEED_LENGTH]

    def item_title(self, photo):
        return photo.title or str(photo)

    def item_pubdate(self, photo):
        return photo.published_at

    def item_updateddate(self, photo):
        return photo.updated_at

    def item_author_name(self, photo):
        return photo.photographer.name if photo.photographer_id else None

    def item_categories(self, photo):
        return [subject.name for subject in photo.subjects.all()]

    def item_enclosures(self, photo):
        rendition = photo.rendition_near(1280)
        if rendition is None:
            return []
        return [
            Enclosure(
                url=self.request.build_absolute_uri(rendition.file.url),
                length=str(rendition.file_size),
                mime_type="image/jpeg",
            )
        ]

    def get_context_data(self, **kwargs):
        photo = kwargs["item"]
        rendition = photo.rendition_near(1280)
        return {
            "photo": photo,
            "image_url": self.request.build_absolute_uri(rendition.file.url) if rendition else "",
            "rendition": rendition,
        }


class EntityPhotosFeed(LatestPhotosFeed):
    """The latest public photos of one expedition or mission, named by the URL."""

    model = None

    def get_object(self, request, **lookup):
        return get_object_or_404(self.model, **lookup)

    def title(self, obj=None):
        return _("Astronaut photography: %(name)s") % {"name": obj}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def photos(self, obj=None):
        return obj.photos.public()


class ExpeditionPhotosFeed(EntityPhotosFeed):
    model = Expedition


class MissionPhotosFeed(EntityPhotosFeed):
    model = Mission
