"""
People's names as archives write them, and matching them to the catalogue's astronauts.

Sources spell one person many ways: `Onufrienko, Yuri`, `Yuri Onufrienko`, `Iouri Onoufrienko
(Roscosmos)`, `Yury I. Onufrienko`. Matching goes from strict to loose and stops at the first
rule that finds exactly one astronaut; a rule that finds several is ambiguous and matches no one.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Chinese and Korean names are written family name first.
FAMILY_NAME_FIRST = {"CN", "KR"}
_AGENCY_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")
_PARENTHESES = re.compile(r"\([^)]*\)")
_NON_LETTERS = re.compile(r"[^\w]+")
# Spellings of the same Russian sounds in English and French transliteration:
# Yelena/Elena, Surayev/Suraev, Aleksandr/Alexander, Iouri/Yury/Yuri, Korniyenko/Kornienko.
_SILENT_Y = re.compile(r"^y(?=e)|(?<=[aeiou])y(?=[aeiou])")
_TRANSLITERATIONS = [("ks", "x"), ("ou", "u"), ("y", "i"), ("j", "i"), ("kh", "h")]
_DOUBLED = re.compile(r"(\w)\1")
_FINAL_ER = re.compile(r"er$")


def display_name(text: str, *, nationality: str = "") -> str:
    """
    Turn `Family, Given[, Jr.]` into the name as people write it: `Given Family Jr.`
    (`Family Given` for Chinese and Korean names). Other names are kept as they are.
    """
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if len(parts) < 2:
        return " ".join(text.split())
    family, *rest = parts
    # Suffixes turn up anywhere after the family name: `Duke, Jr. Charles Moss`.
    words = " ".join(rest).split()
    suffixes = [word for word in words if word.casefold().rstrip(".") in SUFFIXES]
    given = " ".join(word for word in words if word not in suffixes)
    if not given:
        return " ".join([family, *suffixes])
    if nationality in FAMILY_NAME_FIRST:
        return " ".join([family, given, *suffixes])
    return " ".join([given, family, *suffixes])


def without_agency(name: str) -> str:
    """`William Shepherd (NASA)` -> `William Shepherd`."""
    return _AGENCY_SUFFIX.sub("", name).strip()


def name_tokens(name: str) -> list[str]:
    """Lower-case words of a name without accents, punctuation or Jr./III suffixes."""
    decomposed = unicodedata.normalize("NFKD", _PARENTHESES.sub(" ", name))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    # `Hughes-Fulford` and `O'Leary` are one word each.
    plain = plain.casefold().replace("'", "").replace("-", "")
    words = _NON_LETTERS.sub(" ", plain).split()
    return [word for word in words if word not in SUFFIXES] or words


def name_key(name: str) -> str:
    return " ".join(name_tokens(name))


def _sound(word: str) -> str:
    word = _SILENT_Y.sub("", word)
    for written, sound in _TRANSLITERATIONS:
        word = word.replace(written, sound)
    return _FINAL_ER.sub("r", _DOUBLED.sub(r"\1", word))


EXACT = "exact"
MIDDLE_NAMES = "middle names left out"
SPELLING = "given and family name, spelled differently"
INITIAL = "family name and initial"


@dataclass(frozen=True)
class Match:
    astronaut_id: int | None
    rule: str = ""
    problem: str = ""

    @property
    def is_loose(self) -> bool:
        """Whether the match is worth a curator's second look (not just middle names left out)."""
        return self.rule not in ("", EXACT, MIDDLE_NAMES)


@dataclass(frozen=True)
class _Parts:
    first: str
    middles: tuple[str, ...]
    family: str
    written: tuple[str, str]

    @classmethod
    def of(cls, tokens: list[str]) -> "_Parts":
        sounds = [_sound(token) for token in tokens]
        return cls(sounds[0], tuple(sounds[1:-1]), sounds[-1], (tokens[0], tokens[-1]))


