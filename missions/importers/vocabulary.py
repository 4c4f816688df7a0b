"""
What archive files call countries, agencies, flights, spacecraft and crew roles, mapped to the
catalogue's own names.
"""

import re
from dataclasses import dataclass

from missions.models import MissionCrew

# As the astronaut database writes nationalities. For "A/B", the successor state of the
# Soviet Union, else the first country named.
COUNTRIES = {
    "afghanistan": "AF", "australia": "AU", "austria": "AT", "belgium": "BE", "brazil": "BR",
    "bulgaria": "BG", "canada": "CA", "china": "CN", "cuba": "CU", "czechoslovakia": "CZ",
    "czech republic": "CZ", "denmark": "DK", "france": "FR", "germany": "DE", "hungary": "HU",
    "hungry": "HU", "india": "IN", "israel": "IL", "italy": "IT", "japan": "JP",
    "kazakhstan": "KZ", "korea": "KR", "south korea": "KR", "malaysia": "MY", "malysia": "MY",
    "mexico": "MX", "mongolia": "MN", "netherland": "NL", "netherlands": "NL", "poland": "PL",
    "republic of south africa": "ZA", "south africa": "ZA", "romania": "RO", "russia": "RU",
    "saudi arabia": "SA", "slovakia": "SK", "spain": "ES", "sweden": "SE", "switzerland": "CH",
    "syria": "SY", "uae": "AE", "united arab emirates": "AE", "u.k.": "GB", "uk": "GB",
    "united kingdom": "GB", "ukraine": "UA", "u.s.": "US", "us": "US", "usa": "US",
    "united states": "US", "vietnam": "VN",
}  # fmt: skip
_SOVIET = {"u.s.s.r", "u.s.s.r.", "ussr", "soviet union"}


def country_code(text: str) -> str:
    """ISO code of a country as the astronaut database names it; '' when unknown."""
    names = [name.strip().casefold() for name in text.split("/") if name.strip()]
    if len(names) > 1 and names[0] in _SOVIET:
        names = names[1:]
    return COUNTRIES.get(names[0], "") if names else ""


@dataclass(frozen=True)
class AgencyFacts:
    abbreviation: str
    name: str
    country: str


AGENCIES = {
    facts.abbreviation: facts
    for facts in [
        AgencyFacts("NASA", "National Aeronautics and Space Administration", "US"),
        AgencyFacts("ESA", "European Space Agency", ""),
        AgencyFacts("JAXA", "Japan Aerospace Exploration Agency", "JP"),
        AgencyFacts("Roscosmos", "Roscosmos State Corporation for Space Activities", "RU"),
        AgencyFacts("CSA", "Canadian Space Agency", "CA"),
        AgencyFacts("CMSA", "China Manned Space Agency", "CN"),
        AgencyFacts("CNES", "Centre national d'études spatiales", "FR"),
        AgencyFacts("DLR", "German Aerospace Center", "DE"),
    ]
}
# Words in the astronaut database's `selection` column, most specific first. Selections by
# an agency's predecessor (NASDA, the Soviet training centre and design bureaus) map to the
# agency that continues it.
_SELECTION_AGENCIES = [
    (re.compile(r"\b(ESA|EAC)\b"), "ESA"),
    (re.compile(r"\b(NASDA|JAXA)\b"), "JAXA"),
    (re.compile(r"\b(CSA|NRC)\b"), "CSA"),
    (re.compile(r"\bCHINA\b"), "CMSA"),
    (re.compile(r"\bCNES\b"), "CNES"),
    (re.compile(r"\bDLR\b"), "DLR"),
    (
        re.compile(r"\b(TSPK|NPOE|RKKE|TSKBEM|GKNII|IMBP|KOROLYOV|MISHIN|VOSKHOD|VVS|LII)"),
        "Roscosmos",
    ),
    (re.compile(r"\bNASA\b"), "NASA"),
]


def agency_of_selection(selection: str) -> str:
    """The abbreviation of the agency that selected an astronaut, or '' when unclear."""
    text = selection.upper()
    for pattern, abbreviation in _SELECTION_AGENCIES:
        if pattern.search(text):
            return abbreviation
    return ""


ROLES = {
    "commander": MissionCrew.Role.COMMANDER,
    "pilot": MissionCrew.Role.PILOT,
    "msp": MissionCrew.Role.MISSION_SPECIALIST,
    "mission specialist": MissionCrew.Role.MISSION_SPECIALIST,
    "flight engineer": MissionCrew.Role.FLIGHT_ENGINEER,
    "psp": MissionCrew.Role.PAYLOAD_SPECIALIST,
    "payload specialist": MissionCrew.Role.PAYLOAD_SPECIALIST,
}


