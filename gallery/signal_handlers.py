"""
Keep files in step with rows.

An original or rendition file is removed only after the transaction that deleted or
replaced its row commits, so a rolled-back delete keeps its files; and only when no row
refers to that name any more, since content-addressed names can come back.
"""

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from gallery.models import Photo, Rendition
from gallery.tasks import enqueue_renditions

logger = logging.getLogger(__name__)


@receiver(post_init, sender=Photo)
def remember_stored_image(sender, instance: Photo, **kwargs):
    # The raw value is read from __dict__: going through the descriptor would build a
    # FieldFile for every row loaded, or load a deferred field.
    # A deferred or freshly assigned image is unknown (None) until the row is saved.
    value = instance.__dict__.get("image")
    instance._stored_image = value if isinstance(value, str) else None


@receiver(post_save, sender=Photo)
def follow_image_change(sender, instance: Photo, created: bool, update_fields=None, **kwargs):
    if update_fields is not None and "image" not in update_fields:
        return
    before, now = getattr(instance, "_stored_image", None), instance.image.name or ""
    if created:
        before = ""
    instance._stored_image = now
    if before is None or before == now:
        return
    if before:
        # The renditions were made from the old file; their rows go now, their files and
        # the old original once this commits.
        Rendition.objects.filter(photo=instance).delete()
        delete_file_later(Photo, "image", before)
    if now:
        enqueue_renditions(instance.pk)


@receiver(post_delete, sender=Photo)
def delete_original(sender, instance: Photo, **kwargs):
    if instance.image.name:
        delete_file_later(Photo, "image", instance.image.name)


@receiver(post_delete, sender=Rendition)
def delete_rendition_file(sender, instance: Rendition, **kwargs):
    if instance.file.name:
        delete_file_later(Rendition, "file", instance.file.name)


def delete_file_later(model, field_name: str, name: str) -> None:
    """Delete a stored file once the current transaction commits, if no row still uses it."""
    transaction.on_commit(partial(_delete_unreferenced, model, field_name, name), robust=True)


def _delete_unreferenced(model, field_name: str, name: str) -> None:
    if model._default_manager.filter(**{field_name: name}).exists():
        return
    storage = model._meta.get_field(field_name).storage
    storage.delete(name)
    logger.debug("Deleted %s", name)
