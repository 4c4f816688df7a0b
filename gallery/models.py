import datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from astrophoto.imaging import EXTENSIONS
from astrophoto.importing.merge import imported_values_field
from astrophoto.pagination import EARLIEST
from astrophoto.translation import TranslatedField
from gallery.nasa_ids import canonical_nasa_id, parse_nasa_id
from gallery.search import Search
from missions.models import Astronaut, Expedition, Mission, SlugFromNameMixin, Spacecraft


def photo_upload_to(instance: "Photo", filename: str) -> str:
    """
    Name originals by content (their SHA-256). Intake passes `ImageFacts.stored_name`, whose
    extension comes from the format it read in the file; any other extension is `.bin`.
    """
    extension = PurePosixPath(filename).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS.values():
        extension = "bin"
    return f"originals/{instance.sha256[:2]}/{instance.sha256}.{extension}"


def rendition_upload_to(instance: "Rendition", filename: str) -> str:
    sha256 = instance.photo.sha256
    return f"renditions/{sha256[:2]}/{sha256}-{instance.width}.{instance.format}"


class SubjectQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def as_tree(self) -> list["Subject"]:
        """Return the subjects parents first, each followed by its children, with a `depth`."""
        by_parent: dict[int | None, list[Subject]] = {}
        for subject in self:
            by_parent.setdefault(subject.parent_id, []).append(subject)
        tree: list[Subject] = []

        def walk(parent_id: int | None, depth: int) -> None:
            for subject in sorted(by_parent.get(parent_id, ()), key=lambda s: str(s.name)):
                subject.depth = depth
                tree.append(subject)
                walk(subject.pk, depth + 1)

        walk(None, 0)
        return tree

    def descendant_ids(self, roots) -> set[int]:
        """Return the ids of `roots` and of every subject below them, at any depth."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Subject.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, pending = set(), [root.pk for root in roots]
        while pending:
            pk = pending.pop()
            if pk not in found:
                found.add(pk)
                pending.extend(children.get(pk, ()))
        return found


class Subject(SlugFromNameMixin, models.Model):
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
        help_text=_("Such as Earth for Earth at night."),
    )

    name = TranslatedField()
    description = TranslatedField()
    slug_source = "name_en"

    objects = SubjectQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("gallery:subject-detail", kwargs={"slug": self.slug})

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A subject cannot sit under itself.")})
            ancestor = ancestor.parent


class PhotoQuerySet(models.QuerySet):
    def with_image(self):
        return self.exclude(image="")

    def public(self):
        """
        Return what the public may see: published photos that have an image.

        Reads the database-maintained `is_public` column, the condition of every partial
        index that serves the public pages.
        """
        return self.filter(is_public=True)

    def featured(self):
        return self.filter(featured=True)

    # Both unique indexes are partial (on non-empty values): repeating their condition lets
    # SQLite use them. Read the one photo with get_or_none(), not first(), whose ordering
    # by date SQLite would serve by walking the date index instead.
    def by_nasa_id(self, text: str):
        """Return the photo a NASA ID names, in either spelling (none for a non-ID)."""
        canonical = canonical_nasa_id(text)
        return self.exclude(nasa_id="").filter(nasa_id=canonical) if canonical else self.none()

    def by_sha256(self, sha256: str):
        """Return the photo whose file has this SHA-256 (none for an empty one)."""
        return self.exclude(sha256="").filter(sha256=sha256) if sha256 else self.none()

    def get_or_none(self) -> "Photo | None":
        """Return the one photo of a unique lookup, unordered, or None."""
        try:
            return self.get()
        except Photo.DoesNotExist:
            return None

    def search(self, text: str):
        """
        Return the photos that match a free-text query in web search syntax, or its near
        misses when nothing does (see gallery.search).
        """
        return Search(text).filter(self)

    def about(self, subjects):
        """Return the photos tagged with any of `subjects` or a subject below one of them."""
        subject_ids = Subject.objects.descendant_ids(subjects)
        # EXISTS rather than a join: a photo with two matching subjects is listed once,
        # with no DISTINCT to defeat keyset pagination.
        tagged = Photo.subjects.through.objects.filter(
            photo_id=OuterRef("pk"), subject_id__in=subject_ids
        )
        return self.filter(Exists(tagged))

    def with_location(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def with_renditions(self):
        """Fetch the renditions of every photo in one query, for `{% picture %}`."""
        return self.prefetch_related(
            Prefetch("renditions", queryset=Rendition.objects.order_by("pixel_width", "format"))
        )

    def for_cards(self):
        """Load what a photo card shows (picture, credit) in a constant number of queries."""
        return self.select_related("photographer").with_renditions()


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
    caption_en = models.TextField(_("caption (English)"), blank=True)
    caption_fr = models.TextField(_("caption (French)"), blank=True)
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
        _("features"), blank=True, help_text=_("Geographic features seen, such as Seine River.")
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
        indexes = [
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
        ]
        constraints = [
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
            models.CheckConstraint(
                condition=Q(cloud_cover__lte=100), name="photo_cloud_cover_percentage"
            ),
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

    def __str__(self):
        if self.nasa_id or self.title:
            return self.nasa_id or self.title
        return gettext("Photo %(id)s") % {"id": self.pk} if self.pk else gettext("New photo")

    def save(self, *args, **kwargs):
        if not self.taken_at_precision:
            self.taken_at_precision = self.TimePrecision.SECOND
        if self.nasa_id:
            self.nasa_id = canonical_nasa_id(self.nasa_id) or self.nasa_id.strip()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
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


class Rendition(models.Model):
    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    photo = models.ForeignKey(
        Photo, on_delete=models.CASCADE, related_name="renditions", verbose_name=_("photo")
    )
    width = models.PositiveIntegerField(_("size"), help_text=_("The configured width this is for."))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(_("file"), upload_to=rendition_upload_to, max_length=255)
    pixel_width = models.PositiveIntegerField(_("width (px)"))
    pixel_height = models.PositiveIntegerField(_("height (px)"))
    file_size = models.PositiveIntegerField(_("file size (bytes)"))
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        ordering = ["width", "format"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "width", "format"], name="rendition_once_per_size_and_format"
            ),
        ]

    def __str__(self):
        return f"{self.photo} {self.width}px {self.get_format_display()}"
