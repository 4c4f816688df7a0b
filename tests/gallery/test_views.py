import re

import pytest
from django.test import TestCase, override_settings

from astrophoto.pagination import ResultCount
from astrophoto.templatetags.site import roughly
from tests.factories import (
    make_astronaut,
    make_catalogue,
    make_published_photo,
    make_renditions,
    make_subject,
    utc,
)


def titles(response) -> list[str]:
    return [photo.title for photo in response.context["page"]]


class CatalogueTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = make_catalogue()

    def assert_constant(self, url: str, queries: int):
        """Assert that `url` runs `queries` SQL queries at two page sizes."""
        for page_size in (2, 12):
            with (
                self.subTest(url=url, page_size=page_size),
                override_settings(GALLERY_PAGE_SIZE=page_size, LIST_PAGE_SIZE=page_size),
                self.assertNumQueries(queries),
            ):
                assert self.client.get(url).status_code == 200


class GalleryListTests(CatalogueTestCase):
    def test_gallery_lists_only_published_photos_with_an_image(self):
        response = self.client.get("/photos/")

        assert response.status_code == 200
        listed = titles(response)
        assert "Paris at night" in listed
        for hidden in (
            "Draft view of Lyon",
            "Withdrawn view of Lyon",
            "Lyon entry without an image",
        ):
            assert hidden not in listed
        assert response.context["count"].value == 6
        assert b"Lyon" not in response.content

    def test_default_order_is_newest_taken_first_with_undated_photos_last(self):
        response = self.client.get("/photos/")

        assert titles(response) == [
            "Sahara",
            "Tokyo at night",
            "London at night",
            "Aurora over Canada",
            "Paris at night",
            "Undated view",
        ]

    def test_sort_taken_lists_oldest_first_and_added_lists_newest_additions_first(self):
        oldest_first = titles(self.client.get("/photos/?sort=taken"))
        added = titles(self.client.get("/photos/?sort=added"))

        assert oldest_first[:2] == ["Paris at night", "Aurora over Canada"]
        assert oldest_first[-1] == "Undated view"
        assert added[0] == "Sahara" and added[-1] == "Paris at night"

    def test_expedition_filter_and_repeated_expeditions_mean_any_of(self):
        only_66 = titles(self.client.get("/photos/?expedition=66"))
        both = titles(self.client.get("/photos/?expedition=65&expedition=66"))

        assert only_66 == ["Sahara"]
        assert len(both) == 6

    def test_mission_and_astronaut_filters(self):
        assert "Sahara" not in titles(self.client.get("/photos/?astronaut=thomas-pesquet"))
        assert titles(self.client.get("/photos/?astronaut=megan-mcarthur")) == ["Sahara"]
        assert len(titles(self.client.get("/photos/?mission=alpha"))) == 5

    def test_spacecraft_filter(self):
        assert titles(self.client.get("/photos/?spacecraft=crew-dragon-endeavour")) == [
            "Aurora over Canada"
        ]

    def test_subject_includes_the_subjects_below_it(self):
        earth = titles(self.client.get("/photos/?subject=earth"))
        cities = titles(self.client.get("/photos/?subject=cities-at-night"))
        either = titles(self.client.get("/photos/?subject=cities-at-night&subject=aurora"))

        assert earth == [
            "Tokyo at night",
            "London at night",
            "Aurora over Canada",
            "Paris at night",
        ]
        assert cities == ["Tokyo at night", "London at night", "Paris at night"]
        assert either == earth

    def test_date_range_is_inclusive_of_both_days(self):
        response = self.client.get("/photos/?taken_after=2021-05-03&taken_before=2021-05-20")

        assert titles(response) == ["London at night", "Aurora over Canada", "Paris at night"]

    def test_a_date_range_open_at_its_start_leaves_undated_photos_out(self):
        before = titles(self.client.get("/photos/?taken_before=2021-12-31"))

        assert "Undated view" not in before
        assert len(before) == 5

    def test_undated_photos_match_no_date_filter_even_at_the_ends_of_the_calendar(self):
        dated = titles(self.client.get("/photos/?sort=taken"))[:-1]
        for query in (
            "taken_after=0001-01-01",
            "taken_before=9999-12-31",
            "taken_after=0001-01-01&taken_before=9999-12-31",
        ):
            with self.subTest(query=query):
                response = self.client.get(f"/photos/?{query}&sort=taken")
                assert response.status_code == 200
                assert titles(response) == dated
                assert "Undated view" not in titles(response)

    def test_year_filter(self):
        assert titles(self.client.get("/photos/?year=2021&expedition=66")) == ["Sahara"]
        assert titles(self.client.get("/photos/?year=2020")) == []

    def test_camera_filter_ignores_case(self):
        assert titles(self.client.get("/photos/?camera=nikon+d5")) == [
            "London at night",
            "Paris at night",
        ]

    def test_option_lists_mark_the_chosen_values_and_escape_names(self):
        make_astronaut('Ada "<b>" Lovelace')
        page = self.client.get(
            "/photos/?astronaut=megan-mcarthur&expedition=65&expedition=66"
        ).content.decode()

        assert '<option value="megan-mcarthur" selected>Megan McArthur</option>' in page
        assert '<option value="thomas-pesquet">Thomas Pesquet</option>' in page
        assert '<option value="">Anyone</option>' in page
        assert '<option value="65" selected>' in page and '<option value="66" selected>' in page
        assert "Ada &quot;&lt;b&gt;&quot; Lovelace" in page

    def test_has_location_filter(self):
        assert titles(self.client.get("/photos/?has_location=true")) == ["Paris at night"]
        assert "Paris at night" not in titles(self.client.get("/photos/?has_location=false"))

    def test_the_done_when_scenario_expedition_65_in_may_2021_of_cities_at_night(self):
        query = (
            "?expedition=65&taken_after=2021-05-01&taken_before=2021-05-31&subject=cities-at-night"
        )
        response = self.client.get("/photos/" + query)
        french = self.client.get("/fr/photos/" + query)

        assert titles(response) == ["London at night", "Paris at night"]
        assert titles(french) == ["London at night", "Paris at night"]
        page = french.content.decode()
        assert '<html lang="fr">' in page
        assert "Villes de nuit" in page  # the subject filter, named in French
        assert "2 photos" in page

    def test_active_filters_are_listed_each_with_a_link_that_removes_it(self):
        response = self.client.get(
            "/photos/?expedition=65&expedition=66&subject=aurora&taken_after=2021-05-01"
        )

        active = {
            (f["name"], f["value"]): f["remove_query"] for f in response.context["active_filters"]
        }
        assert active[("expedition", "Expedition 65")] == (
            "expedition=66&subject=aurora&taken_after=2021-05-01"
        )
        assert active[("subject", "Aurora")] == "expedition=65&expedition=66&taken_after=2021-05-01"
        assert ("taken_after", "May 1, 2021") in active
        self.assertContains(response, 'href="/photos/?expedition=66&amp;subject=aurora')

    def test_cards_link_to_photos_with_the_list_they_came_from(self):
        response = self.client.get("/photos/?expedition=65&sort=taken")

        self.assertContains(
            response, 'href="/photos/ISS065-E-394522/?expedition=65&amp;sort=taken"'
        )

    def test_unknown_parameters_are_ignored(self):
        response = self.client.get("/photos/?utm_source=newsletter&fbclid=x")

        assert response.status_code == 200
        assert response.context["count"].value == 6

    @override_settings(GALLERY_COUNT_LIMIT=3, GALLERY_PAGE_SIZE=2)
    def test_count_past_the_limit_reads_as_more_than_or_as_an_estimate(self):
        response = self.client.get("/photos/")

        count = response.context["count"]
        assert not count.exact
        if count.estimated:  # PostgreSQL's planner expected more than the limit
            self.assertContains(response, f"About {roughly(count.value):,} photos")
        else:
            self.assertContains(response, "More than 3 photos")

    @override_settings(GALLERY_COUNT_LIMIT=3)
    def test_a_list_that_fits_on_its_first_page_is_counted_exactly_past_the_limit(self):
        response = self.client.get("/photos/")

        assert response.context["count"] == ResultCount(6, exact=True)
        self.assertContains(response, "6 photos")

    def test_every_filter_field_has_a_label(self):
        response = self.client.get("/photos/")
        page = response.content.decode()

        for field in response.context["form"]:
            assert f'<label for="{field.id_for_label}"' in page, field.name


