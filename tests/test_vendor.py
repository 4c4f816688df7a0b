"""The front-end libraries: installed from package-lock.json, copied, and their licences listed."""

import json
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_front_end_package_is_pinned_copied_and_its_licence_listed():
    manifest = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    licences = (ROOT / "docs" / "licences.md").read_text()
    packages = [*manifest.get("dependencies", {}), *manifest.get("devDependencies", {})]
    for package in packages:
        installed = lock["packages"][f"node_modules/{package}"]
        assert f"| `{package}` | {installed['version']} | {installed['license']} |" in licences
        if package in manifest.get("dependencies", {}):  # served; dev ones run in tests
            assert package in manifest["astrophoto"]["vendor"], package
    for package, paths in manifest["astrophoto"]["vendor"].items():
        for relative in paths:
            assert (ROOT / "static" / "vendor" / package / relative).exists(), (package, relative)
