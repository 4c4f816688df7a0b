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

from astrophoto.files import delete_unreferenced, hold
from astrophoto.imaging import ImageFacts, ImageRejected, inspect_image, plan_renditions
from gallery.models import ORIGINALS, Photo, ReplacedOriginal, Subject, photo_upload_to
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


class AlreadyStored(Exception):
    """The same bytes were stored a moment ago, by another upload or import: `photo` holds them."""

    def __init__(self, photo: Photo):
        super().__init__(str(photo))
        self.photo = photo


def store_image(
    photo: Photo,
    stream: BinaryIO,
    facts: ImageFacts,
    original_name: str,
    defaults: Defaults | None = None,
    *,
    completing: bool = False,
) -> Photo:
    """
    Store `stream` as the original of `photo` and save the photo, all or nothing.
    `completing` says that `photo` is a catalogue entry without an image, to be given one.

    The photo is first described with fill_photo() and linked with Photo.link_catalogue().
    The file is named by its content and format (ImageFacts.stored_name), so the client's
    name only goes to `original_filename`. Saving a photo with a new image queues its
    renditions once the transaction commits (gallery.signal_handlers).

    Two stores of the same bytes at once (a form sent twice, two imports of one folder)
    take turns on the name's lock (gallery.files.hold): the second finds the first's photo
    and raises AlreadyStored, having written and deleted nothing. A catalogue entry being
    completed that was given an image meanwhile raises EntryTaken. If saving the row
    fails, a file this call wrote is deleted again unless a committed row names it.
    """
    photo.original_filename = PurePosixPath(original_name.replace("\\", "/")).name[:255]
    fill_photo(photo, facts, defaults)
    storage = photo.image.storage
    name = photo_upload_to(photo, facts.stored_name)
    # Set while this call writes, since a full disk leaves part of a file behind.
    written = False
    try:
        with transaction.atomic():
            hold(Photo, name)
            if holder := find_duplicate(facts, exclude_pk=photo.pk):
                raise AlreadyStored(holder)
            if completing and (
                Photo.objects.select_for_update().filter(pk=photo.pk).exclude(image="").exists()
            ):
                raise EntryTaken(photo)
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
                written = True
                photo.image.save(facts.stored_name, File(stream), save=False)
            photo.save()
            if defaults and defaults.subjects:
                photo.subjects.add(*defaults.subjects)
    except BaseException:
        if written:
            _delete_quietly(name)
        raise
    return photo


class EntryTaken(Exception):
    """A catalogue entry without an image was given one by another upload a moment ago."""

    def __init__(self, photo: Photo):
        super().__init__(str(photo))
        self.photo = photo


def put_back(kept: ReplacedOriginal, user=None) -> Photo:
    """
    Make a replaced original its photo's image again, checked as any file is; the image it
    replaces is kept in turn (gallery.signal_handlers). Raise ImageRejected, OSError or
    IntegrityError (another photo holds these bytes) when it cannot be.
    """
    photo = kept.photo
    with kept.file.open("rb") as stream:
        facts = check_file(stream)
    with transaction.atomic():
        hold(Photo, kept.file.name)
        photo.sha256, photo.file_size = facts.sha256, facts.file_size
        photo.width, photo.height = facts.width, facts.height
        photo.image = kept.file.name
        photo._changed_by = user
        photo.save()
        kept.delete()  # its file stays: the photo names it
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


def _delete_quietly(name: str) -> None:
    """Delete what a failed store wrote, unless a row names it; a failing storage is logged."""
    try:
        delete_unreferenced(ORIGINALS, name)
    except (OSError, DatabaseError):
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
        if photo.sha256 == facts.sha256:  # stored by another import since the check above
            return IntakeResult(name, FileOutcome.DUPLICATE, photo=photo)
        return _nasa_id_taken(name, photo)
    attached = photo is not None
    if photo is None:
        photo = Photo(nasa_id=str(nasa_id) if nasa_id else "")
    try:
        store_image(photo, stream, facts, name, defaults, completing=attached)
    except AlreadyStored as exc:
        return IntakeResult(name, FileOutcome.DUPLICATE, photo=exc.photo)
    except EntryTaken:
        return import_file(stream, name, defaults)  # look again: now a duplicate, or taken
    except IntegrityError:
        # Another file named after the same NASA ID was stored a moment before this one.
        if nasa_id and (holder := Photo.objects.by_nasa_id(str(nasa_id)).get_or_none()):
            return _nasa_id_taken(name, holder)
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


def _nasa_id_taken(name: str, photo: Photo) -> IntakeResult:
    return IntakeResult(
        name,
        FileOutcome.REJECTED,
        photo=photo,
        reason=_("NASA ID %(nasa_id)s is already in the catalogue with a different image")
        % {"nasa_id": photo.nasa_id},
    )
