from urllib.parse import urlencode

from django.db import connection
from django.test import TestCase, TransactionTestCase

from gallery import search_index
from gallery.models import Photo
from gallery.search import Search, fts5_expression, search_words, web_search_terms
from tests.factories import make_catalogue, make_photo, make_published_photo, utc


def found(text: str, queryset=None) -> set[str]:
    photos = Photo.objects.all() if queryset is None else queryset
    return {photo.title for photo in photos.search(text)}


class SearchTests(TestCase):
    """The same search on every database: its full-text index, or its near-miss fallback."""

    @classmethod
    def setUpTestData(cls):
        make_photo(
            with_image=False,
            title="Paris at night",
            nasa_id="ISS065-E-394522",
            caption_fr="La Ville Lumière la nuit",
            place="Paris, France",
        )
        make_photo(
            with_image=False,
            title="Nile delta",
            nasa_id="ISS065-E-39452",
            caption_en="The delta at dawn",
            features="Nile River; Mediterranean Sea",
        )
        make_photo(with_image=False, title="100% cloud", caption_en="Cloud_cover everywhere")
        make_photo(with_image=False, title="The river Pô", place="Pô, Italy")
        make_photo(with_image=False, title="Lake shore", caption_en="Rivers run into Lake Geneva")
        make_photo(with_image=False, title="Marseille harbour", place="Marseille, France")

    def test_nasa_id_in_either_spelling_finds_exactly_that_photo(self):
        for text in ("ISS065-E-394522", "iss065e394522", "  ISS65-E-394522 "):
            assert found(text) == {"Paris at night"}, text

    def test_every_word_must_match_some_field(self):
        assert found("nile dawn") == {"Nile delta"}
        assert found("nile paris") == set()

    def test_words_match_title_captions_in_both_languages_place_and_features(self):
        assert found("lumière") == {"Paris at night"}
        assert found("france") == {"Paris at night", "Marseille harbour"}
        assert found("mediterranean") == {"Nile delta"}

    def test_case_and_accents_are_folded_both_ways(self):
        assert found("po") == {"The river Pô"}
        assert found("PÔ") == {"The river Pô"}
        assert found("lumiere") == {"Paris at night"}

    def test_english_words_are_found_by_their_stem(self):
        assert found("rivers") == {"The river Pô", "Nile delta", "Lake shore"}
        assert found("river") == found("rivers")

    def test_part_of_a_nasa_id_matches_as_text(self):
        assert found("ISS065") == {"Paris at night", "Nile delta"}

    def test_a_nasa_id_among_words_must_match_too(self):
        assert found("paris iss065e394522") == {"Paris at night"}
        assert found("nile iss065e394522") == set()

    def test_nasa_ids_joined_with_or_find_either_photo(self):
        assert found("ISS065-E-394522 or ISS065-E-39452") == {"Paris at night", "Nile delta"}
        assert found("iss065e394522 OR nile") == {"Paris at night", "Nile delta"}
        assert found("paris ISS065-E-394522 or marseille") == {
            "Paris at night",
            "Marseille harbour",
        }

    def test_a_quoted_phrase_keeps_its_quotes_beside_a_nasa_id(self):
        side_by_side = Search('"ville lumière" ISS065-E-394522')
        assert {p.title for p in side_by_side.filter(Photo.objects.all())} == {"Paris at night"}
        assert not side_by_side.near_miss
        # Both words are in the caption, but not side by side: only a near miss finds it.
        apart = Search('"lumière ville" ISS065-E-394522')
        apart.filter(Photo.objects.all())
        assert apart.near_miss

    def test_a_nasa_id_to_exclude_is_excluded(self):
        assert found("france -ISS065-E-394522") == {"Marseille harbour"}

    def test_a_nasa_id_written_as_a_file_name_finds_its_photo(self):
        for text in ("ISS065-E-394522.JPG", "iss065e394522.jpeg", "paris ISS065-E-394522.jpg"):
            assert found(text) == {"Paris at night"}, text

    def test_web_search_syntax_phrases_alternatives_and_exclusions(self):
        assert found('"paris at night"') == {"Paris at night"}
        apart = Search('"nile dawn"')  # both words in one photo, but not side by side
        apart.filter(Photo.objects.all())
        assert apart.near_miss
        assert found("nile or marseille") == {"Nile delta", "Marseille harbour"}
        assert found("france -marseille") == {"Paris at night"}

    def test_search_syntax_characters_are_read_as_text(self):
        assert found("100%") == {"100% cloud"}
        for text in ('"', "*", "NEAR(", "{title}:", "(", "-", "AND", ":"):
            with self.subTest(text=text):
                found(text)  # no database error, whatever it matches

    def test_a_misspelt_word_is_found_as_a_near_miss_when_nothing_else_matches(self):
        # PostgreSQL finds a misspelling by trigrams, SQLite a part of a word.
        search = Search("arseill" if connection.vendor == "sqlite" else "marsseille")
        assert {photo.title for photo in search.filter(Photo.objects.all())} == {
            "Marseille harbour"
        }
        assert search.near_miss
        # Near misses hold no word of the query: all of them fall in the last relevance tier.
        strong, rest = search.tiers(connection.alias)
        assert not Photo.objects.filter(strong).exists()
        assert Photo.objects.filter(rest).filter(title="Marseille harbour").exists()

    def test_near_misses_are_not_searched_when_full_text_finds_something(self):
        search = Search("harbour")
        assert {photo.title for photo in search.filter(Photo.objects.all())} == {
            "Marseille harbour"
        }
        assert not search.near_miss

    def test_only_the_given_photos_are_searched(self):
        photos = Photo.objects.filter(title__startswith="Paris")
        assert found("france", photos) == {"Paris at night"}
        assert found("iss065e39452", photos) == set()

    def test_quotes_and_punctuation_around_words_are_ignored(self):
        assert search_words('"Nile", (dawn)!') == ["Nile", "dawn"]
        assert len(search_words("a " * 50)) == 12


