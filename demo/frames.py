"""
One frame of the demo catalogue: the file of a scene from `demo.scenes`, painted by `demo.art`
and carrying the EXIF its camera would have written, and the Photo that describes it.

Frame 0 of a scene is the hand-written photo; frame N > 0 is another frame of the same pass,
taken a whole number of orbits earlier or later.
"""

import datetime
import io
import random
import struct
from dataclasses import dataclass

from PIL import ExifTags, Image, TiffImagePlugin

from demo.art import paint
from demo.scenes import DemoPhoto
from gallery.models import Photo, Subject
from missions.models import Astronaut, Mission

DEMO_CREDIT = "Illustration generated for the astrophoto demo catalogue"
# Demo photos are known by the file name they were imported under, so a second run skips
# them without painting them again.
DEMO_PREFIX = "astrophoto-demo-"


def demo_filename(photo: DemoPhoto, variant: int) -> str:
    return f"{DEMO_PREFIX}{photo.key}{f'-{variant}' if variant else ''}.jpg"


def photo_file(photo: DemoPhoto, variant: int = 0, size: tuple[int, int] = (2400, 1600)) -> bytes:
    """Paint `photo` and return JPEG bytes carrying the EXIF its camera would have written."""
    image = paint(photo.scene, seed=hash_seed(photo.key, variant), size=size)
    return _jpeg(image, exif=camera_exif(photo, variant))


def painting_file(photo: DemoPhoto, variant: int, size: tuple[int, int]) -> bytes:
    """Paint `photo` and return JPEG bytes without EXIF, to give EXIF with `with_exif`."""
    return _jpeg(paint(photo.scene, seed=hash_seed(photo.key, variant), size=size))


def _jpeg(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88, **options)
    return buffer.getvalue()


def variant_taken_at(photo: DemoPhoto, variant: int) -> datetime.datetime:
    # Variants are other frames of the same pass, a whole number of orbits (97 min) apart.
    return photo.taken_at + datetime.timedelta(minutes=97 * ((variant % 61) - 30 if variant else 0))


def camera_exif(photo: DemoPhoto, variant: int, *, image_id: str = "") -> Image.Exif:
    """The EXIF a station Nikon writes for this frame; `image_id` makes a file unique."""
    camera = photo.camera
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "NIKON CORPORATION"
    exif[ExifTags.Base.Model] = camera.model
    exif[ExifTags.Base.Software] = "astrophoto demo"
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = variant_taken_at(photo, variant).strftime(
        "%Y:%m:%d %H:%M:%S"
    )
    details[ExifTags.Base.ExposureTime] = TiffImagePlugin.IFDRational(*camera.exposure)
    details[ExifTags.Base.FNumber] = TiffImagePlugin.IFDRational(round(camera.f_number * 10), 10)
    details[ExifTags.Base.ISOSpeedRatings] = camera.iso
    details[ExifTags.Base.FocalLength] = TiffImagePlugin.IFDRational(round(camera.focal_length), 1)
    details[ExifTags.Base.LensModel] = camera.lens
    if image_id:
        details[ExifTags.Base.ImageUniqueID] = image_id
    return exif


def with_exif(jpeg: bytes, exif: Image.Exif) -> bytes:
    """Put an EXIF segment into JPEG bytes written without one, leaving the pixels as they are."""
    block = exif.tobytes()
    segment = b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block
    # After the JFIF header when there is one, where cameras and Pillow put EXIF.
    start = 4 + struct.unpack(">H", jpeg[4:6])[0] if jpeg[2:4] == b"\xff\xe0" else 2
    return jpeg[:start] + segment + jpeg[start:]


def hash_seed(key: str, variant: int) -> int:
    return random.Random(f"{key}/{variant}").randrange(2**32)


@dataclass(frozen=True)
class CatalogueLinks:
    """The subjects, astronauts and missions demo photos link to, read once for a whole load."""

    subjects: dict[str, Subject]
    astronauts: dict[str, Astronaut]
    missions: dict[str, Mission]

    @classmethod
    def read(cls) -> "CatalogueLinks":
        return cls(
            subjects={subject.slug: subject for subject in Subject.objects.all()},
            astronauts={astronaut.name: astronaut for astronaut in Astronaut.objects.all()},
            missions={mission.name: mission for mission in Mission.objects.all()},
        )

    def describe(self, photo: DemoPhoto, variant: int) -> Photo:
        """Return the unsaved, published Photo of this frame, without its file."""
        return Photo(
            title=photo.title,
            caption_en=photo.caption_en,
            caption_fr=photo.caption_fr,
            alt_text_en=photo.alt_en,
            alt_text_fr=photo.alt_fr,
            photographer=self.astronauts[photo.photographer],
            mission=self.missions[photo.mission] if photo.mission else None,
            place=photo.place,
            latitude=photo.location[0] if photo.location else None,
            longitude=photo.location[1] if photo.location else None,
            credit=DEMO_CREDIT,
            licence=Photo.Licence.CC_BY_4,
            status=Photo.Status.PUBLISHED,
            featured=photo.featured and variant == 0,
        )

    def subjects_of(self, photo: DemoPhoto) -> list[Subject]:
        return [self.subjects[slug] for slug in photo.subjects]
