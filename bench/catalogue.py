"""
A synthetic catalogue of any size, shaped like the real one, for benchmarks.

    load(photos=1_000_000, seed=6)

What it holds, and why:
- 565 astronauts, about 300 missions (the Space Shuttle flights, the ISS crew flights and the
  agencies' named missions), ISS Expeditions 1 to 72, their spacecraft, and the demo
  catalogue's subjects with more below them: the sizes of the real astronaut import, so the
  gallery's option lists cost what they will cost.
- One mission, Alpha, holds 24.5% of the photos (245,000 of a million, as Thomas Pesquet's
  did); the other missions, their photographers, places, subjects and words follow long-tailed
  (Zipf) distributions, so that filters and search terms range from very common to very rare.
- Dates from 1981 to 2024 within each mission's flight, 1% without a date; 2% of rows are
  catalogue entries without an image and 4% are drafts or withdrawn, so the public condition
  matters.
- Titles and English captions for every photo, French captions for 60%, built from real
  words, place names with accents ("Pô", "Genève") and NASA photo IDs.
- Eight rendition rows per photo with an image (four widths, WebP and JPEG), all pointing at a
  few shared placeholder names: benchmark data, never served.

Rows are written the fast way for each database: COPY on PostgreSQL, batched inserts on SQLite,
with the photo tables' indexes, foreign keys and search triggers dropped during the load and
made again afterwards, then ANALYZE (and VACUUM on PostgreSQL, as autovacuum would do).
Everything is derived from `seed`: the same arguments give the same catalogue.
"""

import datetime
import hashlib
import io
import math
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterator
from itertools import accumulate

from django.db import connection, transaction

from demo.catalogue import SUBJECTS as DEMO_SUBJECTS
from gallery.models import Photo, Rendition, Subject
from missions.models import Agency, Astronaut, Expedition, Mission, MissionCrew, Spacecraft

ALPHA_SHARE = 0.245
UNDATED_SHARE = 0.01
RENDITION_WIDTHS = (320, 640, 1280, 2048)
EXPEDITION_ONE = datetime.datetime(2000, 11, 2, tzinfo=datetime.UTC)
EXPEDITION_DAYS = 116.7  # puts Expeditions 65 and 66 where Alpha flew, as in reality
ALPHA_FLIGHT = (
    datetime.datetime(2021, 4, 23, 9, 49, tzinfo=datetime.UTC),
    datetime.datetime(2021, 11, 9, 3, 33, tzinfo=datetime.UTC),
)


def _words(text: str) -> list[str]:
    return text.split()


def _items(text: str) -> list[str]:
    return text.split("; ")