class GalleryPaginationTests(CatalogueTestCase):
    @override_settings(GALLERY_PAGE_SIZE=2)
    def test_next_and_previous_links_walk_the_whole_list(self):
        response = self.client.get("/photos/?expedition=65")
        seen = [titles(response)]
        while response.context["page"].has_next:
            next_url = re.search(r'<link rel="next" href="([^"]+)"', response.content.decode())[1]
            response = self.client.get("/photos/" + next_url.replace("&amp;", "&"))
            seen.append(titles(response))

        assert seen == [
            ["Tokyo at night", "London at night"],
            ["Aurora over Canada", "Paris at night"],
            ["Undated view"],
        ]
        self.assertContains(response, 'rel="prev"')
        self.assertNotContains(response, 'rel="next"')

    def test_absurd_or_repeated_cursors_answer_400_with_a_way_back(self):
        for query in ("cursor=garbage", "cursor=" + "A" * 5000, "cursor=a&cursor=b"):
            with self.subTest(query=query[:30]):
                response = self.client.get(f"/photos/?expedition=65&{query}")
                assert response.status_code == 400
                self.assertContains(response, "damaged or out of date", status_code=400)
                self.assertContains(response, "first page", status_code=400)


BAD_QUERIES = [
    ("taken_after=2021-13-45", "taken_after"),
    ("taken_after=yesterday", "taken_after"),
    ("taken_before=2021-05-01%00", "taken_before"),
    ("taken_after=2021-06-01&taken_before=2021-05-01", "taken_before"),
    ("expedition=abc", "expedition"),
    ("expedition=99999999999999999999", "expedition"),
    ("expedition=999", "expedition"),
    ("expedition=" + "&expedition=".join(str(n) for n in range(21)), "expedition"),
    ("mission=no-such-mission", "mission"),
    ("spacecraft=soyuz-ms-99", "spacecraft"),
    ("mission=%00", "mission"),
    ("astronaut=" + "a" * 5000, "astronaut"),
    ("astronaut=th%C3%B6mas", "astronaut"),
    ("subject=no-such-subject", "subject"),
    ("subject=earth%00", "subject"),
    ("year=abc", "year"),
    ("year=99999", "year"),
    ("year=2021&year=2022", "year"),
    ("q=" + "x" * 201, "q"),
    ("q=paris%00", "q"),
    ("camera=%00", "camera"),
    ("has_location=maybe", "has_location"),
    ("sort=random", "sort"),
    ("sort=taken&sort=added", "sort"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "field"), BAD_QUERIES)
