from unittest import mock
from xml.etree import ElementTree

from django.contrib.sitemaps import views as sitemap_views
from django.test import RequestFactory, TestCase

from gallery.models import Photo
from gallery.sitemaps import PhotoSitemap, sitemaps
from tests.factories import make_catalogue

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entries(response) -> list[ElementTree.Element]:
    return ElementTree.fromstring(response.content).findall(f"{ATOM}entry")


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = make_catalogue()

    def test_latest_photos_feed_lists_only_public_photos(self):
        response = self.client.get("/feeds/photos/")

        assert response["Content-Type"].startswith("application/atom+xml")
        titles = {entry.find(f"{ATOM}title").text for entry in entries(response)}
        assert titles == {
            "Paris at night",
            "London at night",
            "Aurora over Canada",
            "Tokyo at night",
            "Undated view",
            "Sahara",
        }

    def test_entries_carry_image_credit_licence_and_enclosure(self):
        response = self.client.get("/feeds/photos/")
        paris = next(
            e for e in entries(response) if e.find(f"{ATOM}title").text == "Paris at night"
        )
        image = self.c.paris.rendition_near(1280)

        summary = paris.find(f"{ATOM}summary").text
        assert f'src="http://testserver{image.file.url}"' in summary
        assert "Credit: ESA/NASA-T. Pesquet" in summary and "CC BY-SA 3.0 IGO" in summary
        enclosure = paris.find(f"{ATOM}link[@rel='enclosure']")
        assert enclosure.get("href") == f"http://testserver{image.file.url}"
        assert enclosure.get("type") == "image/jpeg"
        assert paris.find(f"{ATOM}link[@rel='alternate']").get("href") == (
            "http://testserver/photos/ISS065-E-394522/"
        )
        assert [c.get("term") for c in paris.findall(f"{ATOM}category")] == ["Cities at night"]

    def test_feed_loads_photos_renditions_and_subjects_in_three_queries(self):
        with self.assertNumQueries(3):
            self.client.get("/feeds/photos/")

    def test_expedition_and_mission_feeds(self):
        expedition = self.client.get("/feeds/expeditions/66/")
        mission = self.client.get("/feeds/missions/alpha/")

        assert [e.find(f"{ATOM}title").text for e in entries(expedition)] == ["Sahara"]
        assert len(entries(mission)) == 5
        assert self.client.get("/feeds/expeditions/1/").status_code == 404
        assert self.client.get("/feeds/missions/nothing/").status_code == 404

    def test_french_feed(self):
        response = self.client.get("/fr/feeds/photos/")
        feed = ElementTree.fromstring(response.content)

        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
        assert "Paris et ses périphériques" in response.content.decode()


class SitemapAndRobotsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = make_catalogue()

    def test_sitemap_index_names_every_section(self):
        response = self.client.get("/sitemap.xml")
        locations = [e.text for e in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")]

        for section in ("pages", "photos", "astronauts", "missions", "expeditions", "subjects"):
            assert f"http://testserver/sitemap-{section}.xml" in locations

    def test_photo_sitemap_lists_public_photos_in_both_languages(self):
        response = self.client.get("/sitemap-photos.xml")
        locations = {e.text for e in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")}

        assert "http://testserver/photos/ISS065-E-394522/" in locations
        assert "http://testserver/fr/photos/ISS065-E-394522/" in locations
        assert len(locations) == 12
        for hidden in ("ISS065-E-999", "ISS065-E-777", f"/{self.c.draft.pk}/"):
            assert hidden not in response.content.decode()
        assert 'hreflang="x-default"' in response.content.decode()

    def test_photo_sections_say_what_djangos_sitemap_view_would(self):
        expected = sitemap_views.sitemap(
            RequestFactory().get("/sitemap-photos.xml"), sitemaps=sitemaps, section="photos"
        ).render()
        response = self.client.get("/sitemap-photos.xml")

        def urls(content: bytes) -> list[bytes]:
            return [ElementTree.tostring(url) for url in ElementTree.fromstring(content)]

        assert len(urls(response.content)) == 12
        assert urls(response.content) == urls(expected.content)
        for header in ("Content-Type", "Last-Modified", "X-Robots-Tag"):
            assert response[header] == expected[header], header

    def test_photo_sections_are_ranges_of_ids_each_read_in_one_query(self):
        public = sorted(photo.pk for photo in Photo.objects.public())
        with mock.patch.object(PhotoSitemap, "PHOTOS_PER_SECTION", 3):
            index = self.client.get("/sitemap.xml")
            sections = [
                loc.text
                for loc in ElementTree.fromstring(index.content).iter(f"{SITEMAP}loc")
                if "sitemap-photos" in loc.text
            ]
            listed = []
            for number in range(1, len(sections) + 1):
                with self.assertNumQueries(1):
                    response = self.client.get(f"/sitemap-photos.xml?p={number}")
                root = ElementTree.fromstring(response.content)
                pks = {
                    Photo.objects.get(nasa_id=loc.text.rstrip("/").rsplit("/", 1)[1]).pk
                    if "ISS" in loc.text
                    else int(loc.text.rstrip("/").rsplit("/", 1)[1])
                    for loc in root.iter(f"{SITEMAP}loc")
                }
                assert all((number - 1) * 3 < pk <= number * 3 for pk in pks)
                listed += sorted(pks)
            assert self.client.get("/sitemap-photos.xml?p=x").status_code == 404
            assert self.client.get("/sitemap-photos.xml?p=0").status_code == 404

        assert len(sections) == -(-max(public) // 3)
        assert listed == public

    def test_robots_txt_points_at_the_sitemap(self):
        response = self.client.get("/robots.txt")

        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
        assert "Disallow: /admin/" in response.content.decode()
