from unittest import mock

from django.template import Context, Template
from django.test import TestCase
from django.utils import translation

from gallery.models import Photo, Rendition
from tests.factories import make_photo, make_rendition, make_renditions


def render(template: str, **context) -> str:
    return Template("{% load gallery %}" + template).render(Context(context))


def prefetched(photo: Photo) -> Photo:
    return Photo.objects.with_renditions().get(pk=photo.pk)


class PictureTagTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.photo = make_photo(title="Nile delta", alt_text_en="The Nile delta at night")
        make_renditions(cls.photo, widths=(1280, 320, 640))
        cls.bare = make_photo(title="Fresh upload")

    def test_webp_sources_with_jpeg_fallback_and_width_descriptors(self):
        html = render("{% picture photo sizes='50vw' %}", photo=prefetched(self.photo))
        urls = {(r.width, r.format): r.file.url for r in self.photo.renditions.all()}

        webp = ", ".join(f"{urls[(w, 'webp')]} {w}w" for w in (320, 640, 1280))
        jpeg = ", ".join(f"{urls[(w, 'jpeg')]} {w}w" for w in (320, 640, 1280))
        assert f'<source type="image/webp" srcset="{webp}" sizes="50vw">' in html
        assert f'<source type="image/jpeg" srcset="{jpeg}" sizes="50vw">' in html
        assert html.index("image/webp") < html.index("image/jpeg")
        assert f'<img src="{urls[(640, "jpeg")]}" width="640" height="480"' in html
        assert 'alt="The Nile delta at night"' in html
        assert 'loading="lazy"' in html and "fetchpriority" not in html

    def test_eager_pictures_ask_for_priority(self):
        html = render("{% picture photo loading='eager' %}", photo=prefetched(self.photo))

        assert 'loading="eager"' in html and 'fetchpriority="high"' in html

    def test_photo_without_renditions_gets_a_placeholder_of_its_aspect_ratio(self):
        html = render("{% picture photo %}", photo=prefetched(self.bare))

        assert "<img" not in html and "<picture" not in html
        assert '<svg class="picture-placeholder" viewBox="0 0 1200 900" role="img"' in html
        assert 'aria-label="Fresh upload"' in html

    def test_placeholder_without_known_size_is_four_by_three(self):
        entry = make_photo(with_image=False, nasa_id="ISS065-E-1")

        html = render("{% picture photo %}", photo=prefetched(entry))

        assert 'viewBox="0 0 1200 900"' in html
        assert 'aria-label="Photo ISS065-E-1"' in html

    def test_webp_only_renditions_still_give_an_image(self):
        photo = make_photo()
        webp = make_rendition(photo, 640, Rendition.Format.WEBP)

        html = render("{% picture photo %}", photo=prefetched(photo))

        assert f'<img src="{webp.file.url}"' in html

    def test_alt_text_falling_back_to_english_is_marked(self):
        with translation.override("fr"):
            html = render("{% picture photo %}", photo=prefetched(self.photo))

        assert 'alt="The Nile delta at night" lang="en"' in html

    def test_rendering_reads_no_file_and_runs_no_pillow(self):
        photos = list(Photo.objects.with_renditions().filter(pk__in=[self.photo.pk, self.bare.pk]))
        forbidden = mock.Mock(side_effect=AssertionError("touched storage or Pillow"))
        with (
            mock.patch("django.core.files.storage.FileSystemStorage.open", forbidden),
            mock.patch("django.core.files.storage.FileSystemStorage.exists", forbidden),
            mock.patch("django.core.files.storage.FileSystemStorage.size", forbidden),
            mock.patch("PIL.Image.open", forbidden),
            self.assertNumQueries(0),
        ):
            html = render("{% for p in photos %}{% picture p %}{% endfor %}", photos=photos)

        assert html.count("<picture>") == 1 and html.count("<svg") == 1

    def test_a_page_of_photos_loads_renditions_in_one_query(self):
        for _n in range(5):
            make_renditions(make_photo(), widths=(320,))

        with self.assertNumQueries(2):
            photos = list(Photo.objects.with_renditions())
            render("{% for p in photos %}{% picture p %}{% endfor %}", photos=photos)


class PhotoFactFilterTests(TestCase):
    def test_coordinates_and_exposure(self):
        html = render(
            "{{ a|latitude }} {{ b|longitude }} {{ fast|exposure }} {{ slow|exposure }}",
            a=-33.5,
            b=-70.25,
            fast=0.004,
            slow=2,
        )

        assert html == "33.5000° S 70.2500° W 1/250 s 2 s"
