import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from demo.catalogue import SUBJECTS
from demo.frames import demo_filename
from demo.scenes import PHOTOS
from gallery.intake import check_file
from gallery.models import Photo, Rendition, Subject
from missions.models import Astronaut, Expedition, Mission

SMALL = 240  # painted width for tests: the pictures, not their size, are under test


def load_demo(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", image_width=SMALL, no_progress=True, stdout=out, **options)
    return out.getvalue()


class DemoCatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.output = load_demo()

    def test_expeditions_have_their_dates_and_crews_with_roles(self):
        e65 = Expedition.objects.get(number=65)

        assert (e65.start, e65.end) == (datetime.date(2021, 4, 17), datetime.date(2021, 10, 17))
        roles = dict(e65.memberships.values_list("astronaut__name", "role"))
        assert roles["Akihiko Hoshide"] == "commander"
        assert roles["Megan McArthur"] == "flight-engineer"
        assert sorted(Expedition.objects.values_list("number", flat=True)) == [50, 51, 65, 66]
        assert Expedition.objects.get(number=51).memberships.get(
            role="commander"
        ).astronaut.name == ("Peggy Whitson")

    def test_missions_have_their_flights_spacecraft_and_expeditions(self):
        alpha = Mission.objects.get(slug="alpha")
        proxima = Mission.objects.get(slug="proxima")
        crew2 = Mission.objects.get(slug="spacex-crew-2")

        assert alpha.duration.days == 199
        assert str(alpha.launch_spacecraft) == "Crew Dragon Endeavour"
        assert sorted(e.number for e in alpha.expeditions.all()) == [65, 66]
        assert sorted(e.number for e in proxima.expeditions.all()) == [50, 51]
        assert str(proxima.launch_spacecraft) == "Soyuz MS-03"
        assert dict(crew2.memberships.values_list("astronaut__name", "role")) == {
            "Shane Kimbrough": "commander",
            "Megan McArthur": "pilot",
            "Akihiko Hoshide": "mission-specialist",
            "Thomas Pesquet": "mission-specialist",
        }

    def test_astronauts_have_agencies_and_names_in_their_own_script(self):
        pesquet = Astronaut.objects.get(slug="thomas-pesquet")
        hoshide = Astronaut.objects.get(slug="akihiko-hoshide")

        assert (pesquet.agency.abbreviation, pesquet.nationality) == ("ESA", "FR")
        assert hoshide.original_name == "星出彰彦"
        with translation.override("fr"):
            assert "premier commandant français" in pesquet.biography

    def test_subjects_form_a_hierarchy_in_both_languages(self):
        cities = Subject.objects.get(slug="cities-at-night")

        assert Subject.objects.count() == len(SUBJECTS)
        assert cities.parent.slug == "earth-at-night"
        assert cities.parent.parent.slug == "earth"
        assert cities.name_fr == "Villes la nuit"

    def test_every_photo_is_public_with_exif_credit_subjects_and_renditions(self):
        photos = Photo.objects.public()

        assert photos.count() == len(PHOTOS)
        for photo in photos.prefetch_related("subjects", "renditions"):
            assert photo.camera_model in {"NIKON D4", "NIKON D5"}, photo
            assert photo.taken_at and photo.lens and photo.iso, photo
            assert photo.caption_en and photo.caption_fr and photo.alt_text_fr, photo
            assert photo.subjects.all(), photo
            assert photo.credit_line.startswith("Illustration generated"), photo
            assert {r.format for r in photo.renditions.all()} == {"jpeg", "webp"}, photo

    def test_photos_are_linked_to_the_expedition_of_their_date(self):
        paris = Photo.objects.get(original_filename="astrophoto-demo-paris-2021.jpg")

        assert paris.expedition.number == 65
        assert paris.mission.slug == "alpha"
        assert paris.taken_at == datetime.datetime(2021, 5, 3, 21, 14, 7, tzinfo=datetime.UTC)
        assert (paris.width, paris.height) == (SMALL, SMALL * 2 // 3)

    def test_every_filter_has_something_to_show(self):
        queries = [
            *({"expedition": n} for n in (50, 51, 65, 66)),
            *({"mission": m.slug} for m in Mission.objects.all()),
            *({"astronaut": a.slug} for a in Astronaut.objects.filter(photos__isnull=False)),
            *({"subject": slug} for slug, *_rest in SUBJECTS),
            {"year": 2016},
            {"year": 2017},
            {"year": 2021},
            {"camera": "NIKON D4"},
            {"camera": "NIKON D5"},
            {"has_location": "true"},
            {"has_location": "false"},
            {"q": "Paris"},
            {"q": "Nil"},
        ]
        for query in queries:
            with self.subTest(query=query):
                response = self.client.get(reverse("gallery:photo-list"), query)
                assert response.status_code == 200
                assert response.context["page"].object_list, query

    def test_cities_at_night_of_expedition_65_in_may_2021(self):
        response = self.client.get(
            reverse("gallery:photo-list"),
            {
                "expedition": 65,
                "taken_after": "2021-05-01",
                "taken_before": "2021-05-31",
                "subject": "cities-at-night",
            },
        )

        titles = [photo.title for photo in response.context["page"].object_list]
        assert titles == [
            "Houston at night",
            "The Nile at night",
            "Milan and the Po valley at night",
            "Paris at night",
        ]

    def test_loading_again_changes_nothing(self):
        rows = (Photo.objects.count(), Rendition.objects.count(), Astronaut.objects.count())

        output = load_demo()

        assert (Photo.objects.count(), Rendition.objects.count(), Astronaut.objects.count()) == rows
        assert f"photos: 0 imported, {len(PHOTOS)} already there" in output

    def test_output_reports_what_was_loaded(self):
        assert "4 expeditions, 4 missions, 14 subjects" in self.output
        assert f"photos: {len(PHOTOS)} imported, 0 already there" in self.output


class DemoOptionsTests(TestCase):
    def test_photos_option_scales_the_catalogue_with_other_frames(self):
        load_demo(photos=len(PHOTOS) + 3)

        assert Photo.objects.public().count() == len(PHOTOS) + 3
        variants = Photo.objects.filter(original_filename__endswith="-1.jpg")
        assert variants.count() == 3
        assert len(set(Photo.objects.values_list("sha256", flat=True))) == len(PHOTOS) + 3

    def test_frames_are_whole_photos_with_their_own_files_exif_and_renditions(self):
        with self.captureOnCommitCallbacks(execute=True):
            load_demo(photos=len(PHOTOS) * 3 + 5)

        frames = Photo.objects.exclude(original_filename__in=[demo_filename(p, 0) for p in PHOTOS])
        assert frames.count() == len(PHOTOS) * 2 + 5
        for photo in frames.prefetch_related("renditions", "subjects"):
            with photo.image.open("rb") as stored:
                facts = check_file(stored)
            assert (facts.sha256, facts.file_size) == (photo.sha256, photo.file_size)
            assert facts.exif.taken_at == photo.taken_at
            assert photo.expedition_id and photo.subjects.exists() and photo.published_at
            renditions = list(photo.renditions.all())
            assert {r.format for r in renditions} == {"webp", "jpeg"}
            assert all(default_storage.exists(r.file.name) for r in renditions)
        assert len(set(Photo.objects.values_list("sha256", flat=True))) == Photo.objects.count()
        assert "photos: 0 imported" in load_demo(photos=len(PHOTOS) * 3 + 5)

    def test_photos_option_can_load_fewer(self):
        load_demo(photos=2)

        assert Photo.objects.count() == 2

    def test_curator_option_creates_a_curator_without_a_password(self):
        output = load_demo(photos=0, curator="ann")

        ann = User.objects.get(username="ann")
        assert ann.is_staff and not ann.is_superuser
        assert not ann.has_usable_password()
        assert list(ann.groups.values_list("name", flat=True)) == ["Curators"]
        assert "./dev manage changepassword ann" in output

    def test_negative_photo_count_is_a_usage_error(self):
        with pytest.raises(CommandError) as error:
            load_demo(photos=-1)

        assert error.value.returncode == 2
        assert not Astronaut.objects.exists()
