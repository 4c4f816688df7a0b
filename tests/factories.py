"""Small helpers that make catalogue rows and images for tests."""

import datetime
import io
import itertools
import tempfile
import unittest
import zipfile
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from astrophoto.imaging import inspect_image
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


def make_exif(ifd0=None, *, camera=None, gps=None) -> Image.Exif:
    """Make EXIF to write with Pillow: `camera` goes to the Exif IFD, `gps` to the GPS IFD."""
    exif = Image.Exif()
    for tag, value in (ifd0 or {}).items():
        exif[tag] = value
    if camera:
        exif.get_ifd(ExifTags.IFD.Exif).update(camera)
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(gps)
    return exif


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """Make a zip archive in memory from {entry name: content}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
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
        photo.image = ContentFile(data, name=facts.stored_name)
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


def make_published_photo(**fields) -> Photo:
    """Make a photo the public can see: published, with an image."""
    fields.setdefault("status", Photo.Status.PUBLISHED)
    return make_photo(**fields)


def make_renditions(photo: Photo, widths=(320, 640, 1280)) -> list[Rendition]:
    """Make a JPEG and a WebP rendition of `photo` at each width, as the pipeline does."""
    return [
        make_rendition(photo, width, format)
        for width in widths
        for format in (Rendition.Format.WEBP, Rendition.Format.JPEG)
    ]


def make_catalogue() -> SimpleNamespace:
    """
    Make a small true-to-life catalogue for the public site's tests.

    Expedition 65 and mission Alpha (Thomas Pesquet), subjects "Earth" > "Earth at night" >
    "Cities at night" and "Aurora"; photos of Expedition 65 in May 2021, one in June, one
    without a date, one of Expedition 66; plus a draft, a withdrawn photo and a catalogue
    entry without an image, which the public must never see.
    """
    esa = make_agency("ESA", name="European Space Agency")
    nasa = make_agency("NASA", name="National Aeronautics and Space Administration", country="US")
    pesquet = make_astronaut(
        "Thomas Pesquet",
        agency=esa,
        nationality="FR",
        biography_en="French ESA astronaut, flew Proxima and Alpha.",
        biography_fr="Astronaute français de l'ESA, missions Proxima et Alpha.",
    )
    mcarthur = make_astronaut("Megan McArthur", agency=nasa, nationality="US")
    endeavour = make_spacecraft("Crew Dragon Endeavour", family="Crew Dragon", serial="C206")
    e65 = make_expedition(65, start=datetime.date(2021, 4, 17), end=datetime.date(2021, 10, 17))
    e66 = make_expedition(66, start=datetime.date(2021, 10, 17), end=datetime.date(2022, 3, 30))
    e65.memberships.create(astronaut=mcarthur, role="flight-engineer")
    e65.memberships.create(astronaut=pesquet, role="flight-engineer")
    alpha = make_mission(
        "Alpha",
        agency=esa,
        launch_at=utc(2021, 4, 23, 9, 49),
        landing_at=utc(2021, 11, 9, 3, 33),
        launch_spacecraft=endeavour,
        return_spacecraft=endeavour,
        description_en="Thomas Pesquet's second mission.",
    )
    alpha.expeditions.set([e65, e66])
    alpha.memberships.create(astronaut=pesquet, role="mission-specialist")
    earth = make_subject("Earth", name_fr="Terre", slug="earth")
    night = make_subject("Earth at night", name_fr="La Terre de nuit", parent=earth)
    cities = make_subject("Cities at night", name_fr="Villes de nuit", parent=night)
    aurora = make_subject("Aurora", name_fr="Aurore polaire", parent=earth)
    common = {
        "photographer": pesquet,
        "mission": alpha,
        "rights_holder": "ESA/NASA",
        "licence": Photo.Licence.CC_BY_SA_3_IGO,
    }
    paris = make_published_photo(
        nasa_id="ISS065-E-394522",
        title="Paris at night",
        caption_en="Paris and its ring roads glow at night.",
        caption_fr="Paris et ses périphériques brillent dans la nuit.",
        alt_text_en="City lights of Paris seen from orbit",
        alt_text_fr="Les lumières de Paris vues de l'orbite",
        expedition=e65,
        taken_at=utc(2021, 5, 3, 22, 1),
        subjects=[cities],
        place="Paris, France",
        features="Seine River",
        latitude=48.8566,
        longitude=2.3522,
        camera_make="NIKON CORPORATION",
        camera_model="NIKON D5",
        focal_length=200,
        exposure_time=0.004,
        f_number=2.8,
        iso=6400,
        featured=True,
        **common,
    )
    london = make_published_photo(
        nasa_id="ISS065-E-53301",
        title="London at night",
        caption_en="London and the Thames at night.",
        expedition=e65,
        taken_at=utc(2021, 5, 20, 23, 12),
        subjects=[cities],
        place="London, United Kingdom",
        camera_model="NIKON D5",
        **common,
    )
    aurora_photo = make_published_photo(
        nasa_id="ISS065-E-100001",
        title="Aurora over Canada",
        caption_en="Green aurora over Canada.",
        caption_fr="Aurore verte au-dessus du Canada.",
        expedition=e65,
        taken_at=utc(2021, 5, 12, 4, 0),
        subjects=[aurora],
        spacecraft=endeavour,
        **common,
    )
    june = make_published_photo(
        title="Tokyo at night",
        expedition=e65,
        taken_at=utc(2021, 6, 2, 14, 0),
        subjects=[cities],
        camera_model="NIKON Z 9",
        **common,
    )
    undated = make_published_photo(title="Undated view", expedition=e65, **common)
    e66_photo = make_published_photo(
        nasa_id="ISS066-E-24523",
        title="Sahara",
        expedition=e66,
        taken_at=utc(2021, 11, 1, 12, 0),
        photographer=mcarthur,
        credit="NASA",
        licence=Photo.Licence.NASA,
    )
    draft = make_photo(title="Draft view of Lyon", expedition=e65, taken_at=utc(2021, 5, 5))
    withdrawn = make_photo(
        nasa_id="ISS065-E-999",
        title="Withdrawn view of Lyon",
        expedition=e65,
        taken_at=utc(2021, 5, 6),
        status=Photo.Status.WITHDRAWN,
    )
    no_image = make_photo(
        nasa_id="ISS065-E-777",
        title="Lyon entry without an image",
        with_image=False,
        expedition=e65,
        taken_at=utc(2021, 5, 7),
        status=Photo.Status.PUBLISHED,
    )
    for photo in (paris, london, e66_photo):
        make_renditions(photo)
    return SimpleNamespace(**locals())


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


def accounted_for(result) -> bool:
    """Whether every data row an import read was created, updated, unchanged or rejected."""
    return result.rows == result.created + result.updated + result.unchanged + result.rejected
