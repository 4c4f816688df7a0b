"""
What one visitor does in bench/load.py: browse the gallery with mixed filters, page on,
open photos, search. Run by locust; bench/load.py sets it up and reads the results.

ASTROPHOTO_PHOTO_IDS (a "first-last" range of photo ids) says which photos exist.
"""

import os
import random
import re

from locust import FastHttpUser, constant, task

FILTERS = [
    "",
    "expedition=65",
    "expedition=65&expedition=66",
    "mission=alpha",
    "astronaut=thomas-pesquet&sort=taken",
    "subject=cities-at-night",
    "subject=earth&year=2021",
    "taken_after=2021-05-01&taken_before=2021-05-31",
    "has_location=true&sort=added",
    "camera=NIKON+D5",
    "expedition=51&subject=the-station",
    "mission=proxima&sort=taken",
]
SEARCHES = [
    "paris",
    "aurora",
    "night lights",
    "amazon",
    "hurricane",
    "cupola",
    "tokyo at night",
    "andes glaciers",
    "nothing-matches-this",
]
NEXT_PAGE = re.compile(r'<a[^>]+rel="next"[^>]+href="([^"]+)"|<a[^>]+href="([^"]+)"[^>]+rel="next"')


def photo_ids() -> tuple[int, int]:
    first, last = os.environ.get("ASTROPHOTO_PHOTO_IDS", "1-1").split("-")
    return int(first), int(last)


class Visitor(FastHttpUser):
    # Closed loop, no pause: each of the users sends its next request as soon as it has an answer.
    wait_time = constant(0)

    def on_start(self):
        self.first_id, self.last_id = photo_ids()

    @task(4)
    def gallery(self):
        query = random.choice(FILTERS)
        self.client.get(f"/photos/?{query}", name="/photos/?[filters]")

    @task(2)
    def gallery_pages(self):
        with self.client.get(
            f"/photos/?{random.choice(FILTERS)}", name="/photos/?[filters]", catch_response=True
        ) as response:
            found = NEXT_PAGE.search(response.text or "")
        for _page in range(3):
            if not found:
                return
            url = (found.group(1) or found.group(2)).replace("&amp;", "&")
            response = self.client.get(url, name="/photos/?cursor=[next page]")
            found = NEXT_PAGE.search(response.text or "")

    @task(4)
    def photo(self):
        photo_id = random.randint(self.first_id, self.last_id)
        language = random.choice(["", "", "/fr"])
        self.client.get(f"{language}/photos/{photo_id}/", name="/photos/[id]/")

    @task(3)
    def search(self):
        words = random.choice(SEARCHES)
        self.client.get(f"/photos/?q={words}", name="/photos/?q=[words]")

    @task(1)
    def home(self):
        self.client.get("/", name="/")

    @task(1)
    def entity_pages(self):
        path = random.choice(
            [
                "/expeditions/65/",
                "/missions/alpha/",
                "/astronauts/thomas-pesquet/",
                "/subjects/aurora/",
            ]
        )
        self.client.get(path, name="/[expedition, mission, astronaut, subject]/")