AGENCIES = [
    ("NASA", "National Aeronautics and Space Administration", "US"),
    ("ESA", "European Space Agency", ""),
    ("JAXA", "Japan Aerospace Exploration Agency", "JP"),
    ("Roscosmos", "Roscosmos State Corporation", "RU"),
    ("CSA", "Canadian Space Agency", "CA"),
    ("CNSA", "China National Space Administration", "CN"),
    ("ISRO", "Indian Space Research Organisation", "IN"),
    ("UAESA", "UAE Space Agency", "AE"),
]
GIVEN = _words(
    "Thomas Samantha Luca Alexander Andreas Matthias Tim Frank Claudie Jean-Loup Michel Paolo "
    "Umberto Roberto Léopold Marcos Peggy Megan Shane Akihiko Koichi Soichi Satoshi Norishige "
    "Oleg Anton Sergey Yuri Gennady Fyodor Pyotr Anna Yelena Valentina Chris Jeremy Jessica "
    "Christina Kathleen Sunita Scott Mark Kelly Nicole Michael Karen Robert Ellen Leroy Bruce "
    "Jasmin Raja Kayla Woody Sultan Hazzaa Wang Yang Liu Jing Zhang Ye Nie Chen Gao Aki Naoko"
)
FAMILY = _words(
    "Pesquet Cristoforetti Parmitano Gerst Mogensen Maurer Peake Haigneré Clervoy Tognini Nespoli "
    "Guidoni Vittori Eyharts Pontes Whitson McArthur Kimbrough Hoshide Wakata Noguchi Furukawa "
    "Yui Novitskiy Shkaplerov Prokopyev Kononenko Padalka Yurchikhin Dubrov Serova Kondakova "
    "Hadfield Hansen Meir Koch Rubins Williams Kelly Nyberg Stott Hopkins Collins Ochoa Chiao "
    "Melvin Drew Pettit Bowen Chari Barratt Hoburg Almansoori Neyadi Yaping Liwei Yang Haisheng "
    "Zhigang Guangfu Dong Jun Cheng Fossum Tani Massimino Duque Fuglesang Wubbo Ockels Merbold "
    "Walter Thiele Reiter Schlegel Ewald Flade Brandenstein Lucid Foale Linenger Blaha Culbertson"
)
PLACES = _items(
    "Paris, France; Nile Delta, Egypt; London, United Kingdom; Tokyo, Japan; New York, United "
    "States; Cairo, Egypt; Himalaya, Nepal; Sahara, Algeria; Sydney, Australia; Rome, Italy; "
    "Moscow, Russia; Madrid, Spain; Bahamas; Lake Baikal, Russia; Amazon, Brazil; Los Angeles, "
    "United States; Istanbul, Turkey; Alps, Switzerland; Genève, Switzerland; Mount Everest, "
    "Nepal; Beijing, China; Mumbai, India; São Paulo, Brazil; Montréal, Canada; Pô, Italy; "
    "Berlin, Germany; Dubai, United Arab Emirates; Houston, United States; Reykjavík, Iceland; "
    "Cape Town, South Africa; Buenos Aires, Argentina; Andes, Chile; Marseille, France; Lyon, "
    "France; Toulouse, France; Bordeaux, France; Brussels, Belgium; Amsterdam, Netherlands; "
    "Copenhagen, Denmark; Stockholm, Sweden; Oslo, Norway; Helsinki, Finland; Warsaw, Poland; "
    "Vienna, Austria; Prague, Czechia; Budapest, Hungary; Athens, Greece; Lisbon, Portugal; "
    "Barcelona, Spain; Milan, Italy; Naples, Italy; Sicily, Italy; Corsica, France; Sardinia, "
    "Italy; Crete, Greece; Cyprus; Tel Aviv, Israel; Riyadh, Saudi Arabia; Tehran, Iran; "
    "Karachi, Pakistan; Delhi, India; Kolkata, India; Dhaka, Bangladesh; Bangkok, Thailand; "
    "Singapore; Jakarta, Indonesia; Manila, Philippines; Hong Kong, China; Shanghai, China; "
    "Seoul, South Korea; Osaka, Japan; Mount Fuji, Japan; Kamchatka, Russia; Alaska, United "
    "States; Vancouver, Canada; Seattle, United States; San Francisco, United States; Las "
    "Vegas, United States; Grand Canyon, United States; Denver, United States; Chicago, United "
    "States; Toronto, Canada; Québec, Canada; Boston, United States; Washington, United States; "
    "Miami, United States; Florida, United States; Cuba; Mexico City, Mexico; Yucatán, Mexico; "
    "Panama; Bogotá, Colombia; Lima, Peru; Lake Titicaca, Bolivia; Atacama, Chile; Patagonia, "
    "Argentina; Tierra del Fuego, Argentina; Falkland Islands; Antarctica; Ross Ice Shelf, "
    "Antarctica; South Georgia; Madagascar; Mauritius; Réunion, France; Kilimanjaro, Tanzania; "
    "Lake Victoria, Uganda; Nairobi, Kenya; Addis Ababa, Ethiopia; Khartoum, Sudan; Lagos, "
    "Nigeria; Dakar, Senegal; Canary Islands, Spain; Morocco; Atlas, Morocco; Tunis, Tunisia; "
    "Libyan Desert, Libya; Red Sea; Sinai, Egypt; Dead Sea, Jordan; Persian Gulf; Caspian Sea; "
    "Aral Sea, Kazakhstan; Tibet, China; Gobi, Mongolia; Taklamakan, China; Ganges Delta, "
    "Bangladesh; Sri Lanka; Maldives; Borneo; Sumatra, Indonesia; Java, Indonesia; Bali, "
    "Indonesia; New Guinea; Great Barrier Reef, Australia; Uluru, Australia; Perth, Australia; "
    "Melbourne, Australia; Tasmania, Australia; Auckland, New Zealand; Southern Alps, New "
    "Zealand; Hawaii, United States; Tahiti, French Polynesia; New Caledonia, France; Fiji; "
    "Galápagos, Ecuador; Iceland; Greenland; Svalbard, Norway; Faroe Islands; Scotland, United "
    "Kingdom; Ireland; Brittany, France; Normandy, France; Loire, France; Camargue, France; "
    "Pyrenees, Spain; Gibraltar; Balearic Islands, Spain; Malta; Venice, Italy; Trieste, Italy; "
    "Zagreb, Croatia; Belgrade, Serbia; Bucharest, Romania; Danube Delta, Romania; Sofia, "
    "Bulgaria; Kyiv, Ukraine; Crimea; Minsk, Belarus; Riga, Latvia; Saint Petersburg, Russia; "
    "Ural, Russia; Novosibirsk, Russia; Baikonur, Kazakhstan; Almaty, Kazakhstan; Tashkent, "
    "Uzbekistan; Kabul, Afghanistan; Karakoram, Pakistan; Kathmandu, Nepal; Bhutan; Yangtze, "
    "China; Three Gorges, China; Pearl River Delta, China; Taiwan; Okinawa, Japan; Hokkaido, "
    "Japan; Sakhalin, Russia; Aleutian Islands, United States; Yellowstone, United States; "
    "Mississippi Delta, United States; Great Lakes, United States; Niagara, Canada; Hudson Bay, "
    "Canada; Baffin Island, Canada; Newfoundland, Canada; Azores, Portugal; Cape Verde; "
    "Ascension Island; Saint Helena; Tristan da Cunha; Kerguelen, France; Heard Island, "
    "Australia; Bouvet Island, Norway; Clipperton, France"
)
FEATURES = _items(
    "Nile River; Sahara Desert; Alps; Himalaya; Mediterranean Sea; Atlantic Ocean; Pacific "
    "Ocean; Indian Ocean; Amazon River; Andes; Rocky Mountains; Seine River; Rhône River; "
    "Danube River; Rhine River; Thames; Volga River; Ganges River; Yangtze River; Mississippi "
    "River; Lake Geneva; Lake Baikal; Great Salt Lake; Caspian Sea; Red Sea; Black Sea; Persian "
    "Gulf; Gulf of Mexico; Bay of Bengal; Strait of Gibraltar; English Channel; Bosphorus; Suez "
    "Canal; Panama Canal; Mount Etna; Mount Vesuvius; Mount Fuji; Kilimanjaro; Mount Everest; "
    "Atlas; Pyrenees; Carpathians; Ural Mountains; Tibetan Plateau; Gobi Desert; Namib Desert; "
    "Atacama Desert; Arabian Desert; Great Barrier Reef; Okavango Delta; Lake Victoria; Lake "
    "Titicaca; Dead Sea; Aral Sea; Greenland Ice Sheet; Antarctic Peninsula; Ross Ice Shelf; "
    "Patagonian Ice Field; Iguazu Falls; Niagara Falls"
)
# English words for captions, from the most to the least used (a Zipf rank).
WORDS_EN = _words(
    "night clouds lights city river coast sea mountains desert snow sunrise sunset storm ocean "
    "island lake valley delta glacier aurora moon stars atmosphere horizon lightning fields "
    "roads bridges harbour airport farmland forest fire smoke dust haze reef lagoon bay gulf "
    "cape peninsula plateau canyon volcano crater dunes salt ice floes peaks ridges plains "
    "wetlands marsh estuary streets suburbs highways railways dams reservoirs vineyards orchards "
    "rice terraces mines quarries solar panels wind farms ships wakes contrails airglow "
    "noctilucent twilight terminator shadow glint sunglint cyclone hurricane typhoon front "
    "cumulus cirrus stratus fog mist rain hail thunderstorm eye spiral vortex jet stream "
    "plume ash lava caldera geyser fjord atoll sandbar spit tombolo meander oxbow braid "
    "floodplain alluvial fan moraine cirque arête tarn esker drumlin karst sinkhole cenote "
    "mesa butte hoodoo inselberg erg reg wadi oasis sabkha playa pan"
)
WORDS_FR = _words(
    "nuit nuages lumières ville fleuve côte mer montagnes désert neige lever coucher orage "
    "océan île lac vallée delta glacier aurore lune étoiles atmosphère horizon éclairs champs "
    "routes ponts port aéroport cultures forêt incendie fumée poussière brume récif lagune baie "
    "golfe cap péninsule plateau canyon volcan cratère dunes sel glace banquise sommets crêtes "
    "plaines marais estuaire rues banlieue autoroutes voies ferrées barrages réservoirs vignobles"
)
TITLES = _items(
    "{place} at night; Night lights of {place}; {feature} seen from orbit; Aurora over {place}; "
    "Sunrise over {place}; Clouds over {place}; {place} by day; The {feature}; Looking down on "
    "{place}; {feature} and {place}; Storm near {place}; Snow on the {feature}; Sunset above "
    "{place}; The coast of {place}; {place} under the Moon; City lights: {place}"
)
CAPTIONS_EN = [
    "{place} seen from the International Space Station, with the {feature} and {w1} in view.",
    "The {w1} and {w2} of {place} photographed at {w3} from about 400 kilometres up.",
    "An astronaut aboard the station captured {place}: {w1}, {w2} and the {feature}.",
    "Looking towards the {feature}, the crew saw {w1} over {place} and {w2} along the {w3}.",
    "{place} at {w1}, the {feature} beyond, and {w2} where the {w3} meets the {w4}.",
]
CAPTIONS_FR = [
    "{place} vu depuis la Station spatiale internationale : {feature}, {w1} et {w2}.",
    "{place} photographié à 400 kilomètres d'altitude ({w1}, {w2}, {feature}).",
    "Un astronaute à bord de la station a photographié {place} : {w1}, {w2} et {feature}.",
]
CAMERAS = [  # model, lens, first year used
    ("HASSELBLAD 500 EL/M", "Zeiss Planar 100mm f/3.5", 1981),
    ("NIKON F3", "Nikkor 250mm f/4", 1985),
    ("KODAK DCS 760C", "Nikkor 180mm f/2.8", 1999),
    ("NIKON D1", "AF-S NIKKOR 400mm f/2.8", 2000),
    ("NIKON D2XS", "AF-S NIKKOR 800mm f/5.6", 2005),
    ("NIKON D3", "AF-S NIKKOR 24-70mm f/2.8", 2008),
    ("NIKON D3S", "AF-S NIKKOR 400mm f/2.8", 2010),
    ("NIKON D3X", "AF-S NIKKOR 14-24mm f/2.8", 2011),
    ("NIKON D4", "AF-S NIKKOR 70-200mm f/2.8", 2013),
    ("NIKON D5", "AF-S NIKKOR 400mm f/2.8E FL ED VR", 2017),
    ("NIKON D6", "AF-S NIKKOR 24mm f/1.4", 2021),
    ("NIKON Z 9", "NIKKOR Z 24-120mm f/4", 2023),
]
EXTRA_SUBJECTS = [  # slug, English, French, parent slug
    ("volcanoes", "Volcanoes", "Volcans", "mountains"),
    ("glaciers", "Glaciers", "Glaciers", "mountains"),
    ("islands", "Islands", "Îles", "earth"),
    ("coral-reefs", "Coral reefs", "Récifs coralliens", "islands"),
    ("lakes", "Lakes", "Lacs", "earth"),
    ("deltas", "Deltas", "Deltas", "rivers"),
    ("coastlines", "Coastlines", "Côtes", "earth"),
    ("sunrise-and-sunset", "Sunrise and sunset", "Lever et coucher de soleil", "earth"),
    ("airglow", "Airglow", "Luminescence nocturne", "earth-at-night"),
    ("lightning", "Lightning", "Éclairs", "weather"),
    ("hurricanes", "Hurricanes", "Ouragans", "weather"),
    ("dust-storms", "Dust storms", "Tempêtes de sable", "weather"),
    ("farmland", "Farmland", "Terres agricoles", "earth"),
    ("fires", "Fires", "Incendies", "earth"),
    ("sea-ice", "Sea ice", "Banquise", "earth"),
    ("the-moon", "The Moon", "La Lune", None),
    ("dunes", "Dunes", "Dunes", "deserts"),
    ("salt-flats", "Salt flats", "Salars", "deserts"),
    ("canyons", "Canyons", "Canyons", "mountains"),
    ("ports", "Ports", "Ports", "cities"),
    ("airports", "Airports", "Aéroports", "cities"),
    ("dams", "Dams", "Barrages", "rivers"),
    ("robotic-arm", "Robotic arm", "Bras robotique", "the-station"),
    ("cargo-ships", "Cargo ships", "Vaisseaux cargo", "spacecraft"),
    ("experiments", "Experiments", "Expériences", "science"),
    ("exercise", "Exercise", "Sport à bord", "crew-life"),
]


