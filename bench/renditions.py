"""
Renditions: the pipeline in gallery/imaging.py against the naive way, in one run.

    .venv/bin/python bench/renditions.py [--photos 6] [--size 6000x4000]

It writes large camera-like JPEGs (24 megapixels by default) to a temporary folder, then
makes the full rendition set of every photo (each configured width, WebP and JPEG) twice,
each way in a fresh process so that their memory peaks do not mix:

- naive: open, decode in full, resize every width from the original with LANCZOS;
- pipeline: gallery.imaging.make_renditions (DCT-scaled JPEG decoding, reducing_gap,
  each smaller size from the one above it).

Both encode with the same settings (gallery.imaging.encode), so the difference is decoding
and resizing. It prints photos per second, peak resident memory, and the ratios.
"""

import argparse
import io
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageFilter  # noqa: E402

from gallery.imaging import encode, make_renditions  # noqa: E402

WIDTHS = (320, 640, 1280, 2048)
FORMATS = ("webp", "jpeg")


def camera_like_jpeg(path: Path, size: tuple[int, int], seed: int) -> None:
    """Write a JPEG with a camera's mix of broad shapes, fine detail and sensor grain."""
    width, height = size
    small = (max(1, width // 16), max(1, height // 16))
    channels = []
    for band in range(3):
        shapes = Image.effect_noise(small, 60 + 10 * band).filter(ImageFilter.GaussianBlur(2))
        shapes = shapes.resize(size, Image.Resampling.BICUBIC)
        grain = Image.effect_noise(size, 24 + seed % 5)
        channels.append(Image.blend(shapes, grain, 0.5))
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", channels)
    image = Image.composite(image, Image.new("RGB", size, (10, 20, 40)), gradient)
    image.save(path, "JPEG", quality=92)


def naive(path: Path) -> int:
    made = 0
    with Image.open(path) as image:
        image.load()
        width, height = image.size
        for target in WIDTHS:
            if target > width:
                continue
            size = (target, round(height * target / width))
            resized = image.resize(size, Image.Resampling.LANCZOS).convert("RGB")
            for format in FORMATS:
                made += len(encode(resized, format)) > 0
    return made


def pipeline(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for _ in make_renditions(stream, WIDTHS, FORMATS))


def peak_rss_mb() -> float:
    """Return this process's peak resident memory (VmHWM, which exec resets, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(way: str, files: list[Path]) -> dict:
    """Make every photo's renditions one way, in this process, and report time and memory."""
    make = {"naive": naive, "pipeline": pipeline}[way]
    # One photo first, untimed, so that neither way pays for first-call set-up in the figures.
    make(files[0])
    start = time.perf_counter()
    renditions = sum(make(path) for path in files)
    elapsed = time.perf_counter() - start
    return {
        "way": way,
        "photos": len(files),
        "renditions": renditions,
        "seconds": elapsed,
        "photos_per_second": len(files) / elapsed,
        "peak_rss_mb": peak_rss_mb(),
    }


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def in_fresh_process(way: str, files: list[Path]) -> dict:
    command = [sys.executable, __file__, "--measure", way, *map(str, files)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    parser.add_argument("--photos", type=int, default=6, help="How many photos (default 6).")
    parser.add_argument("--size", default="6000x4000", help="Pixels, WIDTHxHEIGHT (24 MP).")
    parser.add_argument("--measure", choices=["naive", "pipeline"], help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.files)))
        return

    size = tuple(int(n) for n in args.size.lower().split("x"))
    megapixels = size[0] * size[1] / 1e6
    print(
        f"Machine: {cpu_name()}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}, Pillow {Image.__version__}"
    )
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for n in range(args.photos):
            path = Path(folder) / f"photo-{n}.jpg"
            camera_like_jpeg(path, size, seed=n)
            files.append(path)
        average = sum(p.stat().st_size for p in files) / len(files) / 1e6
        print(
            f"Photos: {args.photos} JPEGs of {size[0]}x{size[1]} ({megapixels:.1f} MP, "
            f"{average:.1f} MB on average); widths {', '.join(map(str, WIDTHS))} in "
            f"{' and '.join(FORMATS)}"
        )
        # Read every file once so that both ways start with them in the page cache.
        for path in files:
            io.BytesIO(path.read_bytes())
        results = {way: in_fresh_process(way, files) for way in ("naive", "pipeline")}

    print()
    print(f"{'way':<10}{'photos/s':>10}{'s/photo':>10}{'peak RSS':>12}{'renditions':>12}")
    for result in results.values():
        print(
            f"{result['way']:<10}{result['photos_per_second']:>10.2f}"
            f"{result['seconds'] / result['photos']:>10.3f}"
            f"{result['peak_rss_mb']:>9.0f} MB{result['renditions']:>12}"
        )
    naive_result, pipeline_result = results["naive"], results["pipeline"]
    speedup = pipeline_result["photos_per_second"] / naive_result["photos_per_second"]
    memory = pipeline_result["peak_rss_mb"] / naive_result["peak_rss_mb"]
    print()
    print(f"Throughput: pipeline {speedup:.2f}x naive (target: at least 3x)")
    print(
        f"Peak RSS: pipeline {pipeline_result['peak_rss_mb']:.0f} MB, {memory:.2f}x naive "
        f"(target: under 200 MB)"
    )


if __name__ == "__main__":
    main()
