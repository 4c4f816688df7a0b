from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GalleryConfig(AppConfig):
    name = "gallery"
    verbose_name = _("Gallery")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from gallery import signals  # noqa: F401

        # Pillow's decompression-bomb check (a warning past this many pixels, an error past
        # twice as many) then guards the catalogue's own limit, not Pillow's default of 89 MP.
        Image.MAX_IMAGE_PIXELS = settings.PHOTO_MAX_PIXELS
