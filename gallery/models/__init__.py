"""
The gallery's models: subjects, photos, their renditions and replaced originals. One module
per model, the photo's querysets and indexes beside it; everything is importable from here.
"""

from gallery.models.photo import UNDATED, Photo, photo_upload_to
from gallery.models.querysets import PhotoQuerySet
from gallery.models.rendition import Rendition, rendition_upload_to
from gallery.models.replaced import ReplacedOriginal
from gallery.models.subject import Subject, SubjectQuerySet

# The rows that may name each kind of stored file (astrophoto.files.delete_unreferenced).
ORIGINALS = ((Photo, "image"), (ReplacedOriginal, "file"))
RENDITIONS = ((Rendition, "file"),)

__all__ = [
    "ORIGINALS",
    "RENDITIONS",
    "UNDATED",
    "Photo",
    "PhotoQuerySet",
    "Rendition",
    "ReplacedOriginal",
    "Subject",
    "SubjectQuerySet",
    "photo_upload_to",
    "rendition_upload_to",
]
