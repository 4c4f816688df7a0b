"""
Intake of many files at once: zip archives entry by entry and folders walked recursively,
each file going through gallery.intake.import_file().

Archive entries are read one at a time and never extracted by name, so a zip bomb costs no
more than one oversized file and a path such as `../../etc/passwd` is only a label.
"""

import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from astrophoto.imaging import megabytes
from gallery.intake import Defaults, FileOutcome, IntakeResult, import_file

# File names a folder walk tries; anything else in a folder is reported as skipped.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"})
ARCHIVE_SUFFIXES = frozenset({".zip"})
# Names of archives inside an archive, which are never opened.
_NESTED_ARCHIVE_SUFFIXES = frozenset(
    {".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".zst", ".jar"}
)
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
# Zip entries up to this size are unpacked in memory, larger ones to a temporary file.
_SPOOL_SIZE = 8 * 1024 * 1024
_COPY_CHUNK = 1024 * 1024


def is_archive(stream: BinaryIO, name: str) -> bool:
    """Tell a zip archive by its first bytes (or its name, for an empty or damaged one)."""
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    if head in (_ZIP_MAGIC, _EMPTY_ZIP_MAGIC):
        return True
    return PurePosixPath(name.lower()).suffix in ARCHIVE_SUFFIXES and not _looks_like_image(head)


def _looks_like_image(head: bytes) -> bool:
    return head.startswith((b"\xff\xd8", b"\x89PNG", b"RIFF", b"II*\x00", b"MM\x00*"))


def import_stream(
    stream: BinaryIO, name: str, defaults: Defaults | None = None
) -> Iterator[IntakeResult]:
    """Import an uploaded or named file: a zip archive entry by entry, else one image."""
    if is_archive(stream, name):
        yield from import_archive(stream, name, defaults)
    else:
        yield import_file(stream, name, defaults)


def archive_entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Return the entries of an archive that are files, in archive order."""
    return [info for info in archive.infolist() if not info.is_dir()]


def import_archive(
    stream: BinaryIO, name: str, defaults: Defaults | None = None
) -> Iterator[IntakeResult]:
    """
    Import every image in a zip archive.

    Entries are read one at a time, never more than the size limit of each, so a zip bomb
    costs no more than one oversized file. Entries with absolute paths, `..`, nested
    archives and links are skipped and reported; nothing is ever extracted to disk by name.
    """
    try:
        archive = zipfile.ZipFile(stream)
        entries = archive_entries(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        yield IntakeResult(
            name,
            FileOutcome.REJECTED,
            reason=_("not a readable zip archive (%(error)s)") % {"error": exc},
        )
        return
    with archive:
        for info in entries:
            yield _import_entry(archive, info, name, defaults)


def _import_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, archive_name: str, defaults
) -> IntakeResult:
    entry = info.filename
    label = f"{archive_name}: {entry}"
    if reason := unsafe_entry_reason(info):
        return IntakeResult(label, FileOutcome.SKIPPED, reason=reason)
    limit = settings.PHOTO_MAX_FILE_SIZE
    if info.file_size > limit:
        return IntakeResult(label, FileOutcome.REJECTED, reason=_size_reason(info.file_size, limit))
    if info.flag_bits & 0x1:
        return IntakeResult(
            label,
            FileOutcome.REJECTED,
            reason=_("the entry is encrypted (no password is asked for)"),
        )
    with tempfile.SpooledTemporaryFile(
        max_size=_SPOOL_SIZE, dir=settings.FILE_UPLOAD_TEMP_DIR
    ) as spool:
        try:
            with archive.open(info) as source:
                size = 0
                # The declared size may lie: stop reading as soon as the limit is passed.
                while chunk := source.read(_COPY_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        return IntakeResult(
                            label, FileOutcome.REJECTED, reason=_size_reason(size, limit, more=True)
                        )
                    spool.write(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            return IntakeResult(
                label,
                FileOutcome.REJECTED,
                reason=_("the entry cannot be unpacked (%(error)s)") % {"error": exc},
            )
        result = import_file(spool, PurePosixPath(entry).name, defaults)
    result.name = label
    return result


def unsafe_entry_reason(info: zipfile.ZipInfo) -> str:
    """Return why a zip entry is skipped unread, or an empty string when it may be read."""
    path = info.filename.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return _("its path is absolute")
    if ".." in PurePosixPath(path).parts:
        return _("its path leads out of the archive (..)")
    if "\x00" in path or not path.isprintable():
        return _("its name holds control characters")
    # Unix file types live in the high bits of external_attr: skip links and devices.
    mode = info.external_attr >> 16
    if mode and (mode & 0o170000) not in (0, 0o100000):
        return _("it is a link or special file, not a regular file")
    if PurePosixPath(path.lower()).suffix in _NESTED_ARCHIVE_SUFFIXES:
        return _("archives inside archives are not opened")
    return ""


def _size_reason(size: int, limit: int, *, more: bool = False) -> str:
    size_text = (_("over %(size)s") if more else "%(size)s") % {"size": megabytes(size)}
    return _("the file is %(size)s, over the %(limit)s limit") % {
        "size": size_text,
        "limit": megabytes(limit),
    }


def import_paths(paths: Iterable[Path], defaults: Defaults | None = None) -> Iterator[IntakeResult]:
    """
    Import files, folders (recursively) and zip archives from the file system.

    In folders, only files named like images or zip archives are tried and the rest are
    reported as skipped; a file named on its own is always tried, and its content decides.
    """
    for path, explicit in walk_paths(paths):
        yield from import_path(path, defaults, explicit=explicit)


def walk_paths(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """Yield each file under `paths` in a stable order, with whether it was named itself."""
    for path in paths:
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                for file in sorted(files):
                    yield Path(folder) / file, False
        else:
            yield path, True


def import_path(
    path: Path, defaults: Defaults | None = None, *, explicit: bool = True
) -> Iterator[IntakeResult]:
    suffix = path.suffix.lower()
    if not explicit and suffix not in IMAGE_SUFFIXES | ARCHIVE_SUFFIXES:
        yield IntakeResult(str(path), FileOutcome.SKIPPED, reason=_("not named like an image"))
        return
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield IntakeResult(str(path), FileOutcome.REJECTED, reason=exc.strerror or str(exc))
        return
    with stream:
        if is_archive(stream, path.name):
            archive_size = os.fstat(stream.fileno()).st_size
            if archive_size > settings.PHOTO_MAX_ARCHIVE_SIZE:
                yield IntakeResult(
                    str(path),
                    FileOutcome.REJECTED,
                    reason=_size_reason(archive_size, settings.PHOTO_MAX_ARCHIVE_SIZE),
                )
                return
            yield from import_archive(stream, str(path), defaults)
        else:
            result = import_file(stream, path.name, defaults)
            result.name = str(path)
            yield result


def count_files(paths: Iterable[Path]) -> int:
    """Count what import_paths will report on, opening archives to count their entries."""
    total = 0
    for path, _explicit in walk_paths(paths):
        if path.suffix.lower() in ARCHIVE_SUFFIXES:
            try:
                with zipfile.ZipFile(path) as archive:
                    total += len(archive_entries(archive))
                continue
            except (zipfile.BadZipFile, OSError, ValueError):
                pass
        total += 1
    return total
