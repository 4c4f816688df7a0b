"""
Copy the front-end libraries installed by npm into static/vendor/, where the site serves
them from (never from a CDN). Run by `./dev` after `npm ci`; what is copied is declared in
package.json under "astrophoto" -> "vendor": {package: [paths inside the package]}.

    python ops/vendor_assets.py
"""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "static" / "vendor"


def main() -> int:
    manifest = json.loads((ROOT / "package.json").read_text())
    vendor = manifest.get("astrophoto", {}).get("vendor", {})
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    for package, paths in vendor.items():
        source = ROOT / "node_modules" / package
        if not source.is_dir():
            print(f"vendor_assets: {package} is not installed; run npm ci", file=sys.stderr)
            return 1
        for relative in paths:
            origin, destination = source / relative, TARGET / package / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            if origin.is_dir():
                shutil.copytree(origin, destination)
            else:
                shutil.copy2(origin, destination)
        for licence in source.glob("LICEN[CS]E*"):
            shutil.copy2(licence, TARGET / package / licence.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
