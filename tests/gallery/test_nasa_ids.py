import pytest

from gallery.nasa_ids import NasaId, canonical_nasa_id, nasa_id_from_filename, parse_nasa_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ISS065-E-394522", NasaId("ISS065", "E", "394522")),
        ("iss065e394522", NasaId("ISS065", "E", "394522")),
        ("  ISS065-E-394522 ", NasaId("ISS065", "E", "394522")),
        ("iss065-e-394522", NasaId("ISS065", "E", "394522")),
        ("ISS65-E-394522", NasaId("ISS065", "E", "394522")),
        ("ISS001-E-5411", NasaId("ISS001", "E", "5411")),
        ("ISS001-E-   005411", NasaId("ISS001", "E", "5411")),
        ("STS126-E-12345", NasaId("STS126", "E", "12345")),
        ("sts126e12345", NasaId("STS126", "E", "12345")),
        ("STS088-711-73", NasaId("STS088", "711", "73")),
        ("STS41B-35-1488", NasaId("STS41B", "35", "1488")),
        ("AS17-148-22727", NasaId("AS17", "148", "22727")),
        ("ISS030-E-0227588", NasaId("ISS030", "E", "227588")),
    ],
)
def test_parse_reads_both_spellings(text, expected):
    assert parse_nasa_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "ISS065",
        "ISS065-E",
        "394522",
        "ISS065-E-394522-2",
        "x" * 500,
        "ISS\x00065-E-1",
        None,
    ],
)
def test_parse_returns_none_for_what_is_not_an_id(text):
    assert parse_nasa_id(text) is None


def test_canonical_and_compact_spellings():
    parsed = parse_nasa_id("iss065e394522")

    assert str(parsed) == canonical_nasa_id("iss065e394522") == "ISS065-E-394522"
    assert parsed.compact == "iss065e394522"


@pytest.mark.parametrize(
    ("text", "number"),
    [("ISS065-E-394522", 65), ("ISS001-E-5411", 1), ("STS126-E-12345", None), ("AS17-148-1", None)],
)
def test_an_iss_mission_code_names_its_expedition(text, number):
    assert parse_nasa_id(text).expedition_number == number


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("ISS065-E-394522.JPG", "ISS065-E-394522"),
        ("iss065e394522.jpg", "ISS065-E-394522"),
        ("uploads/2021/ISS066-E-24523.jpeg", "ISS066-E-24523"),
        ("C:\\photos\\ISS073-E-208142.JPG", "ISS073-E-208142"),
        ("holiday.jpg", None),
        ("ISS065-E-394522-edited.jpg", None),
    ],
)
def test_nasa_id_from_filename(filename, expected):
    parsed = nasa_id_from_filename(filename)

    assert (str(parsed) if parsed else None) == expected
