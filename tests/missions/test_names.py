import pytest

from missions.importers.names import (
    EXACT,
    INITIAL,
    MIDDLE_NAMES,
    SPELLING,
    NameIndex,
    display_name,
    name_key,
    without_agency,
)


@pytest.mark.parametrize(
    ("text", "nationality", "expected"),
    [
        ("Gagarin, Yuri", "RU", "Yuri Gagarin"),
        ("Glenn, John H., Jr.", "US", "John H. Glenn Jr."),
        ("Duke, Jr. Charles Moss", "US", "Charles Moss Duke Jr."),
        ("Sacco, Albert Jr.", "US", "Albert Sacco Jr."),
        ("Mattingly, Thomas K., II", "US", "Thomas K. Mattingly II"),
        ("Yang, Liwei", "CN", "Yang Liwei"),
        ("Vladimir Remek", "CZ", "Vladimir Remek"),
        ("  Mario  Runco Jr. ", "", "Mario Runco Jr."),
    ],
)
def test_display_name_writes_given_names_first_except_where_custom_differs(
    text, nationality, expected
):
    assert display_name(text, nationality=nationality) == expected


def test_name_key_ignores_case_accents_punctuation_suffixes_and_asides():
    assert name_key("Jean-Loup J. M. CHRÉTIEN, Jr.") == name_key("jeanloup j m chretien")
    assert name_key("Tracy E. Caldwell (Dyson)") == "tracy e caldwell"
    assert without_agency("William Shepherd (NASA)") == "William Shepherd"


class TestNameIndex:
    index = NameIndex(
        [
            (1, "William M. Shepherd"),
            (2, "Yuri Onufrienko"),
            (3, "Daniel W. Bursch"),
            (4, "Charles G. Fullerton"),
            (5, "Franklin Story Musgrave"),
            (6, "Gregory C. Johnson"),
            (7, "Gregory H. Johnson"),
            (8, "Michael Collins"),
            (9, "Eileen M. Collins"),
            (10, "Maksim Surayev"),
            (11, "Yelena Serova"),
            (12, "Aleksandr Kaleri"),
            (13, "Mark Vande Hei"),
            (14, "Millie Elizabeth Hughes-Fulford"),
        ]
    )

    @pytest.mark.parametrize(
        ("name", "astronaut_id", "rule"),
        [
            ("william m. SHEPHERD", 1, EXACT),
            ("William Shepherd", 1, MIDDLE_NAMES),
            ("Iouri Onoufrienko", 2, SPELLING),
            ("Yury Onufrienko", 2, SPELLING),
            ("C. Gordon Fullerton", 4, SPELLING),
            ("Story Musgrave", 5, SPELLING),
            ("Maxim Suraev", 10, SPELLING),
            ("Elena Serova", 11, SPELLING),
            ("Alexander Kaleri", 12, SPELLING),
            ("Mark T. Vande Hei", 13, MIDDLE_NAMES),
            ("Millie Hughes-Fulford", 14, MIDDLE_NAMES),
            ("Dan Bursch", 3, INITIAL),
            ("Eileen Collins", 9, MIDDLE_NAMES),
        ],
    )
    def test_names_match_by_the_first_rule_that_finds_one_astronaut(self, name, astronaut_id, rule):
        match = self.index.match(name)

        assert (match.astronaut_id, match.rule) == (astronaut_id, rule)

    def test_a_middle_initial_is_not_taken_for_a_first_name(self):
        # Eileen M. Collins is not Michael Collins, however the M. may be read.
        assert self.index.match("Michael Collins").astronaut_id == 8
        assert self.index.match("Eileen M. Collins").astronaut_id == 9

    def test_two_people_the_name_fits_are_ambiguous(self):
        match = self.index.match("Gregory Johnson")

        assert match.astronaut_id is None
        assert match.problem == "could be any of Gregory C. Johnson, Gregory H. Johnson"

    def test_different_middle_initials_are_different_people(self):
        assert self.index.match("Gregory D. Johnson", initials=False).astronaut_id is None

    def test_the_initial_rule_is_left_out_on_request(self):
        assert self.index.match("Dan Bursch", initials=False).astronaut_id is None

    def test_candidates_can_be_ruled_out(self):
        match = self.index.match("William Shepherd", accept=lambda astronaut_id: False)

        assert (match.astronaut_id, match.problem) == (None, "no astronaut by that name")
