"""
Bring photo files into the catalogue: the one code path behind the admin's upload page,
the photo form and `manage.py import_photos` (which reach it through gallery.bulk_intake
for zip archives and folders).

Each file is checked (format, size, pixels, whole image data), compared with the catalogue
(SHA-256 duplicates, NASA IDs), described from its EXIF and file name, linked to its
expedition and mission, and stored under a content-addressed name with its row, all or
nothing. Renditions follow through the tasks framework once the row is committed.
"""

import enum
import errno
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _

from astrophoto.imaging import ImageFacts, ImageRejected, inspect_image, plan_renditions
from gallery.models import Photo, Subject, photo_upload_to
from gallery.nasa_ids import nasa_id_from_filename
from missions.models import Astronaut, Expedition, Mission, Spacecraft

logger = logging.getLogger(__name__)

EXIF_FIELDS = (
    "taken_at",
    "camera_make",
    "camera_model",
    "lens",
    "focal_length",
    "exposure_time",
    "f_number",
    "iso",
    "latitude",
    "longitude",
)
_DEFAULT_FIELDS = ("photographer", "mission", "expedition", "spacecraft")
_DEFAULT_TEXT_FIELDS = ("credit", "rights_holder", "licence")


class FileOutcome(enum.StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    SKIPPED = "skipped"


@dataclass
class IntakeResult:
    """What became of one file: `photo` is the new, completed or already existing photo."""

    name: str
    outcome: FileOutcome
    photo: Photo | None = None
    reason: str = ""
    attached: bool = False
    unreadable: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the file needs nothing more from the person importing it."""
        return self.outcome is not FileOutcome.REJECTED

    def describe(self) -> str:
        """Say in a sentence what happened, without the photo's address."""
        if self.outcome is FileOutcome.IMPORTED:
            text = (
                _("imported, completing catalogue entry %(photo)s")
                if self.attached
                else _("imported as %(photo)s")
            ) % {"photo": self.photo}
            if self.unreadable:
                text += "; " + _("unreadable EXIF left empty: %(fields)s") % {
                    "fields": ", ".join(self.unreadable)
                }
            return text
        if self.outcome is FileOutcome.DUPLICATE:
            return _("duplicate of %(photo)s, not stored again") % {"photo": self.photo}
        if self.outcome is FileOutcome.SKIPPED:
            return _("skipped: %(reason)s") % {"reason": self.reason}
        return _("rejected: %(reason)s") % {"reason": self.reason}


@dataclass
class Defaults:
    """
    Values given to every photo of an import.

    They fill empty fields only: a catalogue entry completed by an import keeps what
    curators wrote. `status` moves a draft on, never a photo already published or withdrawn.
    """

    photographer: Astronaut | None = None
    mission: Mission | None = None
    expedition: Expedition | None = None
    spacecraft: Spacecraft | None = None
    subjects: Sequence[Subject] = field(default_factory=tuple)
    status: str = ""
    credit: str = ""
    rights_holder: str = ""
    licence: str = ""
    uploaded_by: AbstractBaseUser | None = None


# Checking -----------------------------------------------------------------------------


def check_file(stream: BinaryIO) -> ImageFacts:
    """
    Check a file against the catalogue's limits, and that renditions of it can be made;
    raise ImageRejected with the reason.
    """
    facts = inspect_image(
        stream, max_bytes=settings.PHOTO_MAX_FILE_SIZE, max_pixels=settings.PHOTO_MAX_PIXELS
    )
    widths = settings.PHOTO_RENDITION_WIDTHS
    if widths and not plan_renditions(facts.width, facts.height, widths):
        raise ImageRejected(
            _(
                "the image is %(width)s by %(height)s pixels, too long and narrow for any web "
                "format to show it"
            )
            % {"width": facts.width, "height": facts.height}
        )
    return facts


def find_duplicate(facts: ImageFacts, *, exclude_pk: int | None = None) -> Photo | None:
    """Return the photo that already holds these exact bytes."""
    photos = Photo.objects.by_sha256(facts.sha256)
    if exclude_pk is not None:
        photos = photos.exclude(pk=exclude_pk)
    return photos.get_or_none()


# Storing ------------------------------------------------------------------------------


def fill_photo(photo: Photo, facts: ImageFacts, defaults: Defaults | None = None) -> None:
    """
    Describe `photo` from its file and EXIF, and complete it with `defaults`.

    The file's own facts (hash, size, pixels) always describe the new file; everything else
    fills only fields that are still empty.
    """
    photo.sha256, photo.file_size = facts.sha256, facts.file_size
    photo.width, photo.height = facts.width, facts.height
    for name in EXIF_FIELDS:
        value = getattr(facts.exif, name)
        if value not in (None, "") and getattr(photo, name) in (None, ""):
            setattr(photo, name, value)
    photo.refine_taken_at(facts.exif.taken_at)
    defaults = defaults or Defaults()
    for name in _DEFAULT_FIELDS:
        value = getattr(defaults, name)
        if value is not None and getattr(photo, f"{name}_id") is None:
            setattr(photo, name, value)
    for name in _DEFAULT_TEXT_FIELDS:
        if getattr(defaults, name) and not getattr(photo, name):
            setattr(photo, name, getattr(defaults, name))
    if defaults.status and photo.status == Photo.Status.DRAFT:
        photo.status = defaults.status
    if defaults.uploaded_by is not None and photo.uploaded_by_id is None:
        photo.uploaded_by = defaults.uploaded_by


def store_image(
    photo: Photo,
    stream: BinaryIO,
    facts: ImageFacts,
    original_name: str,
    defaults: Defaults | None = None,
) -> Photo:
    """
    Store `stream` as the original of `photo` and save the photo, all or nothing.

    The photo is first described with fill_photo() and linked with Photo.link_catalogue().
    The file is named by its content and format (ImageFacts.stored_name), so the client's
    name only goes to `original_filename`. If saving the row fails, the file written for it
    is removed again. Saving a photo with a new image queues its renditions once the
    transaction commits (gallery.signal_handlers).
    """
    photo.original_filename = PurePosixPath(original_name.replace("\\", "/")).name[:255]
    fill_photo(photo, facts, defaults)
    storage = photo.image.storage
    name = photo_upload_to(photo, facts.stored_name)
    # What this call writes, and must remove again if the photo is not saved: the name
    # stays set while a write is under way, since a full disk leaves part of a file behind.
    writing = None
    try:
        with transaction.atomic():
            photo.link_catalogue()
            # An earlier import that died before its row committed may have left the same
            # bytes under the same name: reuse them rather than store a second copy.
            if storage.exists(name) and storage.size(name) == facts.file_size:
                # Assigned as a name, not set on the field file, which may still hold an
                # upload that saving would store a second time.
                photo.image = name
            else:
                if storage.exists(name):
                    storage.delete(name)
                stream.seek(0)
                writing = name
                photo.image.save(facts.stored_name, File(stream), save=False)
                writing = photo.image.name
            photo.save()
            if defaults and defaults.subjects:
                photo.subjects.add(*defaults.subjects)
    except BaseException:
        if writing:
            _remove_quietly(storage, writing)
        raise
    return photo


def storage_problem(storage, size: int) -> str | None:
    """
    Why `storage` cannot take a file of `size` bytes now (its folder is read-only or has
    less room than the file and its renditions need), as the operating system would say
    it; None when it looks able to, or is not a local folder this can tell about. A check
    ahead of the write, so that a form can say so and keep what was typed in it; the write
    itself may still fail, and store_image() then leaves nothing behind.
    """
    try:
        location = Path(storage.path(""))
    except NotImplementedError:
        return None  # remote storage: only the write can tell
    # The folder is made on the first write: ask about the nearest one that exists.
    while not location.exists() and location != location.parent:
        location = location.parent
    try:
        folder = os.statvfs(location)
    except OSError as exc:
        return exc.strerror or str(exc)
    if folder.f_flag & os.ST_RDONLY:
        return os.strerror(errno.EROFS)
    # The original, and renditions that together rarely reach its size again.
    if folder.f_bavail * folder.f_frsize < 2 * size:
        return os.strerror(errno.ENOSPC)
    return None


def _remove_quietly(storage, name: str) -> None:
    """Remove what a failed store wrote; a storage that fails again is only logged."""
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:
        logger.exception("Could not remove %s after a failed import", name)


# Importing ----------------------------------------------------------------------------


def import_file(stream: BinaryIO, name: str, defaults: Defaults | None = None) -> IntakeResult:
    """
    Bring one image file into the catalogue and say what became of it; never raise for
    bad input.

    A file whose NASA ID names a catalogue entry without an image completes that entry.
    `stream` must be seekable; `name` is the client's file name, used for its NASA ID only.
    """
    defaults = defaults or Defaults()
    try:
        facts = check_file(stream)
    except ImageRejected as exc:
        return IntakeResult(name, FileOutcome.REJECTED, reason=str(exc))
    if duplicate := find_duplicate(facts):
        return IntakeResult(name, FileOutcome.DUPLICATE, photo=duplicate)
    nasa_id = nasa_id_from_filename(name)
    photo = Photo.objects.by_nasa_id(str(nasa_id)).get_or_none() if nasa_id else None
    if photo is not None and photo.image:
        return IntakeResult(
            name,
            FileOutcome.REJECTED,
            photo=photo,
            reason=_("NASA ID %(nasa_id)s is already in the catalogue with a different image")
            % {"nasa_id": nasa_id},
        )
    attached = photo is not None
    if photo is None:
        photo = Photo(nasa_id=str(nasa_id) if nasa_id else "")
    try:
        store_image(photo, stream, facts, name, defaults)
    except IntegrityError:
        # Another import stored the same bytes or NASA ID a moment before this one.
        if duplicate := find_duplicate(facts):
            return IntakeResult(name, FileOutcome.DUPLICATE, photo=duplicate)
        logger.exception("Could not save %s", name)
        return IntakeResult(
            name, FileOutcome.REJECTED, reason=_("it conflicts with a photo already catalogued")
        )
    except (OSError, DatabaseError) as exc:
        logger.exception("Could not store %s", name)
        return IntakeResult(
            name,
            FileOutcome.REJECTED,
            reason=_("it could not be stored (%(error)s)") % {"error": exc},
        )
    return IntakeResult(
        name, FileOutcome.IMPORTED, photo=photo, attached=attached, unreadable=facts.exif.unreadable
    )
