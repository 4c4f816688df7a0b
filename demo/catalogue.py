"""
The demo catalogue's facts: the agencies, the people, flights and expeditions (Thomas Pesquet's
Proxima and Alpha missions, the flights that carried them, Soyuz MS-03 and SpaceX Crew-2, and ISS
Expeditions 50, 51, 65 and 66 with their crews; dates are UTC) and the subject hierarchy the demo
photos are filed under.
"""

import datetime

from django.db import transaction

from gallery.models import Subject
from missions.models import (
    Agency,
    Astronaut,
    Expedition,
    ExpeditionCrew,
    Mission,
    MissionCrew,
    Spacecraft,
)

UTC = datetime.UTC

AGENCIES = [
    ("NASA", "National Aeronautics and Space Administration", "US", "https://www.nasa.gov/"),
    ("ESA", "European Space Agency", "", "https://www.esa.int/"),
    ("JAXA", "Japan Aerospace Exploration Agency", "JP", "https://global.jaxa.jp/"),
    ("Roscosmos", "State Space Corporation Roscosmos", "RU", "https://www.roscosmos.ru/"),
    ("CSA", "Canadian Space Agency", "CA", "https://www.asc-csa.gc.ca/"),
]

# name, name in original script, agency, nationality, birth date, status (retired only where
# the retirement is on record; curators keep it current)
ASTRONAUTS = [
    ("Thomas Pesquet", "", "ESA", "FR", (1978, 2, 27), "active"),
    ("Oleg Novitskiy", "Олег Викторович Новицкий", "Roscosmos", "RU", (1971, 10, 12), "active"),
    ("Peggy Whitson", "", "NASA", "US", (1960, 2, 9), "retired"),
    ("Shane Kimbrough", "", "NASA", "US", (1967, 6, 4), "retired"),
    ("Sergey Ryzhikov", "Сергей Николаевич Рыжиков", "Roscosmos", "RU", (1974, 8, 19), "active"),
    ("Andrei Borisenko", "Андрей Иванович Борисенко", "Roscosmos", "RU", (1964, 4, 17), "active"),
    ("Fyodor Yurchikhin", "Фёдор Николаевич Юрчихин", "Roscosmos", "RU", (1959, 1, 3), "retired"),
    ("Jack Fischer", "", "NASA", "US", (1974, 1, 23), "active"),
    ("Megan McArthur", "", "NASA", "US", (1971, 8, 30), "active"),
    ("Akihiko Hoshide", "星出彰彦", "JAXA", "JP", (1968, 12, 28), "active"),
    ("Shannon Walker", "", "NASA", "US", (1965, 6, 4), "active"),
    ("Michael Hopkins", "", "NASA", "US", (1968, 12, 28), "active"),
    ("Victor Glover", "", "NASA", "US", (1976, 4, 30), "active"),
    ("Soichi Noguchi", "野口聡一", "JAXA", "JP", (1965, 4, 15), "retired"),
    ("Pyotr Dubrov", "Пётр Валерьевич Дубров", "Roscosmos", "RU", (1978, 1, 30), "active"),
    ("Mark Vande Hei", "", "NASA", "US", (1966, 11, 10), "active"),
    ("Anton Shkaplerov", "Антон Николаевич Шкаплеров", "Roscosmos", "RU", (1972, 2, 20), "active"),
    ("Raja Chari", "", "NASA", "US", (1977, 6, 24), "active"),
    ("Thomas Marshburn", "", "NASA", "US", (1960, 8, 29), "active"),
    ("Kayla Barron", "", "NASA", "US", (1987, 9, 19), "active"),
    ("Matthias Maurer", "", "ESA", "DE", (1970, 3, 18), "active"),
]

