"""The ModelAdmins: who may do what, the photo and rendition lists, the date hierarchy."""

import html
import re
from unittest import mock

from django.contrib.auth.models import User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gallery.admin import PhotoAdmin
from gallery.models import Photo
from tests.factories import (
    make_astronaut,
    make_curator,
    make_expedition,
    make_photo,
    make_rendition,
    make_subject,
    utc,
)

CHANGELIST = reverse("admin:gallery_photo_changelist")
ADD = reverse("admin:gallery_photo_add")


class CuratorPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()
        cls.photo = make_photo()

    def setUp(self):
        self.client.force_login(self.curator)

    def test_curator_can_view_add_and_change_photos(self):
        assert self.client.get(CHANGELIST).status_code == 200
        assert self.client.get(ADD).status_code == 200
        change = reverse("admin:gallery_photo_change", args=[self.photo.pk])
        assert self.client.get(change).status_code == 200

    def test_curator_cannot_delete_photos(self):
        delete = reverse("admin:gallery_photo_delete", args=[self.photo.pk])

        assert self.client.get(delete).status_code == 403
        assert self.client.post(delete, {"post": "yes"}).status_code == 403
        assert Photo.objects.filter(pk=self.photo.pk).exists()

    def test_curator_is_not_offered_bulk_delete(self):
        response = self.client.get(CHANGELIST)

        actions = [choice[0] for choice in response.context["action_form"].fields["action"].choices]
        assert "delete_selected" not in actions
        assert "publish" in actions

    def test_bulk_delete_posted_by_a_curator_deletes_nothing(self):
        self.client.post(
            CHANGELIST,
            {"action": "delete_selected", "_selected_action": [self.photo.pk], "post": "yes"},
        )

        assert Photo.objects.filter(pk=self.photo.pk).exists()

    def test_superuser_can_delete_photos(self):
        admin = User.objects.create_superuser("root", password="a-long-admin-password")
        self.client.force_login(admin)
        delete = reverse("admin:gallery_photo_delete", args=[self.photo.pk])

        response = self.client.post(delete, {"post": "yes"})

        assert response.status_code == 302
        assert not Photo.objects.filter(pk=self.photo.pk).exists()

    def test_anonymous_visitors_are_sent_to_log_in(self):
        self.client.logout()

        response = self.client.get(CHANGELIST)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


class ChangelistTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()
        expedition, astronaut = make_expedition(65), make_astronaut("Thomas Pesquet")
        for _ in range(12):
            photo = make_photo(expedition=expedition, photographer=astronaut)
            make_rendition(photo, 320)

    def setUp(self):
        self.client.force_login(self.curator)

    def queries_for_page_size(self, size: int) -> int:
        with (
            mock.patch.object(PhotoAdmin, "list_per_page", size),
            CaptureQueriesContext(connection) as queries,
        ):
            response = self.client.get(CHANGELIST)
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == size
        return len(queries)

    def test_changelist_queries_do_not_grow_with_page_size(self):
        assert self.queries_for_page_size(2) == self.queries_for_page_size(12)

    def test_search_finds_a_photo_by_either_spelling_of_its_nasa_id(self):
        photo = make_photo(nasa_id="ISS065-E-394522")

        response = self.client.get(CHANGELIST, {"q": "iss065e394522"})

        assert list(response.context["cl"].result_list) == [photo]

    def test_filters_by_expedition_photographer_status_and_subject(self):
        subject = make_subject("Aurora")
        tagged = make_photo(subjects=[subject], status=Photo.Status.PUBLISHED)

        response = self.client.get(
            CHANGELIST, {"subjects__id__exact": subject.pk, "status__exact": "published"}
        )

        assert list(response.context["cl"].result_list) == [tagged]

    def test_search_words_go_through_the_full_text_index_over_every_status(self):
        draft = make_photo(title="Glacier calving", status=Photo.Status.DRAFT)

        response = self.client.get(CHANGELIST, {"q": "glaciers"})

        assert list(response.context["cl"].result_list) == [draft]

    def test_past_the_count_limit_the_list_says_more_than_or_about(self):
        with self.settings(GALLERY_COUNT_LIMIT=5):
            response = self.client.get(CHANGELIST)

        count = response.context["cl"].paginator.result_count
        assert not count.exact
        expected = f"About {count.value} photos" if count.estimated else "More than 5 photos"
        self.assertContains(response, expected)

    def test_no_facet_counts_even_when_asked(self):
        response = self.client.get(CHANGELIST, {"_facets": "True"})

        assert response.status_code == 200
        assert not response.context["cl"].add_facets


class RenditionChangelistTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.photo = make_photo(nasa_id="ISS065-E-394522")
        cls.small, cls.large = make_rendition(cls.photo, 320), make_rendition(cls.photo, 640)
        cls.other = make_rendition(make_photo(), 640)
        cls.superuser = User.objects.create_superuser("root", password="a-long-root-password")

    def setUp(self):
        self.client.force_login(self.superuser)

    def test_renditions_filter_by_configured_width_and_search_by_nasa_id(self):
        url = reverse("admin:gallery_rendition_changelist")

        by_width = self.client.get(url, {"width": "640"}).context["cl"].result_list
        by_photo = self.client.get(url, {"q": "iss065e394522"}).context["cl"].result_list

        assert set(by_width) == {self.large, self.other}
        assert set(by_photo) == {self.small, self.large}
        assert self.client.get(url, {"width": "wide"}).status_code == 302


class DateHierarchyTests(TestCase):
    """Years, then months, then days, offered where photos were taken, at any catalogue size."""

    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()
        cls.expedition = make_expedition(65)
        make_photo(taken_at=utc(2016, 12, 14))
        for month, day in ((5, 3), (5, 3), (5, 20), (7, 1)):
            make_photo(taken_at=utc(2021, month, day), expedition=cls.expedition)
        make_photo()  # undated

    def setUp(self):
        self.client.force_login(self.curator)

    def offered(self, params=None, *, counted=True) -> tuple[list[str], list[str]]:
        """The hierarchy's links and titles, for a list counted exactly or too long to count."""
        with self.settings(GALLERY_COUNT_LIMIT=100 if counted else 1):
            response = self.client.get(CHANGELIST, params or {})
        assert response.status_code == 200
        nav = re.search(r'<nav class="toplinks".*?</nav>', response.content.decode(), re.S)
        if not nav:
            return [], []
        links = re.findall(r'href="\?([^"]*)"', nav.group())
        titles = [
            " ".join(
                html.unescape(title)
                .removeprefix("\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}")
                .split()
            )
            for title in re.findall(r">([^<>]+)</a>", nav.group())
        ]
        return [link.replace("&amp;", "&") for link in links], titles

    def test_the_years_that_hold_photos_from_the_list_or_the_date_index(self):
        for counted in (True, False):
            with self.subTest(counted=counted):
                links, titles = self.offered(counted=counted)
                assert links == ["taken_at__year=2016", "taken_at__year=2021"]
                assert titles == ["2016", "2021"]

    def test_a_year_offers_its_months_and_narrows_the_list(self):
        for counted in (True, False):
            with self.subTest(counted=counted):
                links, titles = self.offered({"taken_at__year": "2021"}, counted=counted)
                assert titles == ["All dates", "May 2021", "July 2021"]
                assert links[1:] == [
                    "taken_at__month=5&taken_at__year=2021",
                    "taken_at__month=7&taken_at__year=2021",
                ]
        response = self.client.get(CHANGELIST, {"taken_at__year": "2021"})
        assert len(response.context["cl"].result_list) == 4

    def test_a_month_offers_its_days_and_a_day_shows_itself(self):
        for counted in (True, False):
            with self.subTest(counted=counted):
                params = {"taken_at__year": "2021", "taken_at__month": "5"}
                _links, titles = self.offered(params, counted=counted)
                assert titles == ["2021", "May 3", "May 20"]
        response = self.client.get(CHANGELIST, {**params, "taken_at__day": "3"})
        assert len(response.context["cl"].result_list) == 2
        self.assertContains(response, "May 2021</a>")

    def test_a_short_filtered_list_offers_only_its_own_years(self):
        links, _titles = self.offered({"expedition__id__exact": self.expedition.pk})
        assert links == [f"expedition__id__exact={self.expedition.pk}&taken_at__year=2021"]

    def test_a_long_list_finds_its_dates_by_one_index_probe_each(self):
        with (
            self.settings(GALLERY_COUNT_LIMIT=1),
            CaptureQueriesContext(connection) as queries,
        ):
            self.client.get(CHANGELIST)
        dated = [q["sql"] for q in queries if '"gallery_photo"."taken_at" IS NOT NULL' in q["sql"]]
        # One probe finds 2016, one 2021, and one finds nothing after 2021.
        assert len(dated) == 3
        for sql in dated:
            assert re.search(r'ORDER BY (1|"gallery_photo"."taken_at") ASC LIMIT 1$', sql), sql

    def test_dates_that_are_not_dates_are_refused_without_an_error(self):
        for params in (
            {"taken_at__year": "20x1"},
            {"taken_at__year": "9999"},
            {"taken_at__year": "2021", "taken_at__month": "13"},
            {"taken_at__year": "2021", "taken_at__month": "2", "taken_at__day": "30"},
            {"taken_at__year": "99999999999999999999"},
        ):
            with self.subTest(params=params):
                response = self.client.get(CHANGELIST, params)
                assert response.status_code == 302
                assert response["Location"].endswith("?e=1")
