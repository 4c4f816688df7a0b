"""
Renditions: the pipeline in astrophoto/imaging.py against the naive way, in one run.

    .venv/bin/python bench/renditions.py [--photos 6] [--size 6000x4000]

It writes large camera-like JPEGs (24 megapixels by default) to a temporary folder, then
makes the full rendition set of every photo (each configured width, WebP and JPEG) twice,
each way in a fresh process so that their memory peaks do not mix:

- naive: open, decode in full, resize every width from the original with LANCZOS;
- pipeline: astrophoto.imaging.make_renditions (DCT-scaled JPEG decoding, reducing_gap,
  each smaller size from the one above it).

Both encode with the same settings (astrophoto.imaging.encode), so the difference is decoding
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

from astrophoto.imaging import encode, make_renditions  # noqa: E402

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
    cpu_start, start = _cpu_seconds(), time.perf_counter()
    renditions = sum(make(path) for path in files)
    elapsed, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    return {
        "way": way,
        "photos": len(files),
        "renditions": renditions,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "peak_rss_mb": peak_rss_mb(),
    }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


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
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of each way (default 3).")
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
        # Rounds alternate the two ways, and each keeps its best round, so that other work on
        # the machine does not decide the comparison.
        rounds = {"naive": [], "pipeline": []}
        for round_number in range(args.rounds):
            order = ("naive", "pipeline") if round_number % 2 == 0 else ("pipeline", "naive")
            for way in order:
                rounds[way].append(in_fresh_process(way, files))

    best = {way: min(results, key=lambda r: r["seconds"]) for way, results in rounds.items()}
    print()
    print(
        f"{'way':<10}{'photos/s':>10}{'s/photo':>10}{'CPU s/photo':>13}{'peak RSS':>12}"
        f"{'renditions':>12}   (best of {args.rounds} rounds)"
    )
    for way, result in best.items():
        photos = result["photos"]
        cpu = min(r["cpu_seconds"] for r in rounds[way]) / photos
        peak = max(r["peak_rss_mb"] for r in rounds[way])
        print(
            f"{way:<10}{photos / result['seconds']:>10.2f}{result['seconds'] / photos:>10.3f}"
            f"{cpu:>13.3f}{peak:>9.0f} MB{result['renditions']:>12}"
        )
    speedup = best["naive"]["seconds"] / best["pipeline"]["seconds"]
    cpu_speedup = min(r["cpu_seconds"] for r in rounds["naive"]) / min(
        r["cpu_seconds"] for r in rounds["pipeline"]
    )
    pipeline_peak = max(r["peak_rss_mb"] for r in rounds["pipeline"])
    naive_peak = max(r["peak_rss_mb"] for r in rounds["naive"])
    print()
    print(
        f"Throughput: pipeline {speedup:.2f}x naive in photos per second "
        f"({cpu_speedup:.2f}x in CPU time); target: at least 3x"
    )
    print(
        f"Peak RSS: pipeline {pipeline_peak:.0f} MB, naive {naive_peak:.0f} MB; "
        f"target: under 200 MB"
    )


if __name__ == "__main__":
    main()
