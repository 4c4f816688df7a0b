"""
Astronauts' portraits and missions' and expeditions' patches (astrophoto.fields): checked
as photos are, stored under their content's name, shown to the public only through their
renditions, and removed with them once replaced, cleared or deleted.
"""

import io
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import models, transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image

from astrophoto.fields import rendition_name
from astrophoto.imaging import inspect_image
from missions.models import Astronaut, Expedition, Mission
from tests.factories import image_bytes, make_astronaut, make_curator, make_expedition, make_mission
from tests.security import corpus

NO_INLINES = {
    f"{prefix}-{count}": "0"
    for prefix in ("memberships", "mission_memberships", "expedition_memberships")
    for count in ("TOTAL_FORMS", "INITIAL_FORMS")
}


@dataclass(frozen=True)
class Kind:
    """One kind of image: its model and field, its admin form, where and how it is stored."""

    model: type[models.Model]
    field: str
    folder: str
    crop: bool

    @property
    def admin(self) -> str:
        return f"admin:missions_{self.model._meta.model_name}"

    def form_data(self, **fields) -> dict:
        required = {
            Astronaut: {"name": "Thomas Pesquet", "slug": "thomas-pesquet", "status": "active"},
            Mission: {"name": "Alpha", "slug": "alpha"},
            Expedition: {"number": "65", "station": "iss"},
        }[self.model]
        return {**required, **NO_INLINES, **fields}

    def make(self, data: bytes | None = None, name: str = "image.png"):
        """Make a row of this kind, with an image stored as saving stores it."""
        fields = {self.field: ContentFile(data, name=name)} if data is not None else {}
        maker = {Astronaut: make_astronaut, Mission: make_mission, Expedition: make_expedition}
        return maker[self.model](**fields)


PORTRAIT = Kind(Astronaut, "portrait", "portraits", crop=True)
MISSION_PATCH = Kind(Mission, "patch", "patches/missions", crop=False)
EXPEDITION_PATCH = Kind(Expedition, "patch", "patches/expeditions", crop=False)
KINDS = (PORTRAIT, MISSION_PATCH, EXPEDITION_PATCH)


def png(width: int = 400, height: int = 600) -> bytes:
    return image_bytes(width, height, format="PNG")


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def stored_files(row, kind: Kind) -> set[str]:
    """The original a row names and the renditions named after it."""
    name = getattr(row, kind.field).name
    field = kind.model._meta.get_field(kind.field)
    return {name, *field.rendition_names(name)}


