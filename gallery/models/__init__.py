"""
The gallery's models: subjects, photos, their renditions and replaced originals. One module
per model, the photo's querysets and indexes beside it; everything is importable from here.
"""

from gallery.models.photo import UNDATED, Photo, photo_upload_to
from gallery.models.querysets import PhotoQuerySet
from gallery.models.rendition import Rendition, rendition_upload_to
from gallery.models.replaced import ReplacedOriginal
from gallery.models.subject import Subject, SubjectQuerySet

__all__ = [
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
