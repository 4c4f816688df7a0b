from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GalleryConfig(AppConfig):
    name = "gallery"
    verbose_name = _("Gallery")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_migrate
        from PIL import Image

        from gallery.signal_handlers import register_signal_handlers

        register_signal_handlers()
        post_migrate.connect(restore_search_triggers, sender=self)

        # Pillow's decompression-bomb check (a warning past this many pixels, an error past
        # twice as many) then guards the catalogue's own limit, not Pillow's default of 89 MP.
        Image.MAX_IMAGE_PIXELS = settings.PHOTO_MAX_PIXELS


def restore_search_triggers(sender, using, **kwargs):
    """After `migrate`, put back the SQLite search triggers a table rebuild dropped."""
    from django.db import connections

    from gallery.search_index import ensure_triggers

    ensure_triggers(connections[using])
