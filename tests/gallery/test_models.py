import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import translation

from gallery.models import Photo
from tests.factories import make_astronaut, make_photo, make_subject


class PhotoConstraintTests(TestCase):
    def test_nasa_id_is_stored_in_canonical_spelling(self):
        photo = make_photo(nasa_id="iss065e394522")

        photo.refresh_from_db()
        assert photo.nasa_id == "ISS065-E-394522"

    def test_either_spelling_finds_the_photo(self):
        photo = make_photo(nasa_id="ISS065-E-394522")

        assert list(Photo.objects.by_nasa_id("iss065e394522")) == [photo]
        assert list(Photo.objects.by_nasa_id("ISS065-E-394522")) == [photo]
        assert not Photo.objects.by_nasa_id("not an id").exists()

    def test_nasa_id_is_unique_when_present(self):
        make_photo(nasa_id="ISS065-E-394522")
        make_photo(nasa_id="")
        make_photo(nasa_id="")

        with pytest.raises(IntegrityError), transaction.atomic():
            make_photo(nasa_id="iss065e394522")

    def test_the_same_file_is_never_stored_twice(self):
        first = make_photo()
        make_photo(with_image=False)
        make_photo(with_image=False)

        with pytest.raises(IntegrityError), transaction.atomic():
            Photo.objects.create(sha256=first.sha256, image="originals/elsewhere.jpg")

    def test_a_hash_without_an_image_is_rejected(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Photo.objects.create(sha256="0" * 64)

    def test_database_rejects_values_out_of_range(self):
        for field, value in [
            ("latitude", 90.5),
            ("latitude", -91),
            ("longitude", 180.01),
            ("longitude", -181),
            ("nadir_latitude", 100),
            ("nadir_longitude", -200),
            ("altitude_km", -1),
            ("cloud_cover", 101),
            ("sun_elevation", 91),
            ("sun_azimuth", 361),
        ]:
            with (
                self.subTest(field=field, value=value),
                pytest.raises(IntegrityError),
                transaction.atomic(),
            ):
                make_photo(with_image=False, **{field: value})

    def test_values_at_the_edges_of_their_ranges_are_accepted(self):
        photo = make_photo(
            with_image=False, latitude=-90, longitude=180, nadir_latitude=90, cloud_cover=100
        )

        assert Photo.objects.filter(pk=photo.pk, latitude=-90).exists()

    def test_form_validation_rejects_a_malformed_nasa_id(self):
        with pytest.raises(ValidationError) as error:
            Photo(nasa_id="holiday snaps").full_clean()

        assert "nasa_id" in error.value.message_dict


class PhotoBehaviourTests(TestCase):
    def test_public_photos_are_published_and_have_an_image(self):
        public = make_photo(status=Photo.Status.PUBLISHED)
        make_photo(status=Photo.Status.DRAFT)
        make_photo(status=Photo.Status.WITHDRAWN)
        make_photo(status=Photo.Status.PUBLISHED, with_image=False)

        assert list(Photo.objects.public()) == [public]

    def test_publishing_records_when(self):
        photo = make_photo()
        assert photo.published_at is None

        photo.status = Photo.Status.PUBLISHED
        photo.save()

        assert photo.published_at is not None

    def test_original_is_named_by_its_content(self):
        photo = make_photo()

        assert photo.image.name == f"originals/{photo.sha256[:2]}/{photo.sha256}.jpg"
        assert photo.image.storage.exists(photo.image.name)

    def test_credit_line_is_built_from_rights_holder_and_photographer(self):
        pesquet = make_astronaut("Thomas Pesquet")

        assert Photo(rights_holder="ESA/NASA", photographer=pesquet).credit_line == (
            "ESA/NASA-T. Pesquet"
        )
        assert Photo(rights_holder="NASA").credit_line == "NASA"
        assert Photo(photographer=pesquet).credit_line == "T. Pesquet"

    def test_explicit_credit_line_wins(self):
        credit = (
            "Image courtesy of the Earth Science and Remote Sensing Unit, NASA Johnson Space Center"
        )

        assert Photo(credit=credit, rights_holder="NASA").credit_line == credit

    def test_camera_name_gives_the_make_once(self):
        assert Photo(camera_make="NIKON CORPORATION", camera_model="NIKON D5").camera_name == (
            "NIKON D5"
        )
        assert Photo(camera_make="Canon", camera_model="Canon EOS 7D").camera_name == "Canon EOS 7D"
        assert Photo(camera_make="Apple", camera_model="iPhone 4").camera_name == "Apple iPhone 4"
        assert Photo(camera_make="", camera_model="NIKON Z 9").camera_name == "NIKON Z 9"

    def test_caption_follows_the_language_with_english_fallback(self):
        photo = Photo(
            caption_en="Paris at night", caption_fr="Paris la nuit", alt_text_en="City lights"
        )

        with translation.override("fr"):
            assert photo.caption == "Paris la nuit"
            assert photo.alt_text == "City lights"
            assert Photo.alt_text.language_of(photo) == "en"
        with translation.override("en"):
            assert photo.caption == "Paris at night"


class SubjectTests(TestCase):
    def test_subject_cannot_sit_under_itself(self):
        earth = make_subject("Earth")
        night = make_subject("Earth at night", parent=earth)
        earth.parent = night

        with pytest.raises(ValidationError) as error:
            earth.full_clean()

        assert "parent" in error.value.message_dict

    def test_name_follows_the_language(self):
        subject = make_subject("Aurora", name_fr="Aurore")

        with translation.override("fr"):
            assert str(subject) == "Aurore"
