import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import TestCase

from tests.factories import make_catalogue

LOCALE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed"
)


def msgids(po_file: Path) -> set[str]:
    """Read the msgids of a .po file (with msgctxt), through msgcat so that wrapping is uniform."""
    text = subprocess.run(
        ["msgcat", "--no-wrap", "--sort-output", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ids, context = set(), ""
    for line in text.splitlines():
        if line.startswith("msgctxt "):
            context = line[8:]
        elif line.startswith("msgid ") and line != 'msgid ""':
            ids.add(context + line[6:])
            context = ""
    return ids


@needs_gettext
def test_french_catalogue_has_no_untranslated_or_fuzzy_message():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(LOCALE / "django.po")],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@needs_gettext
def test_compiled_catalogue_is_up_to_date(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "-o", str(compiled), str(LOCALE / "django.po")], check=True, capture_output=True
    )

    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes(), (
        "Run: msgfmt -o locale/fr/LC_MESSAGES/django.mo locale/fr/LC_MESSAGES/django.po"
    )


@needs_gettext
def test_every_translatable_string_is_in_the_french_catalogue(tmp_path):
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "tree"
    for name in ("astrophoto", "demo", "gallery", "missions", "templates", "manage.py"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    (copy / "locale").mkdir()
    environment = {**os.environ, "DEBUG": "1", "ASTROPHOTO_DATA_DIR": str(tmp_path / "var")}
    environment.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location"],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
    )

    missing = msgids(copy / "locale/fr/LC_MESSAGES/django.po") - msgids(LOCALE / "django.po")
    assert not missing, f"Add to locale/fr/LC_MESSAGES/django.po and compile: {sorted(missing)}"


class LanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = make_catalogue()

    def test_french_addresses_give_the_interface_in_french(self):
        response = self.client.get("/fr/photos/")

        self.assertContains(response, '<html lang="fr">')
        for text in (
            "Filtrer les photos",
            "Afficher les photos",
            "Aller au contenu",
            "Expéditions",
        ):
            self.assertContains(response, text)
        self.assertNotContains(response, "Skip to content")

    def test_addresses_without_prefix_are_english_whatever_the_browser_prefers(self):
        response = self.client.get("/photos/", HTTP_ACCEPT_LANGUAGE="fr")

        self.assertContains(response, '<html lang="en">')

    def test_language_switcher_keeps_the_page_and_its_filters(self):
        english = self.client.get("/photos/?expedition=65&subject=aurora")
        french = self.client.get("/fr/photos/?expedition=65&subject=aurora")

        self.assertContains(
            english,
            '<a href="/fr/photos/?expedition=65&amp;subject=aurora" hreflang="fr" lang="fr">'
            "Français</a>",
        )
        self.assertContains(
            french,
            '<a href="/photos/?expedition=65&amp;subject=aurora" hreflang="en" lang="en">'
            "English</a>",
        )

    def test_pages_declare_their_other_languages(self):
        response = self.client.get("/expeditions/65/")

        self.assertContains(
            response,
            '<link rel="alternate" hreflang="fr" href="http://testserver/fr/expeditions/65/">',
        )

    def test_admin_stays_outside_the_language_prefix(self):
        assert self.client.get("/admin/login/").status_code == 200
        assert self.client.get("/fr/admin/login/").status_code == 404

    def test_dates_and_numbers_follow_the_language(self):
        response = self.client.get("/fr/photos/ISS065-E-394522/")

        self.assertContains(response, "3 mai 2021")
        self.assertContains(response, "48,8566° N, 2,3522° E")