class NameIndex:
    """
    Find astronauts by name, loosely where a clear rule allows:

    1. exact: the same words, ignoring case, accents, punctuation and Jr./III;
    2. given and family name: the same family name and given names that agree, where a
       name agrees with its initial (`C. Gordon Fullerton` is `Charles G. Fullerton`), missing
       middle names are no disagreement (`William Shepherd` is `William M. Shepherd`), people
       may go by their middle name (`Story Musgrave` is `Franklin Story Musgrave`), and
       transliterations are folded (`Yury`/`Yuri`/`Iouri`, `Aleksandr`/`Alexandr`);
    3. family name and first initial (`Dan Bursch` is `Daniel W. Bursch`), for crew lists only.
    """

    def __init__(self, people: Iterable[tuple[int, str]] = ()):
        self.names: dict[int, str] = {}
        self._exact = defaultdict(set)
        self._family = defaultdict(set)
        self._parts: dict[int, _Parts] = {}
        for astronaut_id, name in people:
            self.add(astronaut_id, name)

    def add(self, astronaut_id: int, name: str) -> None:
        tokens = name_tokens(name)
        if not tokens:
            return
        self.names[astronaut_id] = name
        self._exact[" ".join(tokens)].add(astronaut_id)
        parts = _Parts.of(tokens)
        self._parts[astronaut_id] = parts
        self._family[parts.family].add(astronaut_id)

    def add_alias(self, astronaut_id: int, name: str) -> None:
        """Let `name` find an astronaut known by another: exactly, by no looser rule."""
        if tokens := name_tokens(name):
            self._exact[" ".join(tokens)].add(astronaut_id)

    def match(self, name: str, *, initials: bool = True, accept=None) -> Match:
        """
        Find the one astronaut `name` names. `initials=False` leaves out the loosest rule;
        `accept(astronaut_id)` can rule candidates out (by name in original script, say).
        """
        tokens = name_tokens(name)
        if not tokens:
            return Match(None, problem="no name")
        rules = [(EXACT, self._exact.get(" ".join(tokens), set()))]
        if len(tokens) > 1:
            ours = _Parts.of(tokens)
            family = self._family.get(ours.family, set())
            agreeing = {i for i in family if _given_names_agree(ours, self._parts[i])}
            rules.append((MIDDLE_NAMES, agreeing))
            if initials:
                rules.append(
                    (INITIAL, {i for i in family if self._parts[i].first[0] == ours.first[0]})
                )
        for rule, found in rules:
            if accept:
                found = {astronaut_id for astronaut_id in found if accept(astronaut_id)}
            if len(found) == 1:
                astronaut_id = next(iter(found))
                if rule == MIDDLE_NAMES and self._parts[astronaut_id].written != ours.written:
                    rule = SPELLING
                return Match(astronaut_id, rule)
            if len(found) > 1:
                names = ", ".join(sorted(self.names[i] for i in found))
                return Match(None, problem=f"could be any of {names}")
        return Match(None, problem="no astronaut by that name")


def _same_or_initial(one: str, other: str) -> bool:
    if len(one) == 1 or len(other) == 1:
        return one[0] == other[0]
    return one == other


def _given_names_agree(ours: _Parts, theirs: _Parts) -> bool:
    if _same_or_initial(ours.first, theirs.first):
        return _middles_agree(ours.middles, theirs.middles)
    # Known by a middle name, written out: `Story Musgrave` is `Franklin Story Musgrave`.
    if not ours.middles and theirs.middles:
        return len(ours.first) > 1 and ours.first == theirs.middles[0]
    if not theirs.middles and ours.middles:
        return len(theirs.first) > 1 and theirs.first == ours.middles[0]
    return False


def _middles_agree(ours: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Middle names agree unless, past the ones both give, their initials differ."""
    only_ours = [m for m in ours if not any(_same_or_initial(m, t) for t in theirs)]
    only_theirs = [t for t in theirs if not any(_same_or_initial(t, m) for m in ours)]
    if not only_ours or not only_theirs:
        return True
    return only_ours[0][0] == only_theirs[0][0]
