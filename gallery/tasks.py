"""
Background work on photos, run through Django's tasks framework.

The embedded setup runs tasks at once; production queues them in the database for
`manage.py db_worker` (see docs/deployment.md).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from astrophoto.files import replace_file
from astrophoto.imaging import RenditionImage, make_renditions, plan_renditions
from gallery.models import Photo, Rendition, rendition_upload_to

logger = logging.getLogger(__name__)

# The longest failure reason kept: it is for a curator to read.
MAX_REASON = 2000


def planned_renditions(photo: Photo) -> set[tuple[int, str]]:
    """Return the (width, format) pairs a photo should have with the configured widths."""
    if not photo.image or not photo.width or not photo.height:
        return set()
    plan = plan_renditions(photo.width, photo.height, settings.PHOTO_RENDITION_WIDTHS)
    return {(planned.width, planned.format) for planned in plan}


def generate_renditions(photo: Photo, *, only_missing: bool = False) -> dict[str, int]:
    """
    Make the renditions of `photo` from its original, and drop any no longer configured.

    With `only_missing`, sizes that already have a row are left alone. Files are replaced
    under their stable names, each only once the new one is whole: a failed write leaves
    the rendition as it was. A failure is recorded on the photo with its reason, for
    curators and `regenerate_renditions --failed`, and raised; the next success clears it.
    Return counts for logs.
    """
    try:
        counts = _generate_renditions(photo, only_missing=only_missing)
    except Exception as exc:
        reason = (str(exc) or type(exc).__name__)[:MAX_REASON]
        _record_failure(photo, reason, timezone.now())
        raise
    if photo.renditions_failed_at is not None:
        _record_failure(photo, "", None)
    return counts


def _record_failure(photo: Photo, reason: str, moment) -> None:
    # An update, not save(): nothing else of the photo changes, nor its update time.
    photo.renditions_error, photo.renditions_failed_at = reason, moment
    Photo.objects.filter(pk=photo.pk).update(renditions_error=reason, renditions_failed_at=moment)


def _generate_renditions(photo: Photo, *, only_missing: bool) -> dict[str, int]:
    planned = planned_renditions(photo)
    existing = {(r.width, r.format): r for r in photo.renditions.all()}
    wanted = planned - existing.keys() if only_missing else planned
    made = 0
    if wanted:
        with photo.image.open("rb") as original:
            for image in make_renditions(original, settings.PHOTO_RENDITION_WIDTHS):
                key = (image.width, image.format)
                if key in wanted:
                    store_rendition(existing.get(key) or Rendition(photo=photo), image)
                    made += 1
    stale = [r.pk for key, r in existing.items() if key not in planned]
    if stale:
        # Deleting the rows removes their files once this commits (gallery.signal_handlers).
        with transaction.atomic():
            Rendition.objects.filter(pk__in=stale).delete()
    return {"made": made, "removed": len(stale)}


def store_rendition(rendition: Rendition, image: RenditionImage) -> None:
    """Write `image` as the file of `rendition`, then save the row naming it."""
    storage = Rendition._meta.get_field("file").storage
    rendition.width, rendition.format = image.width, image.format
    stored = replace_file(storage, rendition_upload_to(rendition, ""), image.data)
    try:
        rendition.file.name = stored
        rendition.pixel_width, rendition.pixel_height = image.pixel_width, image.pixel_height
        rendition.file_size = len(image.data)
        rendition.save()
    except BaseException:
        if rendition.pk is None:
            storage.delete(stored)
        raise


@task
def make_photo_renditions(photo_id: int, only_missing: bool = False) -> dict[str, int]:
    """Make the renditions of one photo (the task behind every new or replaced image)."""
    photo = Photo.objects.filter(pk=photo_id).exclude(image="").first()
    if photo is None:
        # Deleted, or its image removed, since the task was queued: nothing to make.
        return {"made": 0, "removed": 0}
    return generate_renditions(photo, only_missing=only_missing)


def enqueue_renditions(photo_id: int, *, only_missing: bool = False) -> None:
    """Queue the renditions of a photo once the current transaction commits."""
    transaction.on_commit(
        lambda: make_photo_renditions.enqueue(photo_id, only_missing=only_missing), robust=True
    )
