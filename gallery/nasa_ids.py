"""
NASA photo identifiers: Mission-Roll-Frame.

The Gateway to Astronaut Photography writes `ISS065-E-394522` (canonical here); the Image and
Video Library writes the same frame `iss065e394522`. Film-era frames have numeric rolls
(`STS088-711-73`) and lettered mission codes (`STS41B`, `SL4`, `AS17`).
"""

import re
from pathlib import PurePath
from typing import NamedTuple

_SEPARATED = re.compile(
    r"""
    (?P<program>[A-Z]{1,6}) [-_ ]? (?P<number>\d{1,4}) (?P<suffix>[A-Z]?)
    [-_ ]+ (?P<roll>[A-Z0-9]{1,6})
    [-_ ]+ (?P<frame>\d{1,8})
    """,
    re.VERBOSE,
)
# Without separators the roll must be letters, or it would run into the frame number.
_COMPACT = re.compile(
    r"(?P<program>[A-Z]{1,6}) (?P<number>\d{1,4}) (?P<roll>[A-Z]{1,3}) (?P<frame>\d{1,8})",
    re.VERBOSE,
)


class NasaId(NamedTuple):
    mission: str
    roll: str
    frame: str

    def __str__(self) -> str:
        return f"{self.mission}-{self.roll}-{self.frame}"

    @property
    def compact(self) -> str:
        """The Image and Video Library spelling: iss065e394522."""
        return f"{self.mission}{self.roll}{self.frame}".lower()

    @property
    def expedition_number(self) -> int | None:
        """The ISS expedition an ISS mission code names (ISS065 -> 65), else None."""
        if self.mission.startswith("ISS") and self.mission[3:].isdigit():
            return int(self.mission[3:]) or None
        return None


def parse_nasa_id(text: str) -> NasaId | None:
    """Read a NASA photo ID in either spelling; return None when `text` is not one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    candidate = text.strip().upper()
    match = _SEPARATED.fullmatch(candidate)
    suffix = match["suffix"] if match else ""
    if match is None:
        match = _COMPACT.fullmatch(candidate)
    if match is None:
        return None
    program, number = match["program"], match["number"]
    if program == "ISS":
        number = f"{int(number):03d}"
    frame = str(int(match["frame"]))
    return NasaId(f"{program}{number}{suffix}", match["roll"], frame)


def canonical_nasa_id(text: str) -> str | None:
    """Return the canonical spelling (ISS065-E-394522) of a NASA photo ID, or None."""
    parsed = parse_nasa_id(text)
    return str(parsed) if parsed else None


def nasa_id_from_filename(filename: str) -> NasaId | None:
    """Read the NASA photo ID a file is named after: ISS065-E-394522.JPG, iss065e394522.jpg."""
    stem = PurePath(filename.replace("\\", "/")).name.split(".", 1)[0]
    return parse_nasa_id(stem)
