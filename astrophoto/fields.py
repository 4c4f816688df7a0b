"""
A model field for the images that illustrate catalogue records (astronauts' portraits,
mission and expedition patches), held to the same rules as photos:

- checked as photos are (format read from the content, size and pixel caps, every byte
  decoded, no page markup), in forms as a form error and in `full_clean()`;
- stored under a name made from their content (`portraits/ab/ab12….png`), never the
  client's file name;
- shown to the public only through renditions made from them, small squares in WebP and
  JPEG at one and two device pixels per CSS pixel, named after the original
  (`portraits/ab/ab12…-160.webp`). They are made as the file is checked and written as
  it is saved, not by a task as photos' are: at 320 pixels at most they take a fraction
  of a second, an image whose renditions cannot be made is then a form error rather than
  a record shown without its image, and no page ever waits for them;
- removed with their renditions once the change that replaced, cleared or deleted them
  commits, and only if no row names them any more (astrophoto.files).

Shared plumbing under astrophoto/, as missions uses it and may not import gallery.
"""

import posixpath
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models
from django.db.models import signals
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext_lazy as _

from astrophoto.files import delete_file_later, replace_file
from astrophoto.imaging import (
    RENDITION_FORMATS,
    ImageFacts,
    ImageRejected,
    RenditionImage,
    inspect_image,
    make_thumbnails,
)

# The size, in CSS pixels, at which pages show these images; renditions are made at one and
# two device pixels per CSS pixel.
DISPLAY_SIZE = 160
RENDITION_SIZES = (DISPLAY_SIZE, 2 * DISPLAY_SIZE)
REJECTED = _("This file was rejected: %(reason)s.")


@dataclass(frozen=True)
class CheckedImage:
    facts: ImageFacts
    renditions: tuple[RenditionImage, ...]


def check_image(file: File, *, crop: bool) -> CheckedImage:
    """
    Check `file` as photos are checked and make its renditions, once per file (the form,
    `full_clean()` and saving all ask); raise ImageRejected with the reason.
    """
    # Kept on the file itself, as forms.ImageField keeps what it read there.
    if not hasattr(file, "checked_images"):
        file.checked_images = {}
    if crop not in file.checked_images:
        facts = inspect_image(
            file, max_bytes=settings.PHOTO_MAX_FILE_SIZE, max_pixels=settings.PHOTO_MAX_PIXELS
        )
        try:
            renditions = tuple(make_thumbnails(file, RENDITION_SIZES, crop=crop))
        except (OSError, ValueError) as exc:
            raise ImageRejected(f"no rendition of it could be made ({exc})") from None
        finally:
            file.seek(0)
        file.checked_images[crop] = CheckedImage(facts, renditions)
    return file.checked_images[crop]


def rendition_name(name: str, size: int, format: str) -> str:
    """The stored name of a rendition of the original `name`: `<stem>-<size>.<format>`."""
    return f"{posixpath.splitext(name)[0]}-{size}.{format}"


class CheckedImageFieldFile(ImageFieldFile):
    """The stored image, with the addresses of its renditions for templates."""

    display_size = DISPLAY_SIZE

    def rendition_url(self, size: int, format: str) -> str:
        return self.storage.url(rendition_name(self.name, size, format))

    def srcset(self, format: str) -> str:
        """Write the renditions of `format` as a srcset of pixel densities (`… 1x, … 2x`)."""
        return ", ".join(
            f"{self.rendition_url(size, format)} {size // DISPLAY_SIZE}x"
            for size in RENDITION_SIZES
        )

    @property
    def webp_srcset(self) -> str:
        return self.srcset("webp")

    @property
    def jpeg_srcset(self) -> str:
        return self.srcset("jpeg")

    @property
    def jpeg_url(self) -> str:
        return self.rendition_url(DISPLAY_SIZE, "jpeg")