def test_bad_query_strings_answer_400_with_the_error_shown(client, query, field):
    make_catalogue()

    response = client.get(f"/photos/?{query}")

    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert "Some filters could not be read" in page
    assert f'href="#id_{field}"' in page
    assert 'aria-invalid="true"' in page


class PhotoDetailTests(CatalogueTestCase):
    def test_photo_page_by_nasa_id(self):
        response = self.client.get("/photos/ISS065-E-394522/")

        assert response.status_code == 200
        self.assertContains(response, "<h1>Paris at night</h1>", html=True)
        self.assertContains(response, "Paris and its ring roads glow at night.")

    def test_other_spellings_and_the_id_redirect_to_the_canonical_address(self):
        for key in ("iss065e394522", "ISS65-E-394522", str(self.c.paris.pk)):
            with self.subTest(key=key):
                response = self.client.get(f"/photos/{key}/?expedition=65")
                assert response.status_code == 301
                assert response["Location"] == "/photos/ISS065-E-394522/?expedition=65"

    def test_photo_without_nasa_id_is_found_by_id(self):
        response = self.client.get(f"/photos/{self.c.june.pk}/")

        assert response.status_code == 200
        self.assertContains(response, "Tokyo at night")

    def test_hidden_and_unknown_photos_are_404_with_a_helpful_page(self):
        keys = [
            "ISS065-E-999",  # withdrawn
            "ISS065-E-777",  # no image
            str(self.c.draft.pk),
            "ISS099-E-1",
            "not-a-photo",
            "99999999999999999999999",
        ]
        for key in keys:
            with self.subTest(key=key):
                response = self.client.get(f"/photos/{key}/")
                assert response.status_code == 404
                self.assertContains(response, "This page is not in the catalogue", status_code=404)
                self.assertContains(response, 'role="search"', status_code=404)

    def test_credit_licence_and_links_to_the_catalogue(self):
        response = self.client.get("/photos/ISS065-E-394522/")

        self.assertContains(response, "Credit: ESA/NASA-T. Pesquet")
        self.assertContains(
            response,
            '<a href="https://creativecommons.org/licenses/by-sa/3.0/igo/" rel="license">'
            "CC BY-SA 3.0 IGO</a>",
        )
        for url in ("/astronauts/thomas-pesquet/", "/missions/alpha/", "/expeditions/65/"):
            self.assertContains(response, f'href="{url}"')
        self.assertContains(response, 'href="/subjects/cities-at-night/"')
        self.assertContains(response, "48.8566° N, 2.3522° E")
        self.assertContains(response, "1/250 s")
        self.assertContains(response, "NIKON D5")

    def test_responsive_picture_and_downloads_for_each_size(self):
        response = self.client.get("/photos/ISS065-E-394522/")
        page = response.content.decode()

        assert '<source type="image/webp" srcset="' in page
        for rendition in self.c.paris.renditions.all():
            assert f"{rendition.file.url} {rendition.pixel_width}w" in page
            assert f'href="{rendition.file.url}" download' in page
        assert f'href="{self.c.paris.image.url}" download' in page
        assert 'width="1280" height="960"' in page
        assert 'loading="eager"' in page

    def test_open_graph_twitter_and_canonical_tags(self):
        response = self.client.get("/photos/ISS065-E-394522/?expedition=65")
        image = self.c.paris.rendition_near(1280)

        self.assertContains(
            response, '<link rel="canonical" href="http://testserver/photos/ISS065-E-394522/">'
        )
        self.assertContains(
            response, f'<meta property="og:image" content="http://testserver{image.file.url}">'
        )
        self.assertContains(response, '<meta name="twitter:card" content="summary_large_image">')
        self.assertContains(
            response,
            '<meta property="og:image:alt" content="City lights of Paris seen from orbit">',
        )

    def test_french_page_shows_the_french_caption_and_alt_text(self):
        response = self.client.get("/fr/photos/ISS065-E-394522/")

        self.assertContains(response, "Paris et ses périphériques brillent dans la nuit.")
        self.assertContains(response, 'alt="Les lumières de Paris vues de l&#x27;orbite"')
        self.assertContains(response, "Villes de nuit")

    def test_english_fallback_is_marked_with_its_language(self):
        response = self.client.get("/fr/photos/ISS065-E-53301/")

        self.assertContains(
            response, '<p class="caption" lang="en">London and the Thames at night.'
        )

    def test_previous_and_next_follow_the_filtered_list(self):
        response = self.client.get("/photos/ISS065-E-394522/?expedition=65")

        assert response.context["previous"] == self.c.aurora_photo
        assert response.context["next"] == self.c.undated
        self.assertContains(
            response, 'href="/photos/ISS065-E-100001/?expedition=65" data-key="ArrowLeft"'
        )

        in_cities = self.client.get("/photos/ISS065-E-394522/?subject=cities-at-night")
        assert in_cities.context["previous"] == self.c.london
        assert in_cities.context["next"] is None

    def test_without_a_list_previous_and_next_follow_the_whole_gallery(self):
        response = self.client.get("/photos/ISS065-E-53301/")

        assert response.context["previous"] == self.c.june
        assert response.context["next"] == self.c.aurora_photo

    def test_photo_outside_the_list_it_claims_has_no_previous_or_next(self):
        response = self.client.get("/photos/ISS065-E-394522/?expedition=66")

        assert response.context["previous"] is None and response.context["next"] is None
        self.assertContains(response, "not in the list you came from")

    def test_bad_list_context_answers_400(self):
        response = self.client.get("/photos/ISS065-E-394522/?taken_after=soon")

        assert response.status_code == 400
        self.assertContains(response, "Taken on or after", status_code=400)
        self.assertContains(response, 'href="/photos/ISS065-E-394522/"', status_code=400)

    def test_spacecraft_links_to_its_photos(self):
        response = self.client.get("/photos/ISS065-E-100001/")

        self.assertContains(
            response,
            '<a href="/photos/?spacecraft=crew-dragon-endeavour">Crew Dragon Endeavour</a>',
        )

    def test_related_photos_share_a_subject(self):
        response = self.client.get("/photos/ISS065-E-394522/")

        related = list(response.context["related"])
        assert {photo.title for photo in related} == {"London at night", "Tokyo at night"}


