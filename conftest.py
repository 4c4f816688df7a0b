"""
Test set-up shared by the whole suite.

pytest-django runs every TestCase (rolled back, migrated data intact) before any
TransactionTestCase (flushed after each test), so the transactional tests never take rows
made by data migrations, such as the Curators group, away from the others.
"""

import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests: a CI-sized run by default, a long one with HYPOTHESIS_PROFILE=thorough.
# No deadline: a request's time depends on the machine, not on the property under test.
hypothesis_settings.register_profile(
    "ci", max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile(
    "thorough", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory, django_test_environment):
    """
    Collect static files once per run into a temporary folder.

    Tests run with DEBUG off, so pages name static files through the production
    storage (hashed names from the manifest): a template that names a missing file fails
    here as it would in production, and the live server serves what whitenoise would.
    """
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


@pytest.fixture(scope="session", autouse=True)
def session_media_root(tmp_path_factory, django_test_environment):
    """Keep files made outside a test function (setUpTestData) out of the real media folder."""
    root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=root):
        yield root


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Give every test its own empty media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english():
    """Start every test in English: a request to a /fr/ page leaves French active in its thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
