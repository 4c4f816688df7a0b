import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from missions.models import Astronaut, Expedition, ExpeditionCrew, Mission, MissionCrew
from tests.factories import make_astronaut, make_expedition, make_mission, utc


class ExpeditionTests(TestCase):
    def test_database_rejects_end_before_start(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Expedition.objects.create(
                number=65, start=datetime.date(2021, 4, 17), end=datetime.date(2021, 4, 16)
            )

    def test_ongoing_expedition_has_no_end(self):
        expedition = make_expedition(74, start=datetime.date(2025, 11, 9))

        assert expedition.is_ongoing

    def test_form_validation_puts_end_before_start_on_the_end_field(self):
        expedition = Expedition(
            number=65, start=datetime.date(2021, 4, 17), end=datetime.date(2021, 1, 1)
        )

        with pytest.raises(ValidationError) as error:
            expedition.full_clean()

        assert list(error.value.message_dict) == ["end"]

    def test_number_is_unique(self):
        make_expedition(50)

        with pytest.raises(IntegrityError), transaction.atomic():
            make_expedition(50)

    def test_containing_finds_the_expedition_of_a_moment(self):
        e65 = make_expedition(65, start=datetime.date(2021, 4, 17), end=datetime.date(2021, 10, 17))
        e66 = make_expedition(66, start=datetime.date(2021, 10, 17), end=datetime.date(2022, 3, 30))
        make_expedition(67, start=datetime.date(2022, 3, 30))

        assert list(Expedition.objects.containing(utc(2021, 5, 1, 23, 59))) == [e65]
        assert list(Expedition.objects.containing(datetime.date(2021, 10, 17))) == [e65, e66]
        assert [e.number for e in Expedition.objects.containing(utc(2026, 1, 1))] == [67]
        assert not Expedition.objects.containing(utc(1999, 1, 1)).exists()

    def test_an_astronaut_is_in_an_expedition_crew_once(self):
        expedition, astronaut = make_expedition(65), make_astronaut("Akihiko Hoshide")
        ExpeditionCrew.objects.create(
            expedition=expedition, astronaut=astronaut, role=ExpeditionCrew.Role.COMMANDER
        )

        with pytest.raises(IntegrityError), transaction.atomic():
            ExpeditionCrew.objects.create(expedition=expedition, astronaut=astronaut)

    def test_str_names_the_expedition(self):
        assert str(Expedition(number=65)) == "Expedition 65"


class MissionTests(TestCase):
    def test_database_rejects_landing_before_launch(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Mission.objects.create(
                name="Alpha", launch_at=utc(2021, 4, 23, 9, 49), landing_at=utc(2021, 4, 1)
            )

    def test_form_validation_puts_landing_before_launch_on_the_landing_field(self):
        mission = Mission(
            name="Alpha", slug="alpha", launch_at=utc(2021, 4, 23), landing_at=utc(2021, 4, 1)
        )

        with pytest.raises(ValidationError) as error:
            mission.full_clean()

        assert list(error.value.message_dict) == ["landing_at"]

    def test_mission_spans_expeditions_and_has_a_crew_with_roles(self):
        alpha = make_mission(
            "Alpha", launch_at=utc(2021, 4, 23, 9, 49), landing_at=utc(2021, 11, 9, 3, 33)
        )
        alpha.expeditions.set([make_expedition(65), make_expedition(66)])
        pesquet = make_astronaut("Thomas Pesquet")
        MissionCrew.objects.create(
            mission=alpha, astronaut=pesquet, role=MissionCrew.Role.MISSION_SPECIALIST
        )

        assert sorted(e.number for e in alpha.expeditions.all()) == [65, 66]
        assert list(pesquet.missions.all()) == [alpha]
        assert alpha.duration.days == 199

    def test_in_flight_at_finds_missions_between_launch_and_landing(self):
        alpha = make_mission("Alpha", launch_at=utc(2021, 4, 23), landing_at=utc(2021, 11, 9))
        ongoing = make_mission("Ongoing", launch_at=utc(2025, 8, 1))

        assert list(Mission.objects.in_flight_at(utc(2021, 6, 1))) == [alpha]
        assert list(Mission.objects.in_flight_at(utc(2026, 1, 1))) == [ongoing]
        assert not Mission.objects.in_flight_at(utc(2021, 11, 10)).exists()


class AstronautTests(TestCase):
    def test_slugs_are_made_unique(self):
        first = make_astronaut("Thomas Pesquet")
        second = make_astronaut("Thomas Pesquet")

        assert (first.slug, second.slug) == ("thomas-pesquet", "thomas-pesquet-2")

    def test_slug_of_a_name_in_another_script_is_never_empty(self):
        assert make_astronaut("Юрий Гагарин").slug

    def test_short_name_is_initial_and_family_name(self):
        assert Astronaut(name="Thomas Pesquet").short_name == "T. Pesquet"
        assert Astronaut(name="Megan McArthur").short_name == "M. McArthur"
        assert Astronaut(name="Cosmonaut").short_name == "Cosmonaut"