BIOGRAPHIES = {
    "Thomas Pesquet": (
        "French engineer and former airline pilot, selected by ESA in 2009. He flew to the "
        "International Space Station twice: the Proxima mission on Soyuz MS-03 (2016–2017) and "
        "the Alpha mission on SpaceX Crew-2 (2021), when he became the first French commander "
        "of the station. He is one of the most prolific photographers of Earth from orbit.",
        "Ingénieur et ancien pilote de ligne français, sélectionné par l'ESA en 2009. Il a volé "
        "deux fois vers la Station spatiale internationale : la mission Proxima à bord de Soyouz "
        "MS-03 (2016-2017) et la mission Alpha à bord de SpaceX Crew-2 (2021), au cours de "
        "laquelle il est devenu le premier commandant français de la station. Il est l'un des "
        "photographes de la Terre les plus prolifiques en orbite.",
    ),
    "Akihiko Hoshide": (
        "JAXA astronaut and engineer. After a Space Shuttle flight in 2008 and Expedition 32/33 "
        "in 2012, he flew on SpaceX Crew-2 in 2021 and commanded Expedition 65.",
        "Astronaute et ingénieur de la JAXA. Après un vol de navette spatiale en 2008 et les "
        "expéditions 32/33 en 2012, il a volé sur SpaceX Crew-2 en 2021 et commandé "
        "l'expédition 65.",
    ),
    "Shane Kimbrough": (
        "NASA astronaut and retired US Army colonel. He commanded Expedition 50 and, in 2021, "
        "the SpaceX Crew-2 flight.",
        "Astronaute de la NASA et colonel de l'US Army à la retraite. Il a commandé "
        "l'expédition 50 puis, en 2021, le vol SpaceX Crew-2.",
    ),
    "Megan McArthur": (
        "NASA astronaut and oceanographer. She flew on the last Hubble servicing mission in 2009 "
        "and piloted SpaceX Crew-2 in 2021.",
        "Astronaute de la NASA et océanographe. Elle a participé à la dernière mission de "
        "maintenance de Hubble en 2009 et a piloté SpaceX Crew-2 en 2021.",
    ),
    "Peggy Whitson": (
        "NASA biochemist and astronaut, the first woman to command the International Space "
        "Station (Expedition 16) and commander of Expedition 51.",
        "Biochimiste et astronaute de la NASA, première femme à commander la Station spatiale "
        "internationale (expédition 16), puis commandante de l'expédition 51.",
    ),
    "Oleg Novitskiy": (
        "Roscosmos cosmonaut and former air force pilot. He commanded Soyuz MS-03, which carried "
        "Thomas Pesquet and Peggy Whitson to the station in 2016.",
        "Cosmonaute de Roscosmos et ancien pilote de l'armée de l'air. Il a commandé le vaisseau "
        "Soyouz MS-03 qui a emmené Thomas Pesquet et Peggy Whitson vers la station en 2016.",
    ),
}

# name, family, serial
SPACECRAFT = [
    ("Soyuz MS-03", "Soyuz MS", "MS-03"),
    ("Crew Dragon Endeavour", "Crew Dragon", "C206"),
]

# number, start, end, [(astronaut, role)]; "commander" marks who held command during it.
EXPEDITIONS = [
    (
        50,
        (2016, 10, 30),
        (2017, 4, 10),
        [
            ("Shane Kimbrough", "commander"),
            ("Sergey Ryzhikov", "flight-engineer"),
            ("Andrei Borisenko", "flight-engineer"),
            ("Oleg Novitskiy", "flight-engineer"),
            ("Thomas Pesquet", "flight-engineer"),
            ("Peggy Whitson", "flight-engineer"),
        ],
    ),
    (
        51,
        (2017, 4, 10),
        (2017, 6, 2),
        [
            ("Peggy Whitson", "commander"),
            ("Oleg Novitskiy", "flight-engineer"),
            ("Thomas Pesquet", "flight-engineer"),
            ("Fyodor Yurchikhin", "flight-engineer"),
            ("Jack Fischer", "flight-engineer"),
        ],
    ),
    (
        65,
        (2021, 4, 17),
        (2021, 10, 17),
        [
            ("Shannon Walker", "commander"),
            ("Akihiko Hoshide", "commander"),
            ("Thomas Pesquet", "commander"),
            ("Michael Hopkins", "flight-engineer"),
            ("Victor Glover", "flight-engineer"),
            ("Soichi Noguchi", "flight-engineer"),
            ("Oleg Novitskiy", "flight-engineer"),
            ("Pyotr Dubrov", "flight-engineer"),
            ("Mark Vande Hei", "flight-engineer"),
            ("Shane Kimbrough", "flight-engineer"),
            ("Megan McArthur", "flight-engineer"),
        ],
    ),
    (
        66,
        (2021, 10, 17),
        (2022, 3, 30),
        [
            ("Thomas Pesquet", "commander"),
            ("Anton Shkaplerov", "commander"),
            ("Pyotr Dubrov", "flight-engineer"),
            ("Mark Vande Hei", "flight-engineer"),
            ("Shane Kimbrough", "flight-engineer"),
            ("Megan McArthur", "flight-engineer"),
            ("Akihiko Hoshide", "flight-engineer"),
            ("Raja Chari", "flight-engineer"),
            ("Thomas Marshburn", "flight-engineer"),
            ("Kayla Barron", "flight-engineer"),
            ("Matthias Maurer", "flight-engineer"),
        ],
    ),
]

