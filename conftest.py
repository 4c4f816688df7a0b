import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Give every test its own empty media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