class Zipf:
    """Draw indexes 0..n-1, the first most often: weight 1/(rank ** s)."""

    def __init__(self, n: int, s: float = 1.07):
        self.cumulative = list(accumulate(1 / (rank**s) for rank in range(1, n + 1)))

    def __call__(self, rng: random.Random) -> int:
        return bisect(self.cumulative, rng.random() * self.cumulative[-1])


def load(photos: int, seed: int = 6, progress: Callable[[str], None] = print) -> dict:
    """Fill an empty, migrated database with `photos` synthetic photos; return what was made."""
    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        catalogue = _catalogue(rng)
    progress(
        f"catalogue: {len(catalogue['astronauts'])} astronauts, "
        f"{len(catalogue['missions'])} missions, {len(catalogue['subjects'])} subjects"
    )
    with _bulk_load(["gallery_photo", "gallery_rendition", "gallery_photo_subjects"]):
        _write_photos(catalogue, photos, rng, progress)
        _write_renditions()
        progress(f"rows written in {time.perf_counter() - started:.0f} s; indexing")
    _analyze()
    progress(f"loaded in {time.perf_counter() - started:.0f} s")
    return {"photos": photos, "seconds": time.perf_counter() - started}


def _catalogue(rng: random.Random) -> dict:
    agencies = Agency.objects.bulk_create(
        Agency(abbreviation=abbreviation, name=name, country=country)
        for abbreviation, name, country in AGENCIES
    )
    nasa, esa, jaxa, roscosmos = agencies[:4]
    names = ["Thomas Pesquet", "Shane Kimbrough", "Megan McArthur", "Akihiko Hoshide"]
    seen = set(names)
    while len(names) < 565:
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    astronauts = Astronaut.objects.bulk_create(
        Astronaut(
            name=name,
            slug=f"{slug(name)}-{index}" if index >= 4 else slug(name),
            agency=rng.choice(agencies) if index >= 4 else [esa, nasa, nasa, jaxa][index],
        )
        for index, name in enumerate(names)
    )
    expeditions = Expedition.objects.bulk_create(
        Expedition(
            number=number,
            start=(EXPEDITION_ONE + datetime.timedelta(days=(number - 1) * EXPEDITION_DAYS)).date(),
            end=(EXPEDITION_ONE + datetime.timedelta(days=number * EXPEDITION_DAYS - 1)).date(),
        )
        for number in range(1, 73)
    )
    flights = _flights(rng)
    vehicles = sorted({vehicle for _name, vehicle, _launch in flights})
    spacecraft = Spacecraft.objects.bulk_create(
        Spacecraft(name=vehicle, slug=slug(vehicle)) for vehicle in vehicles
    )
    vehicle_of = {craft.name: craft for craft in spacecraft}
    missions = Mission.objects.bulk_create(
        Mission(
            name=name,
            slug=slug(name),
            agency=esa if name == "Alpha" else rng.choice([nasa, nasa, roscosmos, esa, jaxa]),
            launch_at=launch,
            landing_at=launch + datetime.timedelta(days=14 if name.startswith("STS") else 180),
            launch_spacecraft=vehicle_of[vehicle],
            return_spacecraft=vehicle_of[vehicle],
        )
        for name, vehicle, launch in flights
    )
    crews, memberships = {}, []
    for mission in missions:
        if mission.name == "Alpha":
            crew = astronauts[:4]
        else:
            crew = rng.sample(astronauts[4:], rng.randint(2, 7))
        crews[mission.pk] = crew
        memberships += [MissionCrew(mission=mission, astronaut=member) for member in crew]
    MissionCrew.objects.bulk_create(memberships)
    for mission in missions:
        mission.expeditions.set(
            expedition
            for expedition in expeditions
            if mission.launch_at.date() <= expedition.end
            and expedition.start <= mission.landing_at.date()
        )
    subjects = {}
    for slug_, name_en, name_fr, parent in [*DEMO_SUBJECTS, *EXTRA_SUBJECTS]:
        subjects[slug_] = Subject.objects.create(
            slug=slug_, name_en=name_en, name_fr=name_fr, parent=subjects.get(parent)
        )
    return {
        "astronauts": astronauts,
        "expeditions": expeditions,
        "missions": missions,
        "crews": crews,
        "subjects": list(subjects.values()),
    }