# name, agency, launch, landing, launch and return spacecraft, expeditions, crew, descriptions
MISSIONS = [
    {
        "name": "Proxima",
        "agency": "ESA",
        "launch_at": datetime.datetime(2016, 11, 17, 20, 20, 13, tzinfo=UTC),
        "landing_at": datetime.datetime(2017, 6, 2, 14, 10, 5, tzinfo=UTC),
        "spacecraft": ("Soyuz MS-03", "Soyuz MS-03"),
        "expeditions": [50, 51],
        "crew": [("Thomas Pesquet", "flight-engineer")],
        "description_en": (
            "Thomas Pesquet's first mission, named after the star nearest the Sun: 196 days on "
            "the International Space Station during Expeditions 50 and 51, with two spacewalks "
            "and around fifty experiments."
        ),
        "description_fr": (
            "Première mission de Thomas Pesquet, nommée d'après l'étoile la plus proche du "
            "Soleil : 196 jours à bord de la Station spatiale internationale pendant les "
            "expéditions 50 et 51, avec deux sorties extravéhiculaires et une cinquantaine "
            "d'expériences."
        ),
    },
    {
        "name": "Soyuz MS-03",
        "agency": "Roscosmos",
        "launch_at": datetime.datetime(2016, 11, 17, 20, 20, 13, tzinfo=UTC),
        "landing_at": datetime.datetime(2017, 6, 2, 14, 10, 5, tzinfo=UTC),
        "spacecraft": ("Soyuz MS-03", "Soyuz MS-03"),
        "expeditions": [50, 51],
        "crew": [
            ("Oleg Novitskiy", "commander"),
            ("Thomas Pesquet", "flight-engineer"),
            ("Peggy Whitson", "flight-engineer"),
        ],
        "description_en": (
            "Soyuz flight from Baikonur to the International Space Station. Oleg Novitskiy and "
            "Thomas Pesquet returned on it to the steppe of Kazakhstan; Peggy Whitson stayed on "
            "and came home on Soyuz MS-04."
        ),
        "description_fr": (
            "Vol Soyouz de Baïkonour vers la Station spatiale internationale. Oleg Novitski et "
            "Thomas Pesquet sont revenus à son bord dans la steppe du Kazakhstan ; Peggy Whitson "
            "est restée et a regagné la Terre à bord de Soyouz MS-04."
        ),
    },
    {
        "name": "Alpha",
        "agency": "ESA",
        "launch_at": datetime.datetime(2021, 4, 23, 9, 49, 2, tzinfo=UTC),
        "landing_at": datetime.datetime(2021, 11, 9, 3, 33, tzinfo=UTC),
        "spacecraft": ("Crew Dragon Endeavour", "Crew Dragon Endeavour"),
        "expeditions": [65, 66],
        "crew": [("Thomas Pesquet", "mission-specialist")],
        "description_en": (
            "Thomas Pesquet's second mission, named after Alpha Centauri: 199 days in orbit "
            "during Expeditions 65 and 66, four spacewalks to install new solar arrays, and "
            "command of the station in October and November 2021."
        ),
        "description_fr": (
            "Deuxième mission de Thomas Pesquet, nommée d'après Alpha du Centaure : 199 jours en "
            "orbite pendant les expéditions 65 et 66, quatre sorties extravéhiculaires pour "
            "installer de nouveaux panneaux solaires et le commandement de la station en octobre "
            "et novembre 2021."
        ),
    },
    {
        "name": "SpaceX Crew-2",
        "agency": "NASA",
        "launch_at": datetime.datetime(2021, 4, 23, 9, 49, 2, tzinfo=UTC),
        "landing_at": datetime.datetime(2021, 11, 9, 3, 33, tzinfo=UTC),
        "spacecraft": ("Crew Dragon Endeavour", "Crew Dragon Endeavour"),
        "expeditions": [65, 66],
        "crew": [
            ("Shane Kimbrough", "commander"),
            ("Megan McArthur", "pilot"),
            ("Akihiko Hoshide", "mission-specialist"),
            ("Thomas Pesquet", "mission-specialist"),
        ],
        "description_en": (
            "The second operational flight of Crew Dragon, launched by a Falcon 9 from Kennedy "
            "Space Center on 23 April 2021; it splashed down in the Gulf of Mexico on "
            "9 November 2021."
        ),
        "description_fr": (
            "Deuxième vol opérationnel de Crew Dragon, lancé par une Falcon 9 depuis le centre "
            "spatial Kennedy le 23 avril 2021 ; amerrissage dans le golfe du Mexique le "
            "9 novembre 2021."
        ),
    },
]

