"""
Pictures for the demo catalogue, painted with Pillow: a city at night, an aurora over the limb,
a river, mountains, dunes, a storm, the station, a spacewalk, a docked spacecraft, life and
science aboard. Each scene is drawn small and enlarged, so a 3:2 picture takes a fraction of a
second; the same seed always gives the same picture.
"""

import itertools
import math
import random
from collections.abc import Callable

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

CANVAS = (600, 400)


def paint(scene: str, seed: int, size: tuple[int, int] = (2400, 1600)) -> Image.Image:
    """Return the picture of `scene` for `seed`, at `size` pixels."""
    rng = random.Random(f"{scene}:{seed}")
    image = SCENES[scene](rng)
    image = image.resize(size, Image.Resampling.BICUBIC)
    # Film-like grain from the seeded generator, so the same seed gives the same bytes.
    grain = Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).convert("RGB")
    return Image.blend(image, grain, 0.03)


def _texture(rng: random.Random, low: tuple, high: tuple, cells: int = 24) -> Image.Image:
    """Smooth random variation between two colours, like terrain seen from orbit."""
    width, height = CANVAS
    small = Image.new("L", (cells, max(2, cells * height // width)))
    small.putdata([rng.randint(0, 255) for _ in range(small.width * small.height)])
    mask = small.resize(CANVAS, Image.Resampling.BICUBIC)
    return Image.composite(Image.new("RGB", CANVAS, high), Image.new("RGB", CANVAS, low), mask)


def _heightmap(rng: random.Random, octaves=(4, 8, 16, 32, 64)) -> Image.Image:
    """Fractal value noise: broad shapes with finer detail on top, as a greyscale image."""
    result = None
    for index, cells in enumerate(octaves):
        small = Image.new("L", (cells, max(2, cells * CANVAS[1] // CANVAS[0])))
        small.putdata([rng.randint(0, 255) for _ in range(small.width * small.height)])
        layer = small.resize(CANVAS, Image.Resampling.BICUBIC)
        result = layer if result is None else Image.blend(result, layer, 0.5 / (index + 1))
    return ImageOps.autocontrast(result, cutoff=1)


def _terrain(rng: random.Random, stops: list[tuple[int, tuple]]) -> Image.Image:
    """Colour a height map by elevation and light it from the west, like land from orbit."""
    height = _heightmap(rng)
    palette = []
    for level in range(256):
        lower = max((s for s in stops if s[0] <= level), key=lambda s: s[0])
        upper = min((s for s in stops if s[0] >= level), key=lambda s: s[0], default=lower)
        span = (upper[0] - lower[0]) or 1
        t = (level - lower[0]) / span
        palette.append(
            tuple(round(a + (b - a) * t) for a, b in zip(lower[1], upper[1], strict=True))
        )
    coloured = Image.merge(
        "RGB", [height.point([colour[band] for colour in palette]) for band in range(3)]
    )
    relief = height.filter(ImageFilter.EMBOSS).convert("RGB")
    return ImageChops.overlay(coloured, relief)


def _earth_below(rng: random.Random) -> Image.Image:
    """Ocean and broken cloud, as the station sees them looking down."""
    ocean = _terrain(rng, [(0, (10, 40, 90)), (255, (30, 80, 140))])
    clouds = _heightmap(rng, octaves=(6, 12, 24, 48)).point(lambda value: max(0, value - 120) * 2)
    return Image.composite(Image.new("RGB", CANVAS, (240, 242, 246)), ocean, clouds)


def _glow(layer: Image.Image, radius: float) -> Image.Image:
    return ImageChops.screen(layer, layer.filter(ImageFilter.GaussianBlur(radius)))


def _stars(draw: ImageDraw.ImageDraw, rng: random.Random, count: int, below: int) -> None:
    for _ in range(count):
        x, y = rng.uniform(0, CANVAS[0]), rng.uniform(0, below)
        shade = rng.randint(120, 255)
        draw.point((x, y), fill=(shade, shade, shade))


def _limb(draw: ImageDraw.ImageDraw, top: int, fill: tuple, glow: tuple) -> None:
    """Draw the curve of the Earth's horizon with its thin blue atmosphere."""
    width, _height = CANVAS
    radius = width * 1.6
    centre = (width / 2, top + radius)
    for offset, colour in ((6, glow), (0, fill)):
        box = (
            centre[0] - radius - offset,
            centre[1] - radius - offset,
            centre[0] + radius + offset,
            centre[1] + radius + offset,
        )
        draw.ellipse(box, fill=colour)


def city_night(rng: random.Random) -> Image.Image:
    land = _terrain(
        rng, [(0, (3, 6, 16)), (110, (3, 6, 16)), (120, (14, 12, 10)), (255, (22, 18, 14))]
    )
    image = land.copy()
    draw = ImageDraw.Draw(image)
    centres = [(rng.uniform(60, 540), rng.uniform(50, 350)) for _ in range(rng.randint(3, 6))]
    for (ax, ay), (bx, by) in itertools.pairwise(centres):  # highways between towns
        for step in range(300):
            t = step / 300
            x = ax + (bx - ax) * t + 12 * math.sin(t * 7 + ax)
            y = ay + (by - ay) * t + 12 * math.cos(t * 5 + by)
            if rng.random() < 0.5:
                draw.point((x + rng.gauss(0, 0.6), y + rng.gauss(0, 0.6)), fill=(255, 170, 70))
    for index, (cx, cy) in enumerate(centres):
        spread = rng.uniform(18, 45) * (1.8 if index == 0 else 1)
        for _ in range(int(spread * 40)):
            x, y = rng.gauss(cx, spread / 2.2), rng.gauss(cy, spread / 2.8)
            radius = rng.random() * 1.1
            colour = (255, rng.randint(180, 235), rng.randint(90, 150))
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    return _glow(image, 2.5)


def aurora(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", CANVAS, (1, 2, 6))
    draw = ImageDraw.Draw(image)
    _stars(draw, rng, 220, 240)
    curtains = Image.new("RGB", CANVAS)
    curtain_draw = ImageDraw.Draw(curtains)
    base, phase = rng.uniform(215, 245), rng.uniform(0, math.tau)
    for x in range(CANVAS[0]):
        strength = 0.5 + 0.5 * math.sin(x / 53 + phase) * math.sin(x / 17 + 2 * phase)
        height = 40 + 90 * strength + rng.uniform(0, 12)
        top = base - height + 18 * math.sin(x / 70 + phase)
        for y in range(int(top), int(base) + 15):
            fade = (y - top) / (base + 15 - top)
            green = int((60 + 150 * strength) * fade)
            curtain_draw.point((x, y), fill=(int(green * 0.15), green, int(green * 0.45)))
        curtain_draw.line(
            [(x, top - 25), (x, top)], fill=(int(60 * strength), 10, int(70 * strength))
        )
    image = ImageChops.screen(image, curtains.filter(ImageFilter.GaussianBlur(3)))
    draw = ImageDraw.Draw(image)
    _limb(draw, 285, (4, 7, 16), (40, 80, 150))
    return image


def river(rng: random.Random) -> Image.Image:
    image = _terrain(rng, [(0, (46, 70, 34)), (140, (92, 104, 60)), (255, (150, 130, 96))])
    draw = ImageDraw.Draw(image)
    y, phase = rng.uniform(80, 320), rng.uniform(0, math.tau)
    points = []
    for x in range(-10, CANVAS[0] + 10, 4):
        points.append((x, y + 45 * math.sin(x / 47 + phase) + 18 * math.sin(x / 13)))
    draw.line(points, fill=(96, 120, 110), width=14)
    draw.line(points, fill=(30, 60, 90), width=7)
    clouds = _texture(rng, (0, 0, 0), (255, 255, 255), cells=12).convert("L")
    clouds = clouds.point(lambda value: max(0, value - 170) * 3)
    return Image.composite(Image.new("RGB", CANVAS, (235, 238, 242)), image, clouds)


def mountains(rng: random.Random) -> Image.Image:
    return _terrain(
        rng,
        [
            (0, (60, 80, 50)),
            (90, (96, 84, 64)),
            (165, (120, 110, 100)),
            (200, (235, 238, 244)),
            (255, (250, 250, 252)),
        ],
    )


def desert(rng: random.Random) -> Image.Image:
    image = _terrain(rng, [(0, (170, 112, 60)), (128, (214, 160, 96)), (255, (240, 206, 150))])
    draw = ImageDraw.Draw(image)
    angle = rng.uniform(-0.4, 0.4)
    for row in range(-60, 460, 26):
        wavelength = rng.uniform(14, 22)
        line = [(x, row + x * angle + 7 * math.sin(x / wavelength)) for x in range(0, 610, 5)]
        draw.line(line, fill=(176, 118, 66), width=3)
    return image.filter(ImageFilter.GaussianBlur(0.8))


def weather(rng: random.Random) -> Image.Image:
    ocean = _terrain(rng, [(0, (8, 30, 72)), (255, (24, 64, 118))])
    clouds = Image.new("L", CANVAS)
    draw = ImageDraw.Draw(clouds)
    cx, cy, turn = rng.uniform(220, 380), rng.uniform(150, 250), rng.choice((-1, 1))
    for arm in range(3):
        for step in range(700):
            angle = turn * (step / 40 + arm * math.tau / 3)
            radius = 14 + step / 3.2
            x, y = cx + math.cos(angle) * radius, cy + math.sin(angle) * radius * 0.8
            size = 3 + step / 45 + rng.uniform(0, 6)
            draw.ellipse((x - size, y - size, x + size, y + size), fill=rng.randint(120, 255))
    texture = _heightmap(rng, octaves=(16, 32, 64)).point(lambda value: 110 + value // 2)
    clouds = ImageChops.multiply(clouds.filter(ImageFilter.GaussianBlur(3)), texture)
    return Image.composite(Image.new("RGB", CANVAS, (246, 247, 250)), ocean, clouds)


def station(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", CANVAS, (0, 0, 0))
    mask = Image.new("L", CANVAS)
    _limb(ImageDraw.Draw(mask), 250, 255, 255)
    image = Image.composite(_earth_below(rng), image, mask)
    _limb(ImageDraw.Draw(mask), 244, 255, 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 185, 600, 197), fill=(170, 170, 165))  # the truss
    for x in range(20, 600, 140):  # solar arrays
        for top in (60, 205):
            draw.rectangle((x, top, x + 110, top + 120), fill=(120, 85, 30))
            for line in range(x, x + 110, 8):
                draw.line([(line, top), (line, top + 120)], fill=(70, 50, 20))
    return image.filter(ImageFilter.GaussianBlur(0.6))


def spacewalk(rng: random.Random) -> Image.Image:
    image = _earth_below(rng)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 600, 70), fill=(0, 0, 0))
    draw.rectangle((0, 70, 600, 88), fill=(165, 165, 160))
    x, y = rng.uniform(220, 380), rng.uniform(170, 240)
    draw.ellipse((x - 24, y - 60, x + 24, y - 14), fill=(240, 240, 236))  # helmet
    draw.ellipse((x - 14, y - 48, x + 14, y - 26), fill=(200, 160, 60))  # visor
    draw.rounded_rectangle((x - 34, y - 18, x + 34, y + 70), radius=16, fill=(236, 236, 232))
    draw.line([(x - 30, y), (x - 90, y - 70)], fill=(236, 236, 232), width=16)  # arm to the rail
    draw.line([(x - 90, y - 70), (x - 90, 88)], fill=(180, 180, 175), width=5)
    return image


def spacecraft(rng: random.Random) -> Image.Image:
    image = _earth_below(rng)
    draw = ImageDraw.Draw(image)
    x, y = rng.uniform(230, 370), rng.uniform(160, 240)
    draw.polygon(
        [(x - 70, y + 60), (x + 70, y + 60), (x + 40, y - 60), (x - 40, y - 60)],
        fill=(238, 238, 236),
    )
    draw.rectangle((x - 58, y + 20, x + 58, y + 34), fill=(25, 25, 28))
    draw.rectangle((x - 18, y - 80, x + 18, y - 60), fill=(200, 200, 196))  # docking port
    return image


def crew_life(rng: random.Random) -> Image.Image:
    """The view from the Cupola: Earth through the windows, the frame in the foreground."""
    earth = weather(rng) if rng.random() < 0.5 else river(rng)
    frame = Image.new("RGB", CANVAS, (205, 200, 190))
    mask = Image.new("L", CANVAS)
    draw = ImageDraw.Draw(mask)
    cx, cy = 300, 200
    draw.regular_polygon((cx, cy, 70), 8, fill=255)
    for index in range(6):
        angle = index * math.tau / 6 + math.pi / 6
        x, y = cx + math.cos(angle) * 150, cy + math.sin(angle) * 150
        corners = [
            (x + math.cos(angle + a) * 62, y + math.sin(angle + a) * 62)
            for a in (-2.2, -0.9, 0.9, 2.2)
        ]
        draw.polygon(corners, fill=255)
    shading = Image.new("L", CANVAS)
    ImageDraw.Draw(shading).ellipse((-100, -140, 700, 540), fill=90)
    frame = ImageChops.multiply(
        frame,
        Image.merge("RGB", [shading.filter(ImageFilter.GaussianBlur(60))] * 3).point(
            lambda v: 150 + v
        ),
    )
    return Image.composite(earth, frame, mask.filter(ImageFilter.GaussianBlur(1)))


def science(rng: random.Random) -> Image.Image:
    image = _texture(rng, (120, 125, 130), (170, 175, 180), cells=6)
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 90, 480, 310), fill=(40, 44, 52))  # the glovebox
    draw.rectangle((135, 105, 465, 295), fill=(90, 150, 200))
    for cx in (210, 390):
        draw.ellipse((cx - 40, 230, cx + 40, 310), fill=(25, 25, 30))  # glove ports
    for _ in range(12):  # samples
        x, y = rng.uniform(160, 440), rng.uniform(120, 200)
        draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=(230, rng.randint(60, 200), 90))
    return _glow(image, 4)


def city_day(rng: random.Random) -> Image.Image:
    image = _terrain(rng, [(0, (70, 92, 52)), (255, (150, 140, 110))])
    draw = ImageDraw.Draw(image)
    coast = rng.uniform(380, 480)
    draw.polygon([(coast, 0), (600, 0), (600, 400), (coast - 60, 400)], fill=(20, 60, 110))
    cx, cy = coast - 120, rng.uniform(120, 280)
    for _ in range(70):  # the street grid
        x, y = rng.gauss(cx, 60), rng.gauss(cy, 50)
        draw.line([(x - 20, y), (x + 20, y)], fill=(190, 190, 185), width=1)
        draw.line([(x, y - 20), (x, y + 20)], fill=(190, 190, 185), width=1)
    return image


SCENES: dict[str, Callable[[random.Random], Image.Image]] = {
    "city-night": city_night,
    "aurora": aurora,
    "river": river,
    "mountains": mountains,
    "desert": desert,
    "weather": weather,
    "station": station,
    "spacewalk": spacewalk,
    "spacecraft": spacecraft,
    "crew-life": crew_life,
    "science": science,
    "city-day": city_day,
}
