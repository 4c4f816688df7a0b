"""
What follows a photo's save or delete, registered by `GalleryConfig.ready()`:

- a photo saved with a new image (intake, the admin's photo form) has its renditions
  queued once the transaction commits, and the renditions of its old image dropped; the
  old original itself is kept, as a ReplacedOriginal, until someone who may delete
  photos removes it;
- an original or rendition file is removed only after the transaction that deleted or
  replaced its row commits, so a rolled-back delete keeps its files; and only when no row
  refers to that name any more, since content-addressed names can come back.

Raw saves (`loaddata`) change no files and queue no work: the fixture brings its own rows.
"""

from django.db.models.signals import post_delete, post_init, post_save

from astrophoto.files import delete_file_later
from gallery.models import ORIGINALS, RENDITIONS, Photo, Rendition, ReplacedOriginal
from gallery.tasks import enqueue_renditions


def register_signal_handlers() -> None:
    post_init.connect(remember_stored_image, sender=Photo)
    post_save.connect(follow_image_change, sender=Photo)
    post_delete.connect(delete_original, sender=Photo)
    post_delete.connect(delete_original, sender=ReplacedOriginal)
    post_delete.connect(delete_rendition_file, sender=Rendition)


def remember_stored_image(sender, instance: Photo, **kwargs):
    # The raw value is read from __dict__: going through the descriptor would build a
    # FieldFile for every row loaded, or load a deferred field.
    # A deferred or freshly assigned image is unknown (None) until the row is saved.
    value = instance.__dict__.get("image")
    instance._stored_image = value if isinstance(value, str) else None


def follow_image_change(
    sender, instance: Photo, created: bool, raw: bool = False, update_fields=None, **kwargs
):
    if raw or (update_fields is not None and "image" not in update_fields):
        return
    before, now = getattr(instance, "_stored_image", None), instance.image.name or ""
    if created:
        before = ""
    instance._stored_image = now
    if before is None or before == now:
        return
    if before:
        # The renditions were made from the old file: their rows go now, their files once
        # this commits. The old original stays, for whoever may delete it or put it back.
        Rendition.objects.filter(photo=instance).delete()
        ReplacedOriginal.objects.create(
            photo=instance, file=before, replaced_by=getattr(instance, "_changed_by", None)
        )
    if now:
        enqueue_renditions(instance.pk)


def delete_original(sender, instance: Photo | ReplacedOriginal, **kwargs):
    name = instance.image.name if isinstance(instance, Photo) else instance.file.name
    if name:
        delete_file_later(ORIGINALS, name)


def delete_rendition_file(sender, instance: Rendition, **kwargs):
    if instance.file.name:
        delete_file_later(RENDITIONS, instance.file.name)