class RelatedPhotoTests(TestCase):
    """Related photos are the subject's photos taken nearest the one shown, either side of it."""

    @classmethod
    def setUpTestData(cls):
        subject = make_subject("Aurora")
        cls.photos = [
            make_published_photo(
                title=f"Aurora {month}", taken_at=utc(2021, month, 1), subjects=[subject]
            )
            for month in range(1, 13)
        ]
        make_published_photo(title="Clouds", taken_at=utc(2021, 6, 2))

    def related_to(self, month: int) -> list[str]:
        photo = self.photos[month - 1]
        response = self.client.get(f"/photos/{photo.pk}/")
        return [photo.title for photo in response.context["related"]]

    def test_nearest_either_side_newest_first(self):
        assert self.related_to(6) == [
            "Aurora 9",
            "Aurora 8",
            "Aurora 7",
            "Aurora 5",
            "Aurora 4",
            "Aurora 3",
        ]

    def test_more_from_one_side_where_the_other_runs_short(self):
        assert self.related_to(12) == [f"Aurora {month}" for month in range(11, 5, -1)]
        assert self.related_to(2) == [f"Aurora {month}" for month in (7, 6, 5, 4, 3, 1)]


class HomeAndSubjectTests(CatalogueTestCase):
    def test_home_shows_featured_and_latest_photos_and_entry_points(self):
        response = self.client.get("/")

        assert [p.title for p in response.context["featured"]] == ["Paris at night"]
        assert "Draft view of Lyon" not in {p.title for p in response.context["latest"]}
        for url in (
            "/expeditions/65/",
            "/missions/alpha/",
            "/astronauts/thomas-pesquet/",
            "/subjects/earth/",
        ):
            self.assertContains(response, f'href="{url}"')

    def test_subject_list_shows_the_tree(self):
        response = self.client.get("/subjects/")

        self.assertContains(response, '<li class="depth-2"><a href="/subjects/cities-at-night/">')

    def test_subject_page_lists_photos_of_its_children(self):
        response = self.client.get("/subjects/earth-at-night/")

        assert titles(response) == ["Tokyo at night", "London at night", "Paris at night"]
        self.assertContains(response, 'href="/photos/?subject=earth-at-night"')

    def test_unknown_subject_is_404(self):
        assert self.client.get("/subjects/no-such-subject/").status_code == 404

    def test_subject_names_follow_the_language(self):
        response = self.client.get("/fr/subjects/aurora/")

        self.assertContains(response, "<h1>Aurore polaire</h1>", html=True)


