"""
The photo table's indexes and constraints, in one place: the partial indexes that serve
every public list (docs/performance.md says which query each serves) and the integrity
rules the database keeps.
"""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

PHOTO_INDEXES = [
    # The public lists, one index per filter, each ordered as the pages are: by
    # date (read backwards for newest first) then id. Partial on `is_public`.
    *(
        models.Index(fields=fields, name=name, condition=Q(is_public=True))
        for name, fields in [
            ("photo_public_taken", ["taken_key", "id"]),
            ("photo_public_added", ["created_at", "id"]),
            ("photo_public_mission", ["mission", "taken_key", "id"]),
            ("photo_public_expedition", ["expedition", "taken_key", "id"]),
            ("photo_public_photographer", ["photographer", "taken_key", "id"]),
            ("photo_public_spacecraft", ["spacecraft", "taken_key", "id"]),
        ]
    ),
    # The latest published (home page, feeds), and the featured among them.
    models.Index(
        fields=["published_at", "id"],
        name="photo_public_published",
        condition=Q(is_public=True),
    ),
    models.Index(
        fields=["published_at", "id"],
        name="photo_public_featured",
        condition=Q(is_public=True, featured=True),
    ),
    models.Index(
        Upper("camera_model"),
        F("taken_key"),
        F("id"),
        name="photo_public_camera",
        condition=Q(is_public=True),
    ),
    # The admin lists every photo, newest first.
    models.Index(fields=["taken_at", "id"], name="photo_taken"),
    # The few photos whose renditions failed, for curators and regenerate_renditions.
    models.Index(
        fields=["renditions_failed_at"],
        name="photo_renditions_failed",
        condition=Q(renditions_failed_at__isnull=False),
    ),
]

PHOTO_CONSTRAINTS = [
    models.UniqueConstraint(
        fields=["nasa_id"],
        condition=~Q(nasa_id=""),
        name="photo_nasa_id_unique",
        violation_error_message=_("A photo with this NASA ID is already in the catalogue."),
    ),
    models.UniqueConstraint(
        fields=["sha256"],
        condition=~Q(sha256=""),
        name="photo_sha256_unique",
        violation_error_message=_("This file is already in the catalogue."),
    ),
    models.CheckConstraint(
        condition=Q(latitude__gte=-90, latitude__lte=90),
        name="photo_latitude_range",
    ),
    models.CheckConstraint(
        condition=Q(longitude__gte=-180, longitude__lte=180),
        name="photo_longitude_range",
    ),
    models.CheckConstraint(
        condition=Q(nadir_latitude__gte=-90, nadir_latitude__lte=90),
        name="photo_nadir_latitude_range",
    ),
    models.CheckConstraint(
        condition=Q(nadir_longitude__gte=-180, nadir_longitude__lte=180),
        name="photo_nadir_longitude_range",
    ),
    models.CheckConstraint(condition=Q(altitude_km__gte=0), name="photo_altitude_positive"),
    models.CheckConstraint(condition=Q(cloud_cover__lte=100), name="photo_cloud_cover_percentage"),
    models.CheckConstraint(
        condition=Q(sun_elevation__gte=-90, sun_elevation__lte=90),
        name="photo_sun_elevation_range",
    ),
    models.CheckConstraint(
        condition=Q(sun_azimuth__gte=0, sun_azimuth__lte=360),
        name="photo_sun_azimuth_range",
    ),
    models.CheckConstraint(
        condition=~Q(image="") | Q(sha256=""), name="photo_sha256_only_with_image"
    ),
    models.CheckConstraint(
        condition=Q(look_angle__gte=0, look_angle__lte=90),
        name="photo_look_angle_range",
    ),
]
