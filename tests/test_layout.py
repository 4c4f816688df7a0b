"""
The layout the README describes, checked: `gallery` depends on `missions`, never the other way
round, and no product app imports the demo catalogue.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PRODUCT_APPS = ("astrophoto", "gallery", "missions")


def imported_packages(source: str) -> set[str]:
    """
    Return the top-level packages `source` imports, wherever the import statement stands
    (module level, inside a function, under `if TYPE_CHECKING:`).
    """
    packages = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            packages.update(alias.name.partition(".")[0] for alias in node.names)
        # A relative import stays inside its own top-level package.
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            packages.add(node.module.partition(".")[0])
    return packages


def importers(apps: tuple[str, ...], package: str) -> list[str]:
    """Return the modules of `apps` that import `package`, as paths from the repository root."""
    return [
        str(path.relative_to(ROOT))
        for app in apps
        for path in sorted((ROOT / app).rglob("*.py"))
        if package in imported_packages(path.read_text(encoding="utf-8"))
    ]


def test_imported_packages_finds_imports_wherever_they_stand():
    source = (
        "import os.path, demo.scenes as scenes\n"
        "from gallery.models import Photo\n"
        "from . import sibling\n"
        "from .models import Photo\n"
        "if TYPE_CHECKING:\n"
        "    from astrophoto import pagination\n"
        "def later():\n"
        "    import missions\n"
    )

    assert imported_packages(source) == {"os", "demo", "gallery", "astrophoto", "missions"}


def test_the_scan_reads_every_product_app():
    django_users = importers(PRODUCT_APPS, "django")

    assert {path.partition("/")[0] for path in django_users} == set(PRODUCT_APPS)
    assert importers(("gallery",), "missions"), "gallery depends on missions"


def test_no_product_app_imports_the_demo():
    assert importers(PRODUCT_APPS, "demo") == []


def test_missions_never_imports_gallery():
    assert importers(("missions",), "gallery") == []