def fts5_query(text: str) -> str | None:
    return fts5_expression(web_search_terms(text))


class FTS5QueryTests(TestCase):
    def test_web_search_syntax_is_written_as_fts5_with_every_term_quoted(self):
        assert fts5_query("paris night") == '"paris" AND "night"'
        assert fts5_query('po "paris night" -clouds or aurora') == (
            '"po" AND "paris night" NOT "clouds" OR "aurora"'
        )
        assert fts5_query('NEAR("a" b') == '"NEAR( a" AND "b"'
        assert fts5_query("{title}: x*") == '"{title}:" AND "x*"'

    def test_nothing_to_search_is_none(self):
        for text in ("", "   ", '"', "-clouds", "- ( )"):
            assert fts5_query(text) is None, text


class RelevanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = make_catalogue()
        common = {"expedition": cls.c.e65, "mission": cls.c.alpha, "photographer": cls.c.pesquet}
        make_published_photo(title="Glaciers of Patagonia", taken_at=utc(2021, 5, 1), **common)
        make_published_photo(
            title="Andes",
            caption_en="Snow and glaciers on the Andes.",
            taken_at=utc(2021, 9, 1),
            **common,
        )
        make_published_photo(
            title="Ice fields", features="Glaciers; Ice caps", taken_at=utc(2021, 4, 28), **common
        )

    def titles(self, url: str) -> list[str]:
        response = self.client.get(url)
        assert response.status_code == 200
        return [photo.title for photo in response.context["page"]]

    def test_relevance_is_the_default_with_words_title_place_and_features_before_captions(self):
        # The caption-only match is the newest, yet comes after the other two.
        assert self.titles("/photos/?q=glaciers") == [
            "Glaciers of Patagonia",
            "Ice fields",
            "Andes",
        ]
        assert self.titles("/photos/?q=glaciers&sort=relevance") == self.titles(
            "/photos/?q=glaciers"
        )

    def test_a_date_order_can_still_be_chosen_with_words(self):
        assert self.titles("/photos/?q=glaciers&sort=-taken") == [
            "Andes",
            "Glaciers of Patagonia",
            "Ice fields",
        ]

    def test_relevance_is_offered_only_with_words_and_ignored_without(self):
        with_words = self.client.get("/photos/?q=glaciers").content.decode()
        without = self.client.get("/photos/").content.decode()

        assert '<option value="relevance"' in with_words
        assert '<option value="relevance"' not in without
        assert self.titles("/photos/?sort=relevance") == self.titles("/photos/")

    def test_a_query_with_nothing_to_search_for_finds_nothing(self):
        for text in ("\x01", "...", "\u200b"):
            with self.subTest(text=text):
                assert self.titles(f"/photos/?{urlencode({'q': text})}") == []

    def test_words_to_exclude_are_excluded_in_either_language(self):
        # "Andes" holds the word in its English caption only: the French reading of
        # "-glaciers" alone would have kept it.
        titles = self.titles("/photos/?q=-glaciers")
        assert "Paris at night" in titles
        assert not {"Glaciers of Patagonia", "Ice fields", "Andes"} & set(titles)
        assert self.titles("/photos/?q=glaciers+-andes") == ["Glaciers of Patagonia", "Ice fields"]
        either = set(self.titles("/photos/?q=patagonia+or+-glaciers+-night"))
        assert {"Glaciers of Patagonia", "Sahara"} <= either
        assert not {"Andes", "Ice fields", "Paris at night"} & either

    def test_relevance_pages_walk_both_tiers_forward_and_back(self):
        with self.settings(GALLERY_PAGE_SIZE=1):
            response = self.client.get("/photos/?q=glaciers")
            seen = [photo.title for photo in response.context["page"]]
            while response.context["page"].has_next:
                cursor = response.context["page"].next_cursor
                response = self.client.get(f"/photos/?q=glaciers&cursor={cursor}")
                seen += [photo.title for photo in response.context["page"]]
            back = []
            while response.context["page"].has_previous:
                cursor = response.context["page"].previous_cursor
                response = self.client.get(f"/photos/?q=glaciers&cursor={cursor}")
                back += [photo.title for photo in response.context["page"]]

        assert seen == ["Glaciers of Patagonia", "Ice fields", "Andes"]
        assert back == ["Ice fields", "Glaciers of Patagonia"]

    def test_previous_and_next_on_a_photo_page_follow_relevance(self):
        andes = Photo.objects.get(title="Andes")
        ice = Photo.objects.get(title="Ice fields")
        response = self.client.get(f"/photos/{andes.pk}/?q=glaciers")

        assert response.context["previous"] == ice
        assert response.context["next"] is None


class SearchIndexKeptInStepTests(TransactionTestCase):
    """Rows are indexed, re-indexed and forgotten as they change, on either database."""

    def test_a_changed_title_is_found_by_its_new_words_only(self):
        photo = make_photo(with_image=False, title="Sunrise over Sicily")
        photo.title = "Sunset over Sardinia"
        photo.save()

        assert found("sardinia") == {"Sunset over Sardinia"}
        assert found("sicily") == set()

    def test_a_deleted_photo_is_no_longer_found(self):
        make_photo(with_image=False, title="Glacier")
        Photo.objects.filter(title="Glacier").delete()

        assert found("glacier") == set()

    def test_triggers_dropped_by_a_table_rebuild_are_put_back_and_the_index_rebuilt(self):
        photo = make_photo(with_image=False, title="Crater lake")
        if connection.vendor != "sqlite":
            assert not search_index.ensure_triggers(connection)
            return
        with connection.cursor() as cursor:
            for name in search_index.TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
        Photo.objects.filter(pk=photo.pk).update(title="Volcano")  # unseen by the index

        assert search_index.ensure_triggers(connection)
        assert not search_index.ensure_triggers(connection)
        assert found("volcano") == {"Volcano"}
        assert found("crater") == set()