class CheckTests(TestCase):
    """Every way in refuses what the photo checks refuse, as a form error with the reason."""

    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()

    def setUp(self):
        self.client.force_login(self.curator)

    def post(self, kind: Kind, filename: str, data: bytes):
        upload = SimpleUploadedFile(filename, data, content_type="image/png")
        return self.client.post(
            reverse(f"{kind.admin}_add"), kind.form_data(**{kind.field: upload})
        )

    def assert_refused(self, kind: Kind, response, reason: str):
        assert response.status_code == 200, response.status_code
        errors = " ".join(response.context["adminform"].form.errors.get(kind.field, []))
        assert reason.lower() in errors.lower(), errors
        assert not kind.model.objects.exists()
        assert media_files() == set()
        return errors

    def test_the_attacks_reported_are_refused_by_every_form(self):
        polyglot = png(32, 32) + b"<html><body><script>alert(1)</script></body></html>"
        gif = io.BytesIO()
        Image.new("P", (8, 8)).save(gif, "GIF")
        attacks = [
            ("polyglot PNG and HTML page", "portrait.png", polyglot, "web page code"),
            ("GIF named .png", "patch.png", gif.getvalue(), "not a JPEG, PNG, WebP or TIFF"),
            (
                "289 megapixels in 212 bytes",
                "patch.png",
                corpus.png_declaring(17_000, 17_000),
                "too many pixels",
            ),
        ]
        for kind in KINDS:
            for label, filename, data, reason in attacks:
                with self.subTest(f"{kind.admin}: {label}"):
                    response = self.post(kind, filename, data)
                    errors = self.assert_refused(kind, response, reason)
                    assert errors.startswith("This file was rejected: "), errors

    @override_settings(PHOTO_MAX_PIXELS=corpus.MAX_PIXELS, PHOTO_MAX_FILE_SIZE=corpus.MAX_FILE_SIZE)
    def test_every_hostile_image_of_the_corpus_is_refused_by_every_form(self):
        cases = [
            case
            for case in corpus.bombs() + corpus.damaged() + corpus.disguised() + corpus.oversized()
            if case.expect == "rejected"
        ]
        with mock.patch.object(Image, "MAX_IMAGE_PIXELS", corpus.MAX_PIXELS):
            for kind in KINDS:
                for case in cases:
                    with self.subTest(f"{kind.admin}: {case.name}"):
                        response = self.post(kind, case.filename, case.data)
                        self.assert_refused(kind, response, case.reason)

    def test_an_upload_is_decoded_once_however_many_steps_check_it(self):
        upload = SimpleUploadedFile("portrait.png", png())

        with mock.patch("astrophoto.fields.inspect_image", wraps=inspect_image) as inspect:
            response = self.client.post(
                reverse(f"{PORTRAIT.admin}_add"), PORTRAIT.form_data(portrait=upload)
            )

        assert response.status_code == 302
        assert inspect.call_count == 1

    def test_full_clean_refuses_it_too(self):
        for kind in KINDS:
            with self.subTest(kind.admin):
                row = kind.model(**{kind.field: ContentFile(b"GIF89a" + b"\x00" * 64, "a.png")})

                with self.assertRaises(ValidationError) as raised:
                    row.full_clean(exclude=["name", "slug", "number"])

                assert kind.field in raised.exception.message_dict

    def test_saving_without_full_clean_refuses_it_and_stores_nothing(self):
        for kind in KINDS:
            with self.subTest(kind.admin):
                with self.assertRaises(ValidationError), transaction.atomic():
                    kind.make(png()[:300], "cut.png")

                assert not kind.model.objects.exists()
                assert media_files() == set()


class StorageTests(TestCase):
    """What is accepted is stored by content, with renditions the pages can show."""

    def test_the_file_is_stored_by_content_whatever_its_name(self):
        tiff = image_bytes(300, 200, format="TIFF")
        for kind in KINDS:
            with self.subTest(kind.admin):
                row = kind.make(tiff, "../../évil name.php.jpg")

                name = getattr(row, kind.field).name
                sha256 = name.rsplit("/", 1)[-1].removesuffix(".tif")
                assert name == f"{kind.folder}/{sha256[:2]}/{sha256}.tif"
                assert default_storage.open(name).read() == tiff

    def test_renditions_are_made_as_the_image_is_saved(self):
        for kind, size, expected in [
            # A portrait fills its square, its middle kept; a patch fits in it whole.
            (PORTRAIT, (400, 600), {160: (160, 160), 320: (320, 320)}),
            (MISSION_PATCH, (400, 200), {160: (160, 80), 320: (320, 160)}),
            (EXPEDITION_PATCH, (200, 400), {160: (80, 160), 320: (160, 320)}),
            # Never enlarged: a small image is given whole at its own size.
            (PORTRAIT, (100, 120), {160: (100, 100), 320: (100, 100)}),
            (EXPEDITION_PATCH, (90, 60), {160: (90, 60), 320: (90, 60)}),
        ]:
            with self.subTest(f"{kind.admin} {size}"):
                row = kind.make(png(*size))

                name = getattr(row, kind.field).name
                for rendition_size, pixels in expected.items():
                    for format in ("webp", "jpeg"):
                        stored = rendition_name(name, rendition_size, format)
                        with Image.open(default_storage.open(stored)) as image:
                            assert (image.format, image.size) == (format.upper(), pixels)

    def test_the_same_image_twice_is_stored_once(self):
        data = png()
        first, second = PORTRAIT.make(data), PORTRAIT.make(data)

        assert first.portrait.name == second.portrait.name
        assert len(media_files()) == 5