# slug, English name, French name, parent slug
SUBJECTS = [
    ("earth", "Earth", "Terre", None),
    ("earth-at-night", "Earth at night", "La Terre la nuit", "earth"),
    ("cities-at-night", "Cities at night", "Villes la nuit", "earth-at-night"),
    ("aurora", "Aurora", "Aurores polaires", "earth-at-night"),
    ("cities", "Cities", "Villes", "earth"),
    ("rivers", "Rivers", "Fleuves et rivières", "earth"),
    ("mountains", "Mountains", "Montagnes", "earth"),
    ("deserts", "Deserts", "Déserts", "earth"),
    ("weather", "Weather", "Météo", "earth"),
    ("the-station", "The station", "La station", None),
    ("spacewalks", "Spacewalks", "Sorties extravéhiculaires", "the-station"),
    ("spacecraft", "Spacecraft", "Vaisseaux spatiaux", "the-station"),
    ("crew-life", "Crew life", "La vie à bord", "the-station"),
    ("science", "Science", "Science", "the-station"),
]

SUBJECT_DESCRIPTIONS = {
    "earth-at-night": (
        "The night side of the planet: city lights, aurorae, lightning and the thin glow of "
        "the atmosphere.",
        "La face nocturne de la planète : lumières des villes, aurores, éclairs et la fine "
        "lueur de l'atmosphère.",
    ),
    "spacewalks": (
        "Astronauts at work outside the station.",
        "Les astronautes au travail à l'extérieur de la station.",
    ),
}


@transaction.atomic
def load_catalogue() -> dict[str, int]:
    """Create or update the demo's agencies, astronauts, spacecraft, expeditions and missions."""
    agencies = {}
    for abbreviation, name, country, website in AGENCIES:
        agencies[abbreviation], _created = Agency.objects.update_or_create(
            abbreviation=abbreviation,
            defaults={"name": name, "country": country, "website": website},
        )

    astronauts = {}
    for name, original_name, agency, nationality, born, status in ASTRONAUTS:
        biography_en, biography_fr = BIOGRAPHIES.get(name, ("", ""))
        astronaut = Astronaut.objects.filter(name=name).first() or Astronaut(name=name)
        astronaut.original_name = original_name
        astronaut.agency = agencies[agency]
        astronaut.nationality = nationality
        astronaut.birth_date = datetime.date(*born)
        astronaut.status = status
        astronaut.biography_en, astronaut.biography_fr = biography_en, biography_fr
        astronaut.save()
        astronauts[name] = astronaut

    spacecraft = {}
    for name, family, serial in SPACECRAFT:
        spacecraft[name], _created = Spacecraft.objects.update_or_create(
            name=name, defaults={"family": family, "serial": serial}
        )

    expeditions = {}
    for number, start, end, crew in EXPEDITIONS:
        expedition, _created = Expedition.objects.update_or_create(
            number=number,
            defaults={"start": datetime.date(*start), "end": datetime.date(*end)},
        )
        for name, role in crew:
            ExpeditionCrew.objects.update_or_create(
                expedition=expedition, astronaut=astronauts[name], defaults={"role": role}
            )
        expeditions[number] = expedition

    for data in MISSIONS:
        launch, landing = data["spacecraft"]
        mission = Mission.objects.filter(name=data["name"]).first() or Mission(name=data["name"])
        mission.agency = agencies[data["agency"]]
        mission.launch_at, mission.landing_at = data["launch_at"], data["landing_at"]
        mission.launch_spacecraft, mission.return_spacecraft = (
            spacecraft[launch],
            spacecraft[landing],
        )
        mission.description_en, mission.description_fr = (
            data["description_en"],
            data["description_fr"],
        )
        mission.save()
        mission.expeditions.set([expeditions[number] for number in data["expeditions"]])
        for name, role in data["crew"]:
            MissionCrew.objects.update_or_create(
                mission=mission, astronaut=astronauts[name], defaults={"role": role}
            )

    return {
        "agencies": len(agencies),
        "astronauts": len(astronauts),
        "spacecraft": len(spacecraft),
        "expeditions": len(expeditions),
        "missions": len(MISSIONS),
    }


def load_subjects() -> dict[str, Subject]:
    """Create or update the demo's subject hierarchy; return the subjects by slug."""
    subjects: dict[str, Subject] = {}
    for slug, name_en, name_fr, parent in SUBJECTS:
        description_en, description_fr = SUBJECT_DESCRIPTIONS.get(slug, ("", ""))
        subjects[slug], _created = Subject.objects.update_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "parent": subjects.get(parent),
                "description_en": description_en,
                "description_fr": description_fr,
            },
        )
    return subjects
