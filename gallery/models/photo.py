import datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from astrophoto.imaging import EXTENSIONS
from astrophoto.importing.merge import imported_values_field
from astrophoto.pagination import EARLIEST
from astrophoto.translation import TranslatedField
from gallery.models.photo_indexes import PHOTO_CONSTRAINTS, PHOTO_INDEXES
from gallery.models.querysets import PhotoQuerySet
from gallery.models.rendition import Rendition
from gallery.models.subject import Subject
from gallery.nasa_ids import canonical_nasa_id, parse_nasa_id
from gallery.search import MAX_SEARCHABLE_TEXT
from missions.models import Astronaut, Expedition, Mission, Spacecraft


def photo_upload_to(instance: "Photo", filename: str) -> str:
    """
    Name originals by content (their SHA-256). Intake passes `ImageFacts.stored_name`, whose
    extension comes from the format it read in the file; any other extension is `.bin`.
    """
    extension = PurePosixPath(filename).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS.values():
        extension = "bin"
    return f"originals/{instance.sha256[:2]}/{instance.sha256}.{extension}"


# The sort key of photos without a date, so undated photos come last when the newest come first.
UNDATED = EARLIEST


class Photo(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class TimePrecision(models.TextChoices):
        SECOND = "second", _("to the second")
        MINUTE = "minute", _("to the minute")
        HOUR = "hour", _("to the hour")
        DAY = "day", _("to the day")
        MONTH = "month", _("to the month")
        YEAR = "year", _("to the year")

        @property
        def rank(self) -> int:
            """How coarse the precision is: 0 to the second, 5 to the year."""
            return list(type(self)).index(self)

        def truncate(self, moment: datetime.datetime) -> datetime.datetime:
            """Return `moment` in UTC as written when known only to this precision."""
            moment = moment.astimezone(datetime.UTC)
            if self.rank == 0:
                return moment
            moment = moment.replace(microsecond=0, second=0)
            if self.rank >= 2:
                moment = moment.replace(minute=0)
            if self.rank >= 3:
                moment = moment.replace(hour=0)
            if self.rank >= 4:
                moment = moment.replace(day=1)
            if self.rank >= 5:
                moment = moment.replace(month=1)
            return moment

    class Tilt(models.TextChoices):
        NEAR_VERTICAL = "nv", _("near vertical")
        LOW_OBLIQUE = "lo", _("low oblique")
        HIGH_OBLIQUE = "ho", _("high oblique (horizon in view)")

    class Licence(models.TextChoices):
        NASA = "nasa", _("NASA media: not copyrighted, credit requested")
        CC_BY_SA_3_IGO = "cc-by-sa-3.0-igo", _("CC BY-SA 3.0 IGO")
        CC_BY_4 = "cc-by-4.0", _("CC BY 4.0")
        CC_BY_SA_4 = "cc-by-sa-4.0", _("CC BY-SA 4.0")
        ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")

    LICENCE_URLS = {
        Licence.NASA: "https://www.nasa.gov/nasa-brand-center/images-and-media/",
        Licence.CC_BY_SA_3_IGO: "https://creativecommons.org/licenses/by-sa/3.0/igo/",
        Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
        Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/",
    }

    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        max_length=255,
        blank=True,
        help_text=_("Empty for a catalogue entry whose image has not arrived yet."),
    )
    nasa_id = models.CharField(
        _("NASA photo ID"),
        max_length=40,
        blank=True,
        help_text=_("Mission-Roll-Frame, such as ISS065-E-394522 (iss065e394522 is read too)."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    caption_en = models.TextField(
        _("caption (English)"), max_length=MAX_SEARCHABLE_TEXT, blank=True
    )
    caption_fr = models.TextField(_("caption (French)"), max_length=MAX_SEARCHABLE_TEXT, blank=True)
    alt_text_en = models.CharField(_("alt text (English)"), max_length=300, blank=True)
    alt_text_fr = models.CharField(_("alt text (French)"), max_length=300, blank=True)

    photographer = models.ForeignKey(
        Astronaut,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("photographer"),
    )
    mission = models.ForeignKey(
        Mission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("mission"),
    )
    expedition = models.ForeignKey(
        Expedition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("expedition"),
    )
    spacecraft = models.ForeignKey(
        Spacecraft,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("spacecraft"),
        help_text=_("The vehicle the photo was taken from or shows, when not the station."),
    )
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="photos", verbose_name=_("subjects")
    )

    taken_at = models.DateTimeField(_("taken at (UTC)"), null=True, blank=True)
    taken_at_precision = models.CharField(
        _("taken at: known to"),
        max_length=6,
        choices=TimePrecision.choices,
        default=TimePrecision.SECOND,
        blank=True,
        help_text=_(
            "Archives sometimes give only the day, month or year; the rest of the time is zero."
        ),
    )
    camera_make = models.CharField(_("camera make"), max_length=100, blank=True)
    camera_model = models.CharField(_("camera model"), max_length=100, blank=True)
    lens = models.CharField(_("lens"), max_length=100, blank=True)
    focal_length = models.FloatField(_("focal length (mm)"), null=True, blank=True)
    exposure_time = models.FloatField(_("exposure time (s)"), null=True, blank=True)
    f_number = models.FloatField(_("f-number"), null=True, blank=True)
    iso = models.PositiveIntegerField(_("ISO"), null=True, blank=True)

    width = models.PositiveIntegerField(_("width (px)"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height (px)"), null=True, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(
        _("file size (bytes)"), null=True, blank=True, editable=False
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    original_filename = models.CharField(
        _("original file name"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("As uploaded; for reference only, never used to store the file."),
    )

    latitude = models.FloatField(
        _("photo centre latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("photo centre longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    nadir_latitude = models.FloatField(
        _("nadir latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    nadir_longitude = models.FloatField(
        _("nadir longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    altitude_km = models.FloatField(
        _("spacecraft altitude (km)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    cloud_cover = models.PositiveSmallIntegerField(
        _("cloud cover (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    sun_elevation = models.FloatField(
        _("sun elevation (°)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    sun_azimuth = models.FloatField(
        _("sun azimuth (°)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(360)],
    )
    look_angle = models.FloatField(
        _("look angle (°)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(90)],
        help_text=_("How far from straight down the camera pointed."),
    )
    look_direction = models.CharField(
        _("look direction"),
        max_length=3,
        blank=True,
        help_text=_("The compass point the camera looked towards, such as NE."),
    )
    tilt = models.CharField(_("tilt"), max_length=2, choices=Tilt.choices, blank=True)
    place = models.CharField(
        _("place"), max_length=255, blank=True, help_text=_("Such as Paris, France.")
    )
    features = models.TextField(
        _("features"),
        max_length=MAX_SEARCHABLE_TEXT,
        blank=True,
        help_text=_("Geographic features seen, such as Seine River."),
    )

    credit = models.CharField(
        _("credit line"),
        max_length=255,
        blank=True,
        help_text=_(
            "Written out in full; leave empty to build it from rights holder and photographer."
        ),
    )
    rights_holder = models.CharField(
        _("rights holder"), max_length=120, blank=True, help_text=_("Such as ESA/NASA.")
    )
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    featured = models.BooleanField(_("featured"), default=False)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    renditions_error = models.TextField(
        _("renditions failed"),
        blank=True,
        editable=False,
        help_text=_(
            "Why the renditions could not be made, until they are: "
            "manage.py regenerate_renditions --failed tries again."
        ),
    )
    renditions_failed_at = models.DateTimeField(
        _("renditions failed at"), null=True, blank=True, editable=False
    )
    imported_values = imported_values_field()

    # Kept by the database, never written by Django: the public condition and the date
    # sort key are plain columns that partial and composite indexes can serve.
    is_public = models.GeneratedField(
        expression=Q(status="published") & ~Q(image=""),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("public"),
    )
    taken_key = models.GeneratedField(
        expression=Coalesce("taken_at", Value(UNDATED)),
        output_field=models.DateTimeField(),
        db_persist=True,
        verbose_name=_("taken at, for sorting"),
    )

    caption = TranslatedField()
    alt_text = TranslatedField()

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        indexes = PHOTO_INDEXES
        constraints = PHOTO_CONSTRAINTS

    def __str__(self):
        if self.nasa_id or self.title:
            return self.nasa_id or self.title
        return gettext("Photo %(id)s") % {"id": self.pk} if self.pk else gettext("New photo")

    def save(self, *args, **kwargs):
        if not self.taken_at_precision:
            self.taken_at_precision = self.TimePrecision.SECOND
        if self.nasa_id:
            self.nasa_id = canonical_nasa_id(self.nasa_id) or self.nasa_id.strip()
        if self.status == self.Status.PUBLISHED:
            self.published_at = self.first_published_at(self.published_at, timezone.now())
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("gallery:photo-detail", kwargs={"key": self.nasa_id or str(self.pk)})

    def clean(self):
        if self.nasa_id and canonical_nasa_id(self.nasa_id) is None:
            raise ValidationError(
                {
                    "nasa_id": _(
                        "Write a NASA photo ID as Mission-Roll-Frame, such as ISS065-E-394522."
                    )
                }
            )
        if self.nasa_id:
            self.nasa_id = canonical_nasa_id(self.nasa_id)

    @staticmethod
    def first_published_at(published_at, now: datetime.datetime):
        """
        Return the `published_at` of a photo being published: when it was first published,
        else `now`. It never moves afterwards, so a photo withdrawn and published again does
        not come back as new on the home page and in the feeds.

        `published_at` is one photo's value, or the column (`F("published_at")`) when
        `PhotoQuerySet.publish()` publishes many photos in one UPDATE: one rule, which
        Python or the database applies.
        """
        if isinstance(published_at, F):
            return Coalesce(published_at, Value(now))
        return published_at or now

    def refine_taken_at(self, camera_time: datetime.datetime | None) -> None:
        """
        Give a photo known only to the day (or month, hour...) the camera's time to the
        second, when the camera agrees with what is known: a clock set wrong must not move
        the date.
        """
        precision = self.TimePrecision(self.taken_at_precision or self.TimePrecision.SECOND)
        if camera_time is None or self.taken_at is None or precision.rank == 0:
            return
        if precision.truncate(camera_time) == precision.truncate(self.taken_at):
            self.taken_at, self.taken_at_precision = camera_time, self.TimePrecision.SECOND

    def link_catalogue(self) -> None:
        """
        Link the photo to its expedition and mission where curators have not.

        The expedition is the one its NASA ID names (created, with its number only, when the
        catalogue lacks it), else the one under way when it was taken. The mission is the
        photographer's flight that was under way when it was taken.
        """
        parsed = parse_nasa_id(self.nasa_id) if self.nasa_id else None
        if self.expedition_id is None:
            if parsed and parsed.expedition_number:
                self.expedition, _created = Expedition.objects.get_or_create(
                    number=parsed.expedition_number
                )
            elif self.taken_at:
                self.expedition = (
                    Expedition.objects.containing(self.taken_at)
                    .order_by("-start", "-number")
                    .first()
                )
        if self.mission_id is None and self.photographer_id and self.taken_at:
            self.mission = (
                Mission.objects.in_flight_at(self.taken_at)
                .filter(crew=self.photographer_id)
                .order_by("-launch_at")
                .first()
            )

    @property
    def credit_line(self) -> str:
        """
        Return the credit to print beside the photo.

        An explicit credit wins; otherwise the rights holder and the photographer make one
        in the agencies' own style: "ESA/NASA-T. Pesquet".
        """
        if self.credit:
            return self.credit
        photographer = self.photographer.short_name if self.photographer_id else ""
        if self.rights_holder and photographer:
            return f"{self.rights_holder}-{photographer}"
        return self.rights_holder or photographer

    @property
    def licence_url(self) -> str:
        return self.LICENCE_URLS.get(self.licence, "")

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def camera_name(self) -> str:
        """Return make and model as one name, the make once (NIKON D5, not NIKON ... D5)."""
        make, model = self.camera_make.strip(), self.camera_model.strip()
        brand = make.split(" ", 1)[0].lower()
        if brand and model.lower().startswith(brand):
            return model
        return f"{make} {model}".strip()

    def rendition_near(self, width: int, format: str = "jpeg") -> "Rendition | None":
        """
        Return the rendition of `format` that best fills `width` pixels: the widest one not
        above it, else the narrowest. Reads `renditions.all()`, so prefetch them for lists.
        """
        candidates = [r for r in self.renditions.all() if r.format == format]
        fitting = [r for r in candidates if r.pixel_width <= width]
        if fitting:
            return max(fitting, key=lambda r: r.pixel_width)
        return min(candidates, key=lambda r: r.pixel_width, default=None)