class ConstantQueryTests(CatalogueTestCase):
    """Every page costs the same number of queries whatever its size."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for day in range(1, 15):
            photo = make_published_photo(
                title=f"Extra {day}",
                expedition=cls.c.e65,
                mission=cls.c.alpha,
                photographer=cls.c.pesquet,
                taken_at=utc(2021, 7, day),
                subjects=[cls.c.cities, cls.c.aurora],
            )
            make_renditions(photo, widths=(320, 640))

    def test_home(self):
        self.assert_constant("/", 8)

    def test_gallery_unfiltered(self):
        self.assert_constant("/photos/", 8)

    def test_gallery_with_every_filter(self):
        self.assert_constant(
            "/photos/?expedition=65&expedition=66&mission=alpha&astronaut=thomas-pesquet"
            "&spacecraft=crew-dragon-endeavour"
            "&subject=earth&subject=aurora&taken_after=2021-05-01&taken_before=2021-12-31"
            "&year=2021&q=night&camera=nikon&has_location=false&sort=taken",
            # Whether full text finds the words at all (else near misses are searched), and
            # the undated photos that close the oldest-first order after the dated ones; no
            # count, since the whole list (empty) is on the first page.
            14,
        )

    def test_photo_page(self):
        # Related photos are the nearest taken before it and after it: two queries.
        self.assert_constant("/photos/ISS065-E-394522/?expedition=65&subject=earth", 12)

    def test_subject_pages(self):
        self.assert_constant("/subjects/", 1)
        self.assert_constant("/subjects/earth/", 6)