class PublicPageTests(TestCase):
    """Visitors are shown renditions, never the original."""

    def test_each_page_shows_its_image_through_renditions_only(self):
        for kind in KINDS:
            with self.subTest(kind.admin):
                row = kind.make(png())
                image = getattr(row, kind.field)

                response = self.client.get(row.get_absolute_url())

                assert response.status_code == 200
                self.assertNotContains(response, image.url)
                for size in (160, 320):
                    for format in ("webp", "jpeg"):
                        url = default_storage.url(rendition_name(image.name, size, format))
                        self.assertContains(response, url)
                self.assertContains(response, f'class="{"portrait" if kind.crop else "patch"}"')

    def test_a_page_without_an_image_shows_none(self):
        for kind in KINDS:
            with self.subTest(kind.admin):
                response = self.client.get(kind.make().get_absolute_url())

                self.assertNotContains(response, "<picture>")


class FilesFollowRowsTests(TestCase):
    """A replaced, cleared or deleted image goes with its renditions once the change commits."""

    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()

    def setUp(self):
        self.client.force_login(self.curator)

    def change(self, kind: Kind, row, **fields):
        url = reverse(f"{kind.admin}_change", args=[row.pk])
        # The row as it is, so that only the image changes.
        keys = [key for key in ("name", "slug", "number") if hasattr(row, key)]
        identity = {key: getattr(row, key) for key in keys}
        data = {**kind.form_data(**fields), **identity}
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        return kind.model.objects.get(pk=row.pk)

    def test_replacing_it_in_the_admin_removes_the_old_files(self):
        for kind in KINDS:
            with self.subTest(kind.admin):
                row = kind.make(png())
                old = stored_files(row, kind)
                upload = SimpleUploadedFile("new.png", png(300, 300))

                row = self.change(kind, row, **{kind.field: upload})

                assert not old & media_files()
                assert stored_files(row, kind) <= media_files()

    def test_clearing_it_in_the_admin_removes_its_files(self):
        for kind in KINDS:
            with self.subTest(kind.admin):
                row = kind.make(png())
                old = stored_files(row, kind)

                row = self.change(kind, row, **{f"{kind.field}-clear": "on"})

                assert getattr(row, kind.field).name == ""
                assert not old & media_files()

    def test_deleting_the_row_removes_its_files(self):
        for kind in KINDS:
            with self.subTest(kind.admin):
                row = kind.make(png())
                old = stored_files(row, kind)

                with self.captureOnCommitCallbacks(execute=True):
                    row.delete()

                assert not old & media_files()

    def test_files_another_row_still_names_are_kept(self):
        data = png()
        first, second = PORTRAIT.make(data), PORTRAIT.make(data)
        files = stored_files(first, PORTRAIT)

        with self.captureOnCommitCallbacks(execute=True):
            first.portrait = ""
            first.save()

        assert files <= media_files()
        assert second.portrait.name in files

    def test_a_rolled_back_change_keeps_every_file(self):
        row = PORTRAIT.make(png())
        files = stored_files(row, PORTRAIT)

        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    row.portrait = ""
                    row.save()
                    raise RuntimeError("changed my mind")
            except RuntimeError:
                pass

        assert files <= media_files()


class CheckMediaTests(TestCase):
    def setUp(self):
        self.astronaut = PORTRAIT.make(png())
        self.mission = MISSION_PATCH.make(png(400, 200))
        self.expedition = EXPEDITION_PATCH.make(png(200, 400))

    def check_media(self, *args) -> tuple[str, int]:
        out = io.StringIO()
        try:
            call_command("check_media", *args, stdout=out)
        except CommandError as error:
            return out.getvalue() + str(error), error.returncode
        return out.getvalue(), 0

    def test_portraits_patches_and_their_renditions_are_no_orphans(self):
        output, code = self.check_media()

        assert code == 0, output
        assert "0 orphan files, 0 rows with missing files." in output

    def test_orphans_among_them_are_found_and_missing_renditions_reported(self):
        sha256 = "cd" + "0" * 62
        orphans = [
            default_storage.save(f"portraits/cd/{sha256}.png", ContentFile(b"x")),
            default_storage.save(f"portraits/cd/{sha256}-160.webp", ContentFile(b"x")),
            default_storage.save(f"patches/missions/cd/{sha256}.jpg", ContentFile(b"x")),
        ]
        lost = rendition_name(self.expedition.patch.name, 320, "jpeg")
        default_storage.delete(lost)

        output, code = self.check_media()

        assert code == 1
        for name in orphans:
            assert f"orphan file: {name}" in output
        assert f"missing file: expedition {self.expedition.pk}: {lost}" in output
        assert "3 orphan files, 1 rows with missing files." in output
