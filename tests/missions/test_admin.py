from django.test import TestCase
from django.urls import reverse

from missions.models import Expedition, Mission
from tests.factories import make_astronaut, make_curator, make_expedition

CREW_INLINE = {"memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}


class CuratorCatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()
        cls.hoshide = make_astronaut("Akihiko Hoshide")
        cls.pesquet = make_astronaut("Thomas Pesquet")

    def setUp(self):
        self.client.force_login(self.curator)

    def test_curator_adds_an_expedition_with_its_crew(self):
        response = self.client.post(
            reverse("admin:missions_expedition_add"),
            {
                "number": "65",
                "station": "iss",
                "start": "2021-04-17",
                "end": "2021-10-17",
                "memberships-TOTAL_FORMS": "2",
                "memberships-INITIAL_FORMS": "0",
                "memberships-0-astronaut": self.hoshide.pk,
                "memberships-0-role": "commander",
                "memberships-1-astronaut": self.pesquet.pk,
                "memberships-1-role": "flight-engineer",
            },
        )

        assert response.status_code == 302
        expedition = Expedition.objects.get(number=65)
        assert dict(expedition.memberships.values_list("astronaut__name", "role")) == {
            "Akihiko Hoshide": "commander",
            "Thomas Pesquet": "flight-engineer",
        }

    def test_an_end_before_the_start_is_a_form_error_on_the_end(self):
        response = self.client.post(
            reverse("admin:missions_expedition_add"),
            {
                "number": "65",
                "station": "iss",
                "start": "2021-04-17",
                "end": "2021-04-01",
                **CREW_INLINE,
            },
        )

        assert response.status_code == 200
        form = response.context["adminform"].form
        assert form.errors["end"] == ["An expedition cannot end before it starts."]
        assert not Expedition.objects.exists()

    def test_curator_adds_a_mission_spanning_two_expeditions(self):
        e65, e66 = make_expedition(65), make_expedition(66)

        response = self.client.post(
            reverse("admin:missions_mission_add"),
            {
                "name": "Alpha",
                "slug": "alpha",
                "launch_at_0": "2021-04-23",
                "launch_at_1": "09:49:02",
                "landing_at_0": "2021-11-09",
                "landing_at_1": "03:33:00",
                "expeditions": [e65.pk, e66.pk],
                "memberships-TOTAL_FORMS": "1",
                "memberships-INITIAL_FORMS": "0",
                "memberships-0-astronaut": self.pesquet.pk,
                "memberships-0-role": "mission-specialist",
            },
        )

        assert response.status_code == 302, response.context["adminform"].form.errors
        alpha = Mission.objects.get(slug="alpha")
        assert set(alpha.expeditions.all()) == {e65, e66}
        assert list(alpha.crew.all()) == [self.pesquet]

    def test_a_landing_before_the_launch_is_a_form_error(self):
        response = self.client.post(
            reverse("admin:missions_mission_add"),
            {
                "name": "Alpha",
                "slug": "alpha",
                "launch_at_0": "2021-04-23",
                "launch_at_1": "09:49",
                "landing_at_0": "2021-04-01",
                "landing_at_1": "00:00",
                **CREW_INLINE,
            },
        )

        assert response.status_code == 200
        assert "landing_at" in response.context["adminform"].form.errors
        assert not Mission.objects.exists()

    def test_curator_cannot_delete_an_expedition(self):
        expedition = make_expedition(50)

        response = self.client.post(
            reverse("admin:missions_expedition_delete", args=[expedition.pk]), {"post": "yes"}
        )

        assert response.status_code == 403
        assert Expedition.objects.filter(pk=expedition.pk).exists()

    def test_searching_expeditions_by_a_word_does_not_fail(self):
        make_expedition(65)

        response = self.client.get(reverse("admin:missions_expedition_changelist"), {"q": "sixty"})

        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []


class AutocompleteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()
        for number in (66, 65, 64):
            make_expedition(number)

    def test_expedition_autocomplete_pages_through_expeditions_in_number_order(self):
        self.client.force_login(self.curator)
        response = self.client.get(
            reverse("admin:autocomplete"),
            {"app_label": "gallery", "model_name": "photo", "field_name": "expedition"},
        )

        assert response.status_code == 200
        assert [item["text"] for item in response.json()["results"]] == [
            "Expedition 64",
            "Expedition 65",
            "Expedition 66",
        ]
