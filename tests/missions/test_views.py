from django.test import override_settings

from tests.factories import make_astronaut, make_expedition, make_mission, make_published_photo
from tests.gallery.test_views import CatalogueTestCase, titles


class AstronautPageTests(CatalogueTestCase):
    def test_astronaut_page_shows_biography_agency_missions_expeditions_and_photos(self):
        response = self.client.get("/astronauts/thomas-pesquet/")

        assert response.status_code == 200
        self.assertContains(response, "French ESA astronaut, flew Proxima and Alpha.")
        self.assertContains(response, "European Space Agency (ESA)")
        self.assertContains(response, 'href="/missions/alpha/"')
        self.assertContains(response, 'href="/expeditions/65/"')
        assert "Sahara" not in titles(response)
        assert response.context["count"].value == 5
        self.assertContains(response, 'href="/photos/?astronaut=thomas-pesquet"')

    def test_biography_in_french_and_marked_fallback_to_english(self):
        french = self.client.get("/fr/astronauts/thomas-pesquet/")
        self.assertContains(french, "Astronaute français de l&#x27;ESA")

        make_astronaut("Jean Test", biography_en="Only in English.")
        fallback = self.client.get("/fr/astronauts/jean-test/")
        self.assertContains(fallback, '<div class="prose" lang="en"><p>Only in English.</p>')

    def test_photos_link_back_with_the_astronaut_as_their_list(self):
        response = self.client.get("/astronauts/thomas-pesquet/")

        self.assertContains(response, 'href="/photos/ISS065-E-394522/?astronaut=thomas-pesquet"')

    def test_astronaut_list_pages_by_name(self):
        with override_settings(LIST_PAGE_SIZE=1):
            first = self.client.get("/astronauts/")
        assert [a.name for a in first.context["page"]] == ["Megan McArthur"]
        self.assertContains(first, 'rel="next"')

    def test_unknown_astronaut_is_404(self):
        assert self.client.get("/astronauts/nobody/").status_code == 404


class MissionPageTests(CatalogueTestCase):
    def test_mission_page_shows_crew_spacecraft_dates_expeditions_and_photos(self):
        response = self.client.get("/missions/alpha/")

        self.assertContains(response, "Crew Dragon Endeavour")
        self.assertContains(response, 'href="/astronauts/thomas-pesquet/"')
        self.assertContains(response, "Mission specialist")
        self.assertContains(response, 'href="/expeditions/66/"')
        self.assertContains(response, "199 days")
        self.assertContains(response, 'href="/feeds/missions/alpha/"')
        assert response.context["count"].value == 5

    def test_mission_list_puts_missions_without_a_launch_date_last(self):
        make_mission("Future mission")
        response = self.client.get("/missions/")

        assert [m.name for m in response.context["page"]] == ["Alpha", "Future mission"]


class ExpeditionPageTests(CatalogueTestCase):
    def test_expedition_page_shows_dates_crew_with_roles_missions_and_photo_count(self):
        response = self.client.get("/expeditions/65/")

        self.assertContains(response, "April 17, 2021")
        self.assertContains(response, "Flight engineer")
        self.assertContains(response, 'href="/astronauts/megan-mcarthur/"')
        self.assertContains(response, 'href="/missions/alpha/"')
        self.assertContains(response, "5 photos")
        assert titles(response)[0] == "Tokyo at night"

    def test_ongoing_expedition_says_so(self):
        make_expedition(74, start=self.c.e66.end)
        self.assertContains(self.client.get("/expeditions/74/"), "ongoing")

    def test_unknown_or_absurd_expedition_numbers_are_404(self):
        for number in ("1", "99999", "99999999999999999999999"):
            with self.subTest(number=number):
                assert self.client.get(f"/expeditions/{number}/").status_code == 404

    def test_tampered_cursor_on_an_entity_page_is_a_400_page(self):
        response = self.client.get("/expeditions/65/?cursor=%00%00")

        assert response.status_code == 400
        self.assertContains(response, "damaged or out of date", status_code=400)
        self.assertContains(response, 'href="/expeditions/65/"', status_code=400)

    def test_a_damaged_cursor_is_shown_inside_every_listing_page_as_in_the_gallery(self):
        pages = [
            "/photos/?expedition=65",
            "/subjects/aurora/",
            "/expeditions/65/",
            "/missions/alpha/",
            "/astronauts/thomas-pesquet/",
            "/astronauts/",
            "/missions/",
            "/expeditions/",
        ]
        for page in pages:
            with self.subTest(page=page):
                response = self.client.get(f"{page}{'&' if '?' in page else '?'}cursor=garbage")
                assert response.status_code == 400
                # The page itself, its heading and navigation, with the error in place of
                # the list and a link to the list's first page.
                self.assertContains(response, '<main id="main"', status_code=400)
                self.assertContains(response, "damaged or out of date", status_code=400)
                self.assertContains(response, f'href="{page}"', status_code=400)
                self.assertNotContains(response, "This address could not be read", status_code=400)

    def test_french_expedition_page(self):
        response = self.client.get("/fr/expeditions/65/")

        self.assertContains(response, "Expédition 65")
        self.assertContains(response, "17 avril 2021")


class ConstantQueryTests(CatalogueTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(14):
            make_published_photo(
                title=f"Extra {n}",
                expedition=cls.c.e65,
                mission=cls.c.alpha,
                photographer=cls.c.pesquet,
            )
            make_astronaut(f"Extra Astronaut{n}")
            make_mission(f"Extra mission {n}")
            make_expedition(200 + n)

    def test_lists(self):
        self.assert_constant("/astronauts/", 2)
        self.assert_constant("/missions/", 2)
        self.assert_constant("/expeditions/", 2)

    def test_detail_pages(self):
        self.assert_constant("/astronauts/thomas-pesquet/", 6)
        self.assert_constant("/missions/alpha/", 6)
        self.assert_constant("/expeditions/65/", 6)
