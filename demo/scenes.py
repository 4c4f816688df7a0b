"""
The demo catalogue's hand-written photos: what each shows, who took it on which mission and
when, with which camera, and its captions in English and French.

The pictures themselves are painted by `demo.art`; `demo.frames` gives them the EXIF their
camera would write. The photos are spread over the Proxima and Alpha missions so that every
filter of the gallery has something to show.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Camera:
    model: str
    lens: str
    focal_length: float
    exposure: tuple[int, int]
    f_number: float
    iso: int


NIGHT_400 = Camera("NIKON D5", "AF-S NIKKOR 400mm f/2.8E FL ED VR", 400, (1, 200), 2.8, 6400)
NIGHT_24 = Camera("NIKON D5", "AF-S NIKKOR 24mm f/1.4G ED", 24, (1, 4), 1.4, 12800)
DAY_200 = Camera("NIKON D5", "AF-S NIKKOR 70-200mm f/2.8E FL ED VR", 200, (1, 1000), 8.0, 200)
WIDE_14 = Camera("NIKON D5", "AF-S NIKKOR 14-24mm f/2.8G ED", 16, (1, 500), 8.0, 400)
INSIDE_24 = Camera("NIKON D5", "AF-S NIKKOR 24-70mm f/2.8E ED VR", 35, (1, 60), 4.0, 3200)
D4_400 = Camera("NIKON D4", "AF-S NIKKOR 400mm f/2.8E FL ED VR", 400, (1, 250), 2.8, 5000)
D4_200 = Camera("NIKON D4", "AF-S NIKKOR 70-200mm f/2.8G ED VR II", 200, (1, 800), 8.0, 200)
D4_14 = Camera("NIKON D4", "AF-S NIKKOR 14-24mm f/2.8G ED", 14, (1, 320), 8.0, 500)


@dataclass(frozen=True)
class DemoPhoto:
    key: str
    scene: str
    subjects: tuple[str, ...]
    photographer: str
    mission: str | None
    taken_at: datetime.datetime
    camera: Camera
    title: str
    caption_en: str
    caption_fr: str
    alt_en: str
    alt_fr: str
    place: str = ""
    location: tuple[float, float] | None = None
    featured: bool = False


def _at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


CITY_ALT = (
    "Clusters of orange city lights joined by threads of lit roads on the dark night side of "
    "Earth.",
    "Des grappes de lumières orangées reliées par des routes éclairées sur la face nocturne de la "
    "Terre.",
)
AURORA_ALT = (
    "Green curtains of aurora fringed with purple above the dark curve of the Earth.",
    "Des rideaux verts d'aurore bordés de pourpre au-dessus de la courbe sombre de la Terre.",
)
SPACEWALK_ALT = (
    "An astronaut in a white spacesuit holding a rail of the station above clouds and ocean.",
    "Un astronaute en scaphandre blanc tenant une rampe de la station au-dessus des nuages et de "
    "l'océan.",
)
CUPOLA_ALT = (
    "Earth seen through the seven windows of the Cupola, framed by the module's light walls.",
    "La Terre vue à travers les sept hublots de la Cupola, encadrés par les parois claires du "
    "module.",
)
MOUNTAIN_ALT = (
    "Snow-covered peaks and brown valleys seen from straight above.",
    "Des sommets enneigés et des vallées brunes vus à la verticale.",
)
RIVER_ALT = (
    "A dark river winding across green and brown land, with scattered white clouds.",
    "Un fleuve sombre serpentant sur des terres vertes et brunes, sous quelques nuages blancs.",
)
DESERT_ALT = (
    "Orange sand seas crossed by long parallel dune ridges.",
    "Des mers de sable orangé traversées de longues crêtes de dunes parallèles.",
)
STORM_ALT = (
    "A spiral of white cloud bands around a small eye over a dark blue ocean.",
    "Une spirale de bandes nuageuses blanches autour d'un petit œil au-dessus d'un océan bleu "
    "sombre.",
)
SPACECRAFT_ALT = (
    "A white capsule with a dark band, docked to the station above the clouds.",
    "Une capsule blanche cerclée de noir, amarrée à la station au-dessus des nuages.",
)
SCIENCE_ALT = (
    "The glovebox of a laboratory aboard the station, its window lit blue, with coloured samples "
    "inside.",
    "La boîte à gants d'un laboratoire de la station, sa vitre éclairée de bleu, avec des "
    "échantillons colorés.",
)
STATION_ALT = (
    "Rows of golden solar array panels along the station's truss, with Earth below.",
    "Des rangées de panneaux solaires dorés le long de la poutre de la station, la Terre en "
    "dessous.",
)
CITY_DAY_ALT = (
    "A city's grey street grid on green and brown land beside a blue sea.",
    "Le quadrillage gris des rues d'une ville sur des terres vertes et brunes au bord d'une mer "
    "bleue.",
)

PHOTOS = [
    # Proxima: Soyuz MS-03, Expeditions 50 and 51.
    DemoPhoto(
        "soyuz-ms-03-docked",
        "spacecraft",
        ("spacecraft",),
        "Thomas Pesquet",
        "Proxima",
        _at(2016, 11, 25, 10, 12, 40),
        D4_14,
        "Soyuz MS-03 at the station",
        "The Soyuz that brought Thomas Pesquet, Oleg Novitskiy and Peggy Whitson to the station, "
        "docked to the Rassvet module.",
        "Le Soyouz qui a amené Thomas Pesquet, Oleg Novitski et Peggy Whitson à la station, "
        "amarré au module Rassvet.",
        *SPACECRAFT_ALT,
    ),
    DemoPhoto(
        "paris-2016",
        "city-night",
        ("cities-at-night",),
        "Thomas Pesquet",
        "Proxima",
        _at(2016, 12, 14, 22, 3, 18),
        D4_400,
        "Paris by night",
        "Paris and its suburbs at night, the ring road and the Seine drawn in light.",
        "Paris et sa banlieue la nuit, le périphérique et la Seine dessinés en lumière.",
        *CITY_ALT,
        place="Paris, France",
        location=(48.8566, 2.3522),
    ),
    DemoPhoto(
        "spacewalk-batteries",
        "spacewalk",
        ("spacewalks",),
        "Peggy Whitson",
        "Soyuz MS-03",
        _at(2017, 1, 13, 14, 22, 5),
        D4_200,
        "Spacewalk to upgrade the batteries",
        "Thomas Pesquet's first spacewalk, with Shane Kimbrough, to install adapter plates and "
        "new lithium-ion batteries on the station's truss.",
        "Première sortie extravéhiculaire de Thomas Pesquet, avec Shane Kimbrough, pour "
        "installer des plaques d'adaptation et de nouvelles batteries lithium-ion sur la poutre.",
        *SPACEWALK_ALT,
    ),
    DemoPhoto(
        "alps-winter",
        "mountains",
        ("mountains",),
        "Thomas Pesquet",
        "Proxima",
        _at(2017, 1, 28, 10, 41, 52),
        D4_200,
        "The Alps in winter",
        "The Alps under their winter snow, from Mont Blanc to the lakes of northern Italy.",
        "Les Alpes sous la neige de l'hiver, du Mont-Blanc aux lacs du nord de l'Italie.",
        *MOUNTAIN_ALT,
        place="Alps, Europe",
        location=(45.9, 7.6),
    ),
    DemoPhoto(
        "marseille",
        "city-day",
        ("cities",),
        "Thomas Pesquet",
        "Proxima",
        _at(2017, 2, 1, 11, 7, 30),
        D4_400,
        "Marseille and its harbour",
        "Marseille between the limestone hills and the Mediterranean, its old port at the centre.",
        "Marseille entre les collines calcaires et la Méditerranée, le Vieux-Port au centre.",
        *CITY_DAY_ALT,
        place="Marseille, France",
        location=(43.2965, 5.3698),
    ),
    DemoPhoto(
        "mississippi-delta",
        "river",
        ("rivers",),
        "Peggy Whitson",
        "Soyuz MS-03",
        _at(2017, 2, 9, 16, 30, 11),
        D4_200,
        "The Mississippi delta",
        "The Mississippi reaching the Gulf of Mexico through its bird's-foot delta.",
        "Le Mississippi rejoignant le golfe du Mexique par son delta en patte d'oie.",
        *RIVER_ALT,
        place="Louisiana, United States",
        location=(29.15, -89.25),
    ),
    DemoPhoto(
        "aurora-australis-2017",
        "aurora",
        ("aurora",),
        "Shane Kimbrough",
        None,
        _at(2017, 2, 20, 18, 55, 2),
        Camera("NIKON D4", "AF-S NIKKOR 24mm f/1.4G ED", 24, (1, 3), 1.4, 10000),
        "Aurora australis",
        "The southern lights over the Southern Ocean, seen as the station passed south of "
        "Australia.",
        "Les aurores australes au-dessus de l'océan Austral, au passage de la station au sud de "
        "l'Australie.",
        *AURORA_ALT,
    ),
    DemoPhoto(
        "namib",
        "desert",
        ("deserts",),
        "Oleg Novitskiy",
        "Soyuz MS-03",
        _at(2017, 3, 3, 9, 12, 44),
        D4_200,
        "The Namib sand sea",
        "Linear dunes of the Namib desert running parallel to the Atlantic coast.",
        "Les dunes linéaires du désert du Namib, parallèles à la côte atlantique.",
        *DESERT_ALT,
        place="Namib Desert, Namibia",
        location=(-24.5, 15.2),
    ),
    DemoPhoto(
        "cyclone-enawo",
        "weather",
        ("weather",),
        "Thomas Pesquet",
        "Proxima",
        _at(2017, 3, 6, 8, 40, 21),
        D4_14,
        "Cyclone Enawo",
        "Cyclone Enawo nearing the north-east coast of Madagascar.",
        "Le cyclone Enawo approchant de la côte nord-est de Madagascar.",
        *STORM_ALT,
        place="Indian Ocean, off Madagascar",
        location=(-15.5, 51.0),
    ),
    DemoPhoto(
        "spacewalk-docking-port",
        "spacewalk",
        ("spacewalks",),
        "Peggy Whitson",
        "Soyuz MS-03",
        _at(2017, 3, 24, 15, 2, 48),
        D4_200,
        "Spacewalk to prepare a docking port",
        "Shane Kimbrough and Thomas Pesquet disconnect cables to prepare a docking port for "
        "commercial crew vehicles.",
        "Shane Kimbrough et Thomas Pesquet débranchent des câbles pour préparer un port "
        "d'amarrage destiné aux vaisseaux commerciaux.",
        *SPACEWALK_ALT,
    ),
    DemoPhoto(
        "cupola-2017",
        "crew-life",
        ("crew-life",),
        "Oleg Novitskiy",
        "Soyuz MS-03",
        _at(2017, 3, 30, 12, 15, 0),
        Camera("NIKON D4", "AF-S NIKKOR 24-70mm f/2.8G ED", 24, (1, 125), 5.6, 800),
        "An evening in the Cupola",
        "The Cupola, where the crew gather after work to watch the Earth go by.",
        "La Cupola, où l'équipage se retrouve après le travail pour regarder défiler la Terre.",
        *CUPOLA_ALT,
    ),
    DemoPhoto(
        "glovebox-2017",
        "science",
        ("science",),
        "Thomas Pesquet",
        "Proxima",
        _at(2017, 4, 20, 13, 30, 9),
        Camera("NIKON D4", "AF-S NIKKOR 24-70mm f/2.8G ED", 35, (1, 60), 4.0, 3200),
        "Cells in the glovebox",
        "An experiment on cell growth in microgravity, run in the station's glovebox.",
        "Une expérience sur la croissance des cellules en microgravité, menée dans la boîte à "
        "gants "
        "de la station.",
        *SCIENCE_ALT,
    ),
    DemoPhoto(
        "cairo-2017",
        "city-night",
        ("cities-at-night",),
        "Thomas Pesquet",
        "Proxima",
        _at(2017, 4, 28, 20, 11, 36),
        D4_400,
        "Cairo and the Nile delta at night",
        "The Nile valley and delta lit up at night, Cairo at the point where the river fans out.",
        "La vallée et le delta du Nil illuminés la nuit, Le Caire à l'endroit où le fleuve "
        "s'évase.",
        *CITY_ALT,
        place="Cairo, Egypt",
        location=(30.0444, 31.2357),
    ),
    DemoPhoto(
        "spacewalk-whitson-fischer",
        "spacewalk",
        ("spacewalks",),
        "Thomas Pesquet",
        "Proxima",
        _at(2017, 5, 12, 15, 45, 3),
        D4_200,
        "Peggy Whitson and Jack Fischer outside",
        "Peggy Whitson and Jack Fischer replace an avionics box on the truss.",
        "Peggy Whitson et Jack Fischer remplacent un boîtier d'avionique sur la poutre.",
        *SPACEWALK_ALT,
    ),
    DemoPhoto(
        "himalaya-2017",
        "mountains",
        ("mountains",),
        "Jack Fischer",
        None,
        _at(2017, 5, 20, 6, 18, 27),
        D4_200,
        "The Himalaya",
        "The high Himalaya between Nepal and Tibet, glaciers filling the valleys.",
        "L'Himalaya entre le Népal et le Tibet, des glaciers remplissant les vallées.",
        *MOUNTAIN_ALT,
        place="Himalaya, Nepal",
        location=(27.9881, 86.925),
    ),
    DemoPhoto(
        "moscow-2017",
        "city-night",
        ("cities-at-night",),
        "Oleg Novitskiy",
        "Soyuz MS-03",
        _at(2017, 5, 30, 21, 48, 56),
        D4_400,
        "Moscow at night",
        "Moscow's ring roads glowing at night.",
        "Les périphériques de Moscou brillant dans la nuit.",
        *CITY_ALT,
        place="Moscow, Russia",
        location=(55.7558, 37.6173),
    ),
    # Alpha: SpaceX Crew-2, Expeditions 65 and 66.
    DemoPhoto(
        "paris-2021",
        "city-night",
        ("cities-at-night",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 5, 3, 21, 14, 7),
        NIGHT_400,
        "Paris at night",
        "Paris at night from the station, the Seine a dark thread through the lights.",
        "Paris la nuit vu de la station, la Seine comme un fil sombre entre les lumières.",
        *CITY_ALT,
        place="Paris, France",
        location=(48.8566, 2.3522),
        featured=True,
    ),
    DemoPhoto(
        "milan-2021",
        "city-night",
        ("cities-at-night",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 5, 11, 20, 52, 33),
        NIGHT_400,
        "Milan and the Po valley at night",
        "Milan at the centre of the Po valley's web of lit towns, the Alps dark to the north.",
        "Milan au centre du réseau de villes éclairées de la plaine du Pô, les Alpes sombres au "
        "nord.",
        *CITY_ALT,
        place="Milan, Italy",
        location=(45.4642, 9.19),
    ),
    DemoPhoto(
        "cairo-2021",
        "city-night",
        ("cities-at-night", "rivers"),
        "Akihiko Hoshide",
        "SpaceX Crew-2",
        _at(2021, 5, 19, 19, 40, 15),
        NIGHT_400,
        "The Nile at night",
        "The Nile as a ribbon of light from Cairo to the Mediterranean.",
        "Le Nil, ruban de lumière du Caire à la Méditerranée.",
        *CITY_ALT,
        place="Cairo, Egypt",
        location=(30.0444, 31.2357),
    ),
    DemoPhoto(
        "houston-2021",
        "city-night",
        ("cities-at-night",),
        "Megan McArthur",
        "SpaceX Crew-2",
        _at(2021, 5, 27, 3, 5, 44),
        NIGHT_400,
        "Houston at night",
        "Houston, home of mission control, with its freeways radiating from downtown.",
        "Houston, siège du centre de contrôle, et ses autoroutes rayonnant depuis le centre.",
        *CITY_ALT,
        place="Houston, United States",
        location=(29.7604, -95.3698),
    ),
    DemoPhoto(
        "aurora-australis-2021",
        "aurora",
        ("aurora",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 6, 6, 16, 20, 51),
        NIGHT_24,
        "Southern lights over the Indian Ocean",
        "An aurora australis seen over the southern Indian Ocean, the station's own lights off.",
        "Une aurore australe au-dessus du sud de l'océan Indien, lumières de la station éteintes.",
        *AURORA_ALT,
        featured=True,
    ),
    DemoPhoto(
        "iroa-spacewalk",
        "spacewalk",
        ("spacewalks",),
        "Akihiko Hoshide",
        "SpaceX Crew-2",
        _at(2021, 6, 16, 13, 5, 9),
        DAY_200,
        "Installing a new solar array",
        "Thomas Pesquet and Shane Kimbrough unfold the first of the station's new roll-out "
        "solar arrays.",
        "Thomas Pesquet et Shane Kimbrough déploient le premier des nouveaux panneaux solaires "
        "enroulables de la station.",
        *SPACEWALK_ALT,
        featured=True,
    ),
    DemoPhoto(
        "p6-truss",
        "spacewalk",
        ("spacewalks", "the-station"),
        "Megan McArthur",
        "SpaceX Crew-2",
        _at(2021, 6, 25, 12, 30, 40),
        DAY_200,
        "On the P6 truss",
        "Thomas Pesquet at the far end of the station's port truss during the second array "
        "installation.",
        "Thomas Pesquet à l'extrémité de la poutre bâbord de la station lors de l'installation du "
        "second panneau.",
        *SPACEWALK_ALT,
    ),
    DemoPhoto(
        "everest-2021",
        "mountains",
        ("mountains",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 7, 8, 5, 55, 12),
        DAY_200,
        "Mount Everest and the high Himalaya",
        "Everest and its neighbours casting long morning shadows.",
        "L'Everest et ses voisins projetant de longues ombres matinales.",
        *MOUNTAIN_ALT,
        place="Mount Everest, Nepal",
        location=(27.9881, 86.925),
    ),
    DemoPhoto(
        "erg-oriental",
        "desert",
        ("deserts",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 7, 22, 11, 2, 38),
        DAY_200,
        "The Grand Erg Oriental",
        "The dune sea of the Grand Erg Oriental in the Algerian Sahara.",
        "La mer de dunes du Grand Erg oriental dans le Sahara algérien.",
        *DESERT_ALT,
        place="Sahara, Algeria",
        location=(30.5, 7.5),
    ),
    DemoPhoto(
        "new-york",
        "city-day",
        ("cities",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 7, 30, 15, 21, 5),
        DAY_200,
        "New York by day",
        "Manhattan between the Hudson and the East River on a clear summer afternoon.",
        "Manhattan entre l'Hudson et l'East River par un clair après-midi d'été.",
        *CITY_DAY_ALT,
        place="New York, United States",
        location=(40.7128, -74.006),
    ),
    DemoPhoto(
        "endeavour-docked",
        "spacecraft",
        ("spacecraft",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 8, 3, 9, 14, 20),
        WIDE_14,
        "Crew Dragon Endeavour docked",
        "Crew Dragon Endeavour, the capsule that carried Crew-2, at the station's forward port.",
        "Crew Dragon Endeavour, la capsule de Crew-2, amarrée au port avant de la station.",
        *SPACECRAFT_ALT,
    ),
    DemoPhoto(
        "hurricane-ida",
        "weather",
        ("weather",),
        "Shane Kimbrough",
        "SpaceX Crew-2",
        _at(2021, 8, 29, 13, 10, 2),
        WIDE_14,
        "Hurricane Ida",
        "Hurricane Ida over the Gulf of Mexico a few hours before landfall in Louisiana.",
        "L'ouragan Ida au-dessus du golfe du Mexique, quelques heures avant de toucher la "
        "Louisiane.",
        *STORM_ALT,
        place="Gulf of Mexico",
        location=(28.5, -89.6),
        featured=True,
    ),
    DemoPhoto(
        "amazon",
        "river",
        ("rivers",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 9, 10, 15, 45, 59),
        DAY_200,
        "Meanders of the Amazon",
        "A tributary of the Amazon meandering through the rainforest.",
        "Un affluent de l'Amazone serpentant dans la forêt tropicale.",
        *RIVER_ALT,
        place="Amazonas, Brazil",
        location=(-3.119, -60.0217),
        featured=True,
    ),
    DemoPhoto(
        "cupola-2021",
        "crew-life",
        ("crew-life",),
        "Megan McArthur",
        "SpaceX Crew-2",
        _at(2021, 9, 18, 19, 2, 26),
        INSIDE_24,
        "The Cupola",
        "The station's seven-window observatory, the crew's favourite place.",
        "L'observatoire aux sept hublots de la station, le lieu préféré de l'équipage.",
        *CUPOLA_ALT,
        featured=True,
    ),
    DemoPhoto(
        "glovebox-2021",
        "science",
        ("science",),
        "Akihiko Hoshide",
        "SpaceX Crew-2",
        _at(2021, 9, 30, 10, 20, 0),
        INSIDE_24,
        "Samples in the glovebox",
        "Biology samples prepared in the Microgravity Science Glovebox.",
        "Des échantillons biologiques préparés dans la boîte à gants Microgravity Science "
        "Glovebox.",
        *SCIENCE_ALT,
    ),
    DemoPhoto(
        "new-arrays",
        "station",
        ("the-station",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 10, 5, 7, 33, 50),
        WIDE_14,
        "The station's new solar arrays",
        "The roll-out solar arrays installed in June, now generating power over the Pacific.",
        "Les panneaux solaires enroulables installés en juin, produisant leur énergie au-dessus "
        "du Pacifique.",
        *STATION_ALT,
    ),
    DemoPhoto(
        "andes",
        "mountains",
        ("mountains",),
        "Shane Kimbrough",
        "SpaceX Crew-2",
        _at(2021, 10, 20, 14, 5, 31),
        DAY_200,
        "The Andes",
        "The Andes of Patagonia, their glaciers feeding turquoise lakes.",
        "Les Andes de Patagonie, dont les glaciers alimentent des lacs turquoise.",
        *MOUNTAIN_ALT,
        place="Patagonia, Argentina",
        location=(-49.3, -73.0),
    ),
    DemoPhoto(
        "aurora-borealis-2021",
        "aurora",
        ("aurora",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 10, 24, 6, 40, 17),
        NIGHT_24,
        "Northern lights over Canada",
        "The aurora borealis over northern Canada during a geomagnetic storm.",
        "L'aurore boréale au-dessus du nord du Canada pendant un orage géomagnétique.",
        *AURORA_ALT,
    ),
    DemoPhoto(
        "lisbon",
        "city-night",
        ("cities-at-night",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 10, 30, 22, 18, 44),
        NIGHT_400,
        "Lisbon and the Tagus at night",
        "Lisbon on the Tagus estuary, the bridges lit across the water.",
        "Lisbonne sur l'estuaire du Tage, ses ponts illuminés au-dessus de l'eau.",
        *CITY_ALT,
        place="Lisbon, Portugal",
        location=(38.7223, -9.1393),
    ),
    DemoPhoto(
        "tokyo",
        "city-night",
        ("cities-at-night",),
        "Akihiko Hoshide",
        "SpaceX Crew-2",
        _at(2021, 11, 3, 12, 55, 8),
        NIGHT_400,
        "Tokyo at night",
        "The Greater Tokyo Area, the largest city on Earth, at night.",
        "L'agglomération de Tokyo, la plus grande ville du monde, la nuit.",
        *CITY_ALT,
        place="Tokyo, Japan",
        location=(35.6762, 139.6503),
    ),
    DemoPhoto(
        "farewell-cupola",
        "crew-life",
        ("crew-life",),
        "Thomas Pesquet",
        "Alpha",
        _at(2021, 11, 6, 16, 0, 12),
        INSIDE_24,
        "A last look from the Cupola",
        "One of the last views from the Cupola before Crew-2 left the station.",
        "L'une des dernières vues depuis la Cupola avant le départ de Crew-2.",
        *CUPOLA_ALT,
    ),
]