def _flights(rng: random.Random) -> list[tuple[str, str, datetime.datetime]]:
    """Name, vehicle and launch of every mission: Shuttle flights, ISS crew flights, Alpha."""
    flights = []
    orbiters = ["Columbia", "Challenger", "Discovery", "Atlantis", "Endeavour"]
    shuttle_start = datetime.datetime(1981, 4, 12, 12, tzinfo=datetime.UTC)
    for number in range(1, 136):
        launch = shuttle_start + datetime.timedelta(days=number * 30.5 * 3.6, hours=number)
        flights.append((f"STS-{number}", f"Space Shuttle {rng.choice(orbiters)}", launch))
    iss_start = EXPEDITION_ONE - datetime.timedelta(days=2)
    for index in range(140):
        launch = iss_start + datetime.timedelta(days=index * 58.3, hours=index)
        if index < 12:
            vehicle = f"Soyuz TM-{31 + index}"
        elif index < 60:
            vehicle = f"Soyuz TMA-{index - 11}"
        elif index < 100:
            vehicle = f"Soyuz TMA-{index - 59:02d}M"
        elif index < 125:
            vehicle = f"Soyuz MS-{index - 99:02d}"
        else:
            vehicle = f"SpaceX Crew-{index - 124}"
        if vehicle == "SpaceX Crew-2":
            continue  # flown as Alpha, below
        name = vehicle.removeprefix("SpaceX ") if index >= 125 else vehicle
        flights.append((f"{name} flight" if index % 5 == 3 else name, vehicle, launch))
    named = "Proxima, Horizons, Futura, Blue Dot, Volare, Astrolab, DELTA, Cervantes, Marco Polo, "
    named += "Odissea, Eneide, Celsius, Esperia, MagISStra, Beyond, Minerva, Huginn, Ignis"
    for index, name in enumerate(named.split(", ")):
        launch = EXPEDITION_ONE + datetime.timedelta(days=300 + index * 410)
        flights.append((name, f"Soyuz TMA-{index + 1}", launch))
    flights.append(("Alpha", "Crew Dragon Endeavour", ALPHA_FLIGHT[0]))
    return flights


def slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text)


def _write_photos(catalogue: dict, total: int, rng: random.Random, progress) -> None:
    """Write the photo rows and their subjects, in batches."""
    columns = [
        field.column
        for field in Photo._meta.concrete_fields
        if not field.generated and not field.primary_key
    ]
    writer = _copy_writer if connection.vendor == "postgresql" else _insert_writer
    rows = _photo_rows(catalogue, total, rng, columns)
    with transaction.atomic():
        subjects = writer("gallery_photo", ["id", *columns], rows, total, progress)
        writer("gallery_photo_subjects", ["photo_id", "subject_id"], iter(subjects), None, None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('gallery_photo', 'id'), %s)", [total]
            )


def _photo_rows(catalogue: dict, total: int, rng: random.Random, columns: list[str]) -> Iterator:
    """Yield (row, subject ids) for each photo, ids from 1."""
    missions = catalogue["missions"]
    alpha = next(mission for mission in missions if mission.name == "Alpha")
    others = [mission for mission in missions if mission is not alpha]
    rng.shuffle(others)
    pick_mission = Zipf(len(others), 1.0)
    pick_place, pick_feature = Zipf(len(PLACES)), Zipf(len(FEATURES))
    pick_word_en, pick_word_fr = Zipf(len(WORDS_EN), 0.9), Zipf(len(WORDS_FR), 0.9)
    subjects = catalogue["subjects"]
    pick_subject = Zipf(len(subjects), 1.2)
    crews = catalogue["crews"]
    pick_crew = Zipf(8, 1.3)
    expedition_ids = {expedition.number: expedition.pk for expedition in catalogue["expeditions"]}
    frames: dict[str, int] = {}
    added = datetime.datetime(2022, 1, 10, tzinfo=datetime.UTC)
    alpha_every = 1 / ALPHA_SHARE
    for pk in range(1, total + 1):
        mission = alpha if (pk % alpha_every) < 1 else others[pick_mission(rng)]
        crew = crews[mission.pk]
        photographer = crew[min(pick_crew(rng), len(crew) - 1)]
        flight = (mission.landing_at - mission.launch_at).total_seconds()
        taken = mission.launch_at + datetime.timedelta(seconds=rng.random() * flight)
        expedition = _expedition_number(taken)
        if mission.name.startswith("STS-"):
            program = f"STS{int(mission.name[4:]):03d}"
        else:
            program = f"ISS{expedition or 1:03d}"
        roll = "E" if taken.year >= 1999 else str(300 + pk % 700)
        frame = frames[program] = frames.get(program, 0) + rng.randint(1, 3)
        place = PLACES[pick_place(rng)]
        feature = FEATURES[pick_feature(rng)]
        words = {f"w{n}": WORDS_EN[pick_word_en(rng)] for n in range(1, 5)}
        city = place.split(",")[0]
        title = rng.choice(TITLES).format(place=city, feature=feature)
        caption_en = rng.choice(CAPTIONS_EN).format(place=city, feature=feature, **words)
        if rng.random() < 0.6:
            mots = {f"w{n}": WORDS_FR[pick_word_fr(rng)] for n in range(1, 3)}
            caption_fr = rng.choice(CAPTIONS_FR).format(place=city, feature=feature, **mots)
        else:
            caption_fr = ""
        has_image = rng.random() >= 0.02
        sha = hashlib.sha256(pk.to_bytes(8, "big")).hexdigest() if has_image else ""
        draw = rng.random()
        status = "published" if draw < 0.96 else ("draft" if draw < 0.99 else "withdrawn")
        camera, lens = _camera(taken.year, rng)
        located = rng.random() < 0.7
        created = added + datetime.timedelta(seconds=pk * 60 + rng.randint(0, 59))
        values = {
            "image": f"originals/{sha[:2]}/{sha}.jpg" if has_image else "",
            "nasa_id": f"{program}-{roll}-{frame}",
            "title": title,
            "caption_en": caption_en,
            "caption_fr": caption_fr,
            "alt_text_en": title,
            "alt_text_fr": "",
            "photographer_id": photographer.pk,
            "mission_id": mission.pk,
            "expedition_id": expedition_ids.get(expedition),
            "spacecraft_id": mission.launch_spacecraft_id if rng.random() < 0.2 else None,
            "taken_at": None if rng.random() < UNDATED_SHARE else taken,
            "taken_at_precision": "second",
            "camera_make": camera.split()[0],
            "camera_model": camera,
            "lens": lens,
            "focal_length": rng.choice([24.0, 50.0, 180.0, 400.0, 800.0]),
            "exposure_time": rng.choice([0.001, 0.004, 0.125, 0.5]),
            "f_number": rng.choice([2.8, 4.0, 5.6, 8.0]),
            "iso": rng.choice([200, 800, 3200, 12800]),
            "width": 5568 if has_image else None,
            "height": 3712 if has_image else None,
            "file_size": rng.randint(4_000_000, 16_000_000) if has_image else None,
            "sha256": sha,
            "original_filename": f"{program}-{roll}-{frame}.JPG" if has_image else "",
            "latitude": rng.uniform(-51.6, 51.6) if located else None,
            "longitude": rng.uniform(-180, 180) if located else None,
            "nadir_latitude": rng.uniform(-51.6, 51.6),
            "nadir_longitude": rng.uniform(-180, 180),
            "altitude_km": rng.uniform(330, 430),
            "cloud_cover": rng.choice([0, 10, 25, 50, 75]),
            "sun_elevation": rng.uniform(-60, 80),
            "sun_azimuth": rng.uniform(0, 359),
            "look_angle": None,
            "look_direction": "",
            "tilt": "",
            "place": place,
            "features": feature,
            "credit": "",
            "rights_holder": "ESA/NASA" if mission is alpha else "NASA",
            "licence": "cc-by-sa-3.0-igo" if mission is alpha else "nasa",
            "status": status,
            "featured": rng.random() < 0.001,
            "published_at": created if status == "published" else None,
            "created_at": created,
            "updated_at": created,
            "uploaded_by_id": None,
        }
        chosen = {subjects[pick_subject(rng)].pk for _ in range(rng.randint(1, 3))}
        yield (pk, *(values[column] for column in columns)), [(pk, s) for s in chosen]