class CheckedImageFormField(forms.ImageField):
    """An image upload checked as photos are; the reason is the form error."""

    # The detected format decides, never the file name's extension.
    default_validators = []

    def __init__(self, *, crop: bool = False, **kwargs):
        self.crop = crop
        super().__init__(**kwargs)

    def to_python(self, data):
        # Skip forms.ImageField's own Pillow check: check_image() reads more, and says why.
        file = forms.FileField.to_python(self, data)
        if file is not None:
            try:
                check_image(file, crop=self.crop)
            except ImageRejected as exc:
                raise ValidationError(REJECTED, code="rejected", params={"reason": exc}) from None
        return file


class CheckedImageField(models.ImageField):
    """
    An image stored in `folder` by its content, with square renditions that show it whole
    (`crop=False`, for patches) or fill the square, its middle kept (`crop=True`, portraits).
    """

    attr_class = CheckedImageFieldFile
    default_validators = []

    def __init__(self, verbose_name=None, name=None, *, folder: str, crop: bool = False, **kwargs):
        self.folder, self.crop = folder, crop
        kwargs.setdefault("max_length", 255)
        super().__init__(verbose_name, name, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("upload_to", None)
        kwargs.update(folder=self.folder, crop=self.crop)
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_init.connect(self.remember_stored, sender=cls)
            signals.post_save.connect(self.drop_replaced, sender=cls)
            signals.post_delete.connect(self.drop_deleted, sender=cls)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": CheckedImageFormField, "crop": self.crop, **kwargs}
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value and not value._committed:
            try:
                check_image(value.file, crop=self.crop)
            except ImageRejected as exc:
                raise ValidationError(REJECTED, code="rejected", params={"reason": exc}) from None

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            try:
                name = self.store(file.file)
            except ImageRejected as exc:
                # Saved without full_clean(): refused all the same, with nothing stored.
                raise ValidationError(
                    {self.name: ValidationError(REJECTED, params={"reason": exc})}
                ) from None
            setattr(model_instance, self.attname, name)
            file = getattr(model_instance, self.attname)
        return file

    def store(self, file: File) -> str:
        """
        Check `file`, store it under its content's name with its renditions, and return
        that name. The same bytes stored before are kept as they are; a file left
        unfinished under that name is replaced, only once the new one is whole.
        """
        checked = check_image(file, crop=self.crop)
        facts = checked.facts
        name = f"{self.folder}/{facts.sha256[:2]}/{facts.stored_name}"
        storage = self.storage
        if not (storage.exists(name) and storage.size(name) == facts.file_size):
            file.seek(0)
            name = replace_file(storage, name, file.read())
        for rendition in checked.renditions:
            stored = rendition_name(name, rendition.width, rendition.format)
            if not storage.exists(stored):
                replace_file(storage, stored, rendition.data)
        return name

    def adopt(self, name: str) -> str:
        """
        Check a file stored as `name` before these rules and store it again by its content,
        with its renditions. Return the name it is stored under, or "" if it fails the
        checks or cannot be read.
        """
        try:
            with self.storage.open(name, "rb") as stored:
                return self.store(File(stored, name=name))
        except (ImageRejected, OSError):
            return ""

    def rendition_names(self, name: str) -> list[str]:
        """The stored names of the renditions of the original `name`."""
        return [
            rendition_name(name, size, format)
            for size in RENDITION_SIZES
            for format in RENDITION_FORMATS
        ]

    # Files follow rows. Raw saves (loaddata) bring their own rows and files.

    def remember_stored(self, instance, **kwargs):
        # A deferred or freshly assigned image is unknown (None) until the row is saved.
        value = instance.__dict__.get(self.attname)
        instance.__dict__[self.stored_key] = value if isinstance(value, str) else None

    def drop_replaced(self, instance, created, raw=False, update_fields=None, **kwargs):
        if raw or (update_fields is not None and self.name not in update_fields):
            return
        before = "" if created else instance.__dict__.get(self.stored_key)
        now = getattr(instance, self.attname).name or ""
        instance.__dict__[self.stored_key] = now
        if before and before != now:
            self.delete_later(before)

    def drop_deleted(self, instance, **kwargs):
        if name := getattr(instance, self.attname).name:
            self.delete_later(name)

    def delete_later(self, name: str) -> None:
        delete_file_later(((self.model, self.name),), name, derived=self.rendition_names(name))

    @property
    def stored_key(self) -> str:
        return f"_stored_{self.attname}"
