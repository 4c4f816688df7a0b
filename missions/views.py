"""
Pages about astronauts, missions and expeditions.

Their photos come through the reverse relations (`expedition.photos.public()`), so this
module lists photos without importing the gallery app, which depends on this one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from astrophoto.pagination import EARLIEST, page_context, render_listing
from missions.models import Astronaut, Expedition, Mission

PHOTO_ORDERING = "-taken_key"


def photo_context(request: HttpRequest, photos, filter_query: str) -> dict:
    """Page through an entity's public photos; `filter_query` is the same list in the gallery."""
    return {
        **page_context(
            request, photos.public().for_cards(), PHOTO_ORDERING, settings.GALLERY_PAGE_SIZE
        ),
        "context_query": filter_query,
    }


def astronaut_list(request: HttpRequest) -> HttpResponse:
    astronauts = Astronaut.objects.select_related("agency")
    context = page_context(request, astronauts, "name", settings.LIST_PAGE_SIZE)
    return render_listing(request, "missions/astronaut_list.html", context)


def astronaut_detail(request: HttpRequest, slug: str) -> HttpResponse:
    astronaut = get_object_or_404(Astronaut.objects.select_related("agency"), slug=slug)
    context = {
        "astronaut": astronaut,
        "mission_memberships": astronaut.mission_memberships.select_related(
            "mission__launch_spacecraft"
        ).order_by("mission__launch_at"),
        "expedition_memberships": astronaut.expedition_memberships.select_related(
            "expedition"
        ).order_by("expedition__number"),
        **photo_context(request, astronaut.photos, f"astronaut={astronaut.slug}"),
    }
    return render_listing(request, "missions/astronaut_detail.html", context)


def mission_list(request: HttpRequest) -> HttpResponse:
    # Missions without a launch date last, in the same single query as the others.
    missions = Mission.objects.select_related("agency", "launch_spacecraft").annotate(
        launch_key=Coalesce("launch_at", Value(EARLIEST), output_field=models.DateTimeField())
    )
    context = page_context(request, missions, "-launch_key", settings.LIST_PAGE_SIZE)
    return render_listing(request, "missions/mission_list.html", context)


def mission_detail(request: HttpRequest, slug: str) -> HttpResponse:
    mission = get_object_or_404(
        Mission.objects.select_related("agency", "launch_spacecraft", "return_spacecraft"),
        slug=slug,
    )
    context = {
        "mission": mission,
        "memberships": mission.memberships.select_related("astronaut__agency"),
        "expeditions": mission.expeditions.order_by("number"),
        **photo_context(request, mission.photos, f"mission={mission.slug}"),
    }
    return render_listing(request, "missions/mission_detail.html", context)


def expedition_list(request: HttpRequest) -> HttpResponse:
    expeditions = Expedition.objects.all()
    context = page_context(request, expeditions, "-number", settings.LIST_PAGE_SIZE)
    return render_listing(request, "missions/expedition_list.html", context)


def expedition_detail(request: HttpRequest, number: int) -> HttpResponse:
    expedition = get_object_or_404(Expedition, number=number)
    context = {
        "expedition": expedition,
        "memberships": expedition.memberships.select_related("astronaut__agency"),
        "missions": expedition.missions.select_related("launch_spacecraft").order_by("launch_at"),
        **photo_context(request, expedition.photos, f"expedition={expedition.number}"),
    }
    return render_listing(request, "missions/expedition_detail.html", context)