def _expedition_number(moment: datetime.datetime) -> int | None:
    if moment < EXPEDITION_ONE:
        return None
    number = int((moment - EXPEDITION_ONE).total_seconds() // (EXPEDITION_DAYS * 86400)) + 1
    return number if number <= 72 else None


def _camera(year: int, rng: random.Random) -> tuple[str, str]:
    usable = [(model, lens) for model, lens, first in CAMERAS if first <= year]
    return rng.choice(usable[-3:])


def _copy_writer(table, columns, rows, total, progress) -> list:
    """COPY `rows` into `table` (PostgreSQL); return the subject links they carried."""
    links = []
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            buffer = io.StringIO()
            for count, item in enumerate(rows, 1):
                row, subjects = item if total else (item, ())
                buffer.write("\t".join(map(_copy_text, row)))
                buffer.write("\n")
                links += subjects
                if count % 20_000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
                    if progress:
                        _report(progress, count, total, 20_000)
            copy.write(buffer.getvalue())
    return links


def _insert_writer(table, columns, rows, total, progress) -> list:
    """INSERT `rows` into `table` in batches (SQLite); return the subject links they carried."""
    links, batch = [], []
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for count, item in enumerate(rows, 1):
            row, subjects = item if total else (item, ())
            batch.append([_sqlite_value(value) for value in row])
            links += subjects
            if len(batch) == 5_000:
                cursor.executemany(sql, batch)
                batch = []
                if progress:
                    _report(progress, count, total, 5_000)
        if batch:
            cursor.executemany(sql, batch)
    return links


def _report(progress, count: int, total: int, batch: int) -> None:
    """Report at each tenth of the way, the batch that crosses it."""
    tenth = max(total // 10, 1)
    if count // tenth != (count - batch) // tenth or count == total:
        progress(f"  {count:,} of {total:,} photos")


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value)


def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        # As Django writes it: naive UTC, space-separated.
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    return value


def _write_renditions() -> None:
    """Give every photo with an image its eight renditions, in one statement."""
    widths = ", ".join(f"({width})" for width in RENDITION_WIDTHS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH widths(width) AS (VALUES {widths}),
                 formats(format) AS (VALUES ('webp'), ('jpeg'))
            INSERT INTO gallery_rendition
                (photo_id, width, format, file, pixel_width, pixel_height, file_size, created_at)
            SELECT photo.id, widths.width, formats.format,
                   'bench/placeholder-' || widths.width || '.' || formats.format,
                   widths.width, widths.width * 2 / 3, widths.width * 60, photo.created_at
            FROM gallery_photo AS photo, widths, formats
            WHERE photo.image <> ''
            """
        )


class _bulk_load:
    """
    Drop the secondary indexes, foreign keys and triggers of `tables` for a bulk load and
    make them again afterwards, from the definitions the database itself reports.
    """

    def __init__(self, tables: list[str]):
        self.tables = tables
        self.restore: list[str] = []

    def __enter__(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                self._drop_postgres(cursor)
            else:
                self._drop_sqlite(cursor)

    def __exit__(self, *exc):
        if exc[0] is not None:
            return
        with connection.cursor() as cursor:
            for statement in self.restore:
                cursor.execute(statement)

    def _drop_postgres(self, cursor):
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)
            """,
            [self.tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT indexname, indexdef FROM pg_indexes
            WHERE tablename = ANY(%s) AND indexname NOT IN (
                SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u')
            )
            """,
            [self.tables],
        )
        indexes = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # Unique constraints stay (they are what they are), foreign keys come back validated.
        self.restore = [definition for _name, definition in indexes] + [
            f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
            for table, name, definition in foreign_keys
        ]

    def _drop_sqlite(self, cursor):
        marks = ", ".join(["%s"] * len(self.tables))
        cursor.execute(
            f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
            f"AND tbl_name IN ({marks}) AND sql IS NOT NULL",
            self.tables,
        )
        objects = cursor.fetchall()
        for kind, name, _sql in objects:
            cursor.execute(f'DROP {kind.upper()} "{name}"')
        self.restore = [sql for _kind, _name, sql in objects]
        if any(kind == "trigger" for kind, _name, _sql in objects):
            from gallery.search_index import REBUILD

            self.restore.append(REBUILD)


def _analyze() -> None:
    """Settle the database as it would be a while after an import: vacuumed, analyzed, flushed."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        cursor.execute("VACUUM (ANALYZE) gallery_photo")
        cursor.execute("VACUUM (ANALYZE) gallery_rendition")
        cursor.execute("VACUUM (ANALYZE) gallery_photo_subjects")
        cursor.execute("ANALYZE")
        # Gigabytes just written would otherwise be flushed by the next checkpoint, in the
        # middle of the measurements.
        cursor.execute(
            "SELECT rolsuper OR pg_has_role(current_user, 'pg_checkpoint', 'MEMBER') "
            "FROM pg_roles WHERE rolname = current_user"
        )
        if cursor.fetchone()[0]:
            cursor.execute("CHECKPOINT")


def rendition_count() -> int:
    return Rendition.objects.count()


def expected_photos_of_alpha(total: int) -> int:
    return math.ceil(total * ALPHA_SHARE)
