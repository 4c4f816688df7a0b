"""Small helpers that make catalogue rows and images for tests."""

import datetime
import io
import itertools
import tempfile
import unittest
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gallery.imaging import inspect_image
from gallery.models import Photo, Rendition, Subject
from missions.models import Agency, Astronaut, Expedition, Mission, Spacecraft

_sequence = itertools.count(1)


def image_bytes(
    width: int = 64, height: int = 48, *, format: str = "JPEG", color=None, exif=None
) -> bytes:
    """Make an image in memory; each call gets a new colour so its bytes (and hash) differ."""
    if color is None:
        n = next(_sequence)
        color = (n * 37 % 256, n * 91 % 256, n * 13 % 256)
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", (width, height), color).save(buffer, format=format, **options)
    return buffer.getvalue()


def image_upload(name: str = "photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def make_agency(abbreviation: str | None = None, **fields) -> Agency:
    abbreviation = abbreviation or f"AG{next(_sequence)}"
    fields.setdefault("name", f"Agency {abbreviation}")
    return Agency.objects.create(abbreviation=abbreviation, **fields)


def make_astronaut(name: str | None = None, **fields) -> Astronaut:
    return Astronaut.objects.create(name=name or f"Astronaut Number{next(_sequence)}", **fields)


def make_spacecraft(name: str | None = None, **fields) -> Spacecraft:
    return Spacecraft.objects.create(name=name or f"Spacecraft {next(_sequence)}", **fields)


def make_expedition(number: int | None = None, **fields) -> Expedition:
    return Expedition.objects.create(number=number or 100 + next(_sequence), **fields)


def make_mission(name: str | None = None, **fields) -> Mission:
    return Mission.objects.create(name=name or f"Mission {next(_sequence)}", **fields)


def make_subject(name_en: str | None = None, **fields) -> Subject:
    return Subject.objects.create(name_en=name_en or f"Subject {next(_sequence)}", **fields)


def make_photo(*, with_image: bool = True, subjects=(), **fields) -> Photo:
    """Make a photo row; with an image, its file is stored as the pipeline stores it."""
    photo = Photo(**fields)
    if with_image:
        data = image_bytes()
        facts = inspect_image(io.BytesIO(data), max_bytes=10**8, max_pixels=10**8)
        photo.sha256, photo.file_size = facts.sha256, facts.file_size
        photo.width, photo.height = facts.width, facts.height
        photo.image_format = facts.format
        photo.image = ContentFile(data, name="upload.jpg")
    photo.save()
    if subjects:
        photo.subjects.set(subjects)
    return photo


def make_rendition(photo: Photo, width: int, format: str = Rendition.Format.JPEG) -> Rendition:
    height = round(width * (photo.height or 3) / (photo.width or 4))
    data = image_bytes(width, height, format="WEBP" if format == "webp" else "JPEG")
    rendition = Rendition(
        photo=photo,
        width=width,
        format=format,
        pixel_width=width,
        pixel_height=height,
        file_size=len(data),
    )
    rendition.file.save("rendition", ContentFile(data), save=False)
    rendition.save()
    return rendition


def make_curator(username: str = "curator") -> User:
    user = User.objects.create_user(username, password="a-long-curator-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


class ImportFiles:
    """A test mixin: write import files into a folder that is removed after each test."""

    def setUp(self):
        super().setUp()
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def import_file(self, content: str | bytes, name: str = "import.tsv") -> Path:
        path = self.folder / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path


def shared_data(relative: str) -> Path:
    """A file of the real public data beside the project; skip the test when it is absent."""
    path = Path(settings.BASE_DIR).parent / "shared" / "data" / relative
    if not path.is_file():
        raise unittest.SkipTest(f"{relative} is not in ../shared/data")
    return path