def crew_role(occupation: str) -> str:
    text = occupation.strip().casefold()
    if text in ROLES:
        return ROLES[text]
    if any(word in text for word in ("tourist", "participant", "journalist", "other")):
        return MissionCrew.Role.PARTICIPANT
    return MissionCrew.Role.CREW_MEMBER


ORBITERS = {
    "columbia": ("Columbia", "OV-102"),
    "challenger": ("Challenger", "OV-099"),
    "discovery": ("Discovery", "OV-103"),
    "atlantis": ("Atlantis", "OV-104"),
    "endeavour": ("Endeavour", "OV-105"),
    "endeavor": ("Endeavour", "OV-105"),
}


@dataclass(frozen=True)
class SpacecraftFacts:
    name: str
    family: str
    serial: str


def orbiter(text: str) -> SpacecraftFacts | None:
    """The Space Shuttle orbiter a word names (`Endeavor` is Endeavour), or None."""
    found = ORBITERS.get(text.strip().casefold())
    if found is None:
        return None
    name, serial = found
    return SpacecraftFacts(f"Space Shuttle {name}", "Space Shuttle", serial)


_STS = re.compile(r"STS?[\s-]*(\d{1,3})(?:[\s-]*([A-M]))?(?:\W.*)?", re.IGNORECASE)
_SOYUZ = re.compile(
    r"(?:soyuz|soyouz|soiouz)[\s-]*\(?\s*(T|TM|TMA|MS)?[\s-]*(\d{1,2}M?)\s*\)?(?:\s*/.*)?",
    re.IGNORECASE,
)
_NUMBERED_FLIGHT = re.compile(
    r"(Vostok|Voskhod|Shenzhou|Skylab|Apollo|Gemini)[\s-]*(\d{1,2})([A-Z]?)", re.IGNORECASE
)
_SPACEX = re.compile(r"SpaceX\s*\(?\s*(Crew-\d+|Demo-\d+)\s*\)?", re.IGNORECASE)
_MERCURY = re.compile(r"(?:Mercury|MA|MR)[\s-]*(?:(Atlas|Redstone)[\s-]*)?(\d)", re.IGNORECASE)
_FLIGHT_ALIASES = {
    "astp": "Apollo-Soyuz Test Project",
    "apollo-soyuz test project": "Apollo-Soyuz Test Project",
    "gemini 6": "Gemini 6A",
    "gemini 9": "Gemini 9A",
}
# Mission titles in the astronaut database that name a station or a stay, not a flight.
_STAYS = re.compile(r"(salyut|saluyt|mir|euromir|skylab$|ep-|эп-|iss$)", re.IGNORECASE)


def flight_name(text: str) -> str:
    """
    The catalogue's name for a flight however a source writes it: `STS 51-C` and `STS-51C`
    are STS-51-C, `Soyuz TM13` and `Soyouz (TM-13)` are Soyuz TM-13, `MA-6` is Mercury-Atlas 6.
    """
    text = " ".join(text.replace("\u00ad", "-").split())
    if match := _STS.fullmatch(text):
        number, letter = match.groups()
        return f"STS-{int(number)}-{letter.upper()}" if letter else f"STS-{int(number)}"
    if match := _SOYUZ.fullmatch(text):
        series, number = match.groups()
        return f"Soyuz {series.upper()}-{number}" if series else f"Soyuz {number}"
    if match := _NUMBERED_FLIGHT.fullmatch(text):
        return f"{match[1].capitalize()} {int(match[2])}{match[3].upper()}"
    if match := _SPACEX.fullmatch(text):
        return f"SpaceX {match[1].capitalize()}"
    if match := _MERCURY.fullmatch(text):
        number = int(match[2])
        rocket = (match[1] or ("Redstone" if number < 6 else "Atlas")).capitalize()
        return f"Mercury-{rocket} {number}"
    if alias := _FLIGHT_ALIASES.get(text.casefold()):
        return alias
    return text[:1].upper() + text[1:]


def is_shuttle_flight(name: str) -> bool:
    return name.startswith("STS-")


def is_stay(title: str) -> bool:
    """Whether a mission title names a station stay rather than a flight (`Salyut 7`)."""
    return bool(_STAYS.match(title.strip()))


def flight_spacecraft(name: str) -> SpacecraftFacts | None:
    """The spacecraft a flight is named after (`Soyuz MS-03`), or None (a Shuttle flight)."""
    if match := re.fullmatch(r"Soyuz ((?:T|TM|TMA|MS)-\d+M?|\d+)", name):
        return SpacecraftFacts(name, "Soyuz", match[1])
    if match := re.fullmatch(r"(Vostok|Voskhod|Shenzhou) (\d+)", name):
        return SpacecraftFacts(name, match[1], match[2])
    return None
