import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from astrophoto.fields import CheckedImageField
from astrophoto.importing.merge import imported_values_field
from astrophoto.translation import TranslatedField

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Use a two-letter ISO 3166-1 country code in capitals, such as FR.")
)


def unique_slug(
    model: type[models.Model], text: str, *, exclude_pk=None, reserved: set[str] = frozenset()
) -> str:
    """
    Return a slug for `text` that no other row of `model` uses yet, nor any of `reserved`
    (slugs given to rows about to be created together).
    """
    max_length = model._meta.get_field("slug").max_length
    base = slugify(text)[: max_length - 6].strip("-") or model._meta.model_name
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    taken.update(reserved)
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


class SlugFromNameMixin:
    """Fill an empty `slug` from the `slug_source` field on save, unique within the model."""

    slug_source = "name"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), getattr(self, self.slug_source), exclude_pk=self.pk)
        super().save(*args, **kwargs)


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    abbreviation = models.CharField(
        _("abbreviation"), max_length=20, unique=True, help_text=_("NASA, ESA, JAXA, ...")
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[country_code_validator],
        help_text=_("ISO country code; empty for international agencies such as ESA."),
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["abbreviation"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.abbreviation


class Astronaut(SlugFromNameMixin, models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")
        DECEASED = "deceased", _("Deceased")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    original_name = models.CharField(
        _("name in original script"),
        max_length=120,
        blank=True,
        help_text=_("Such as Олег Новицкий."),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="astronauts",
        verbose_name=_("agency"),
    )
    nationality = models.CharField(
        _("nationality"),
        max_length=2,
        blank=True,
        validators=[country_code_validator],
        help_text=_("ISO country code, such as FR."),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    biography_en = models.TextField(_("biography (English)"), blank=True)
    biography_fr = models.TextField(_("biography (French)"), blank=True)
    portrait = CheckedImageField(_("portrait"), folder="portraits", crop=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    imported_values = imported_values_field()

    biography = TranslatedField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("astronaut")
        verbose_name_plural = _("astronauts")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("missions:astronaut-detail", kwargs={"slug": self.slug})

    @property
    def short_name(self) -> str:
        """Initial and family name, as photo credits write it: "T. Pesquet"."""
        given, _space, family = self.name.rpartition(" ")
        return f"{given[0]}. {family}" if given else self.name


class Spacecraft(SlugFromNameMixin, models.Model):
    name = models.CharField(
        _("name"), max_length=120, unique=True, help_text=_("Such as Crew Dragon Endeavour.")
    )
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    family = models.CharField(
        _("vehicle family"), max_length=60, blank=True, help_text=_("Such as Crew Dragon, Soyuz.")
    )
    serial = models.CharField(
        _("serial"), max_length=30, blank=True, help_text=_("Such as C206, MS-03.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("spacecraft")
        verbose_name_plural = _("spacecraft")

    def __str__(self):
        return self.name


class ExpeditionQuerySet(models.QuerySet):
    def containing(self, moment: datetime.datetime | datetime.date):
        """Return the expeditions under way on the day of `moment` (UTC)."""
        day = _utc_date(moment)
        return self.filter(start__lte=day).filter(Q(end__gte=day) | Q(end__isnull=True))


class Expedition(models.Model):
    class Station(models.TextChoices):
        ISS = "iss", _("International Space Station")
        TIANGONG = "tiangong", _("Tiangong")
        MIR = "mir", _("Mir")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    station = models.CharField(
        _("station"), max_length=10, choices=Station.choices, default=Station.ISS
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty while ongoing."))
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    patch = CheckedImageField(_("patch"), folder="patches/expeditions", blank=True)
    crew = models.ManyToManyField(
        "Astronaut",
        through="ExpeditionCrew",
        related_name="expeditions",
        verbose_name=_("crew"),
    )
    imported_values = imported_values_field()

    description = TranslatedField()

    objects = ExpeditionQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("expedition")
        verbose_name_plural = _("expeditions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="expedition_ends_after_start",
                violation_error_message=_("An expedition cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name_of(self.number)

    def get_absolute_url(self):
        return reverse("missions:expedition-detail", kwargs={"number": self.number})

    @staticmethod
    def name_of(number: int) -> str:
        """The name of the expedition numbered `number`, for lists built from numbers alone."""
        return gettext("Expedition %(number)s") % {"number": number}

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An expedition cannot end before it starts.")})

    @property
    def is_ongoing(self) -> bool:
        return self.start is not None and self.end is None


class ExpeditionCrew(models.Model):
    class Role(models.TextChoices):
        COMMANDER = "commander", _("Commander")
        FLIGHT_ENGINEER = "flight-engineer", _("Flight engineer")
        CREW_MEMBER = "crew", _("Crew member")

    expedition = models.ForeignKey(
        Expedition,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("expedition"),
    )
    astronaut = models.ForeignKey(
        Astronaut,
        on_delete=models.CASCADE,
        related_name="expedition_memberships",
        verbose_name=_("astronaut"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.FLIGHT_ENGINEER
    )

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("expedition crew member")
        verbose_name_plural = _("expedition crew")
        constraints = [
            models.UniqueConstraint(
                fields=["expedition", "astronaut"], name="expedition_crew_once"
            ),
        ]

    def __str__(self):
        return f"{self.astronaut} ({self.get_role_display()}, {self.expedition})"


class MissionQuerySet(models.QuerySet):
    def in_flight_at(self, moment: datetime.datetime):
        """Return the missions between launch and landing at `moment`."""
        return self.filter(launch_at__lte=moment).filter(
            Q(landing_at__gte=moment) | Q(landing_at__isnull=True)
        )


class Mission(SlugFromNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=120, help_text=_("Such as Alpha, SpaceX Crew-2."))
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions",
        verbose_name=_("agency"),
    )
    launch_at = models.DateTimeField(_("launch"), null=True, blank=True)
    landing_at = models.DateTimeField(_("landing"), null=True, blank=True)
    launch_spacecraft = models.ForeignKey(
        Spacecraft,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="launches",
        verbose_name=_("launch spacecraft"),
    )
    return_spacecraft = models.ForeignKey(
        Spacecraft,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returns",
        verbose_name=_("return spacecraft"),
    )
    expeditions = models.ManyToManyField(
        Expedition, blank=True, related_name="missions", verbose_name=_("expeditions")
    )
    crew = models.ManyToManyField(
        Astronaut, through="MissionCrew", related_name="missions", verbose_name=_("crew")
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    patch = CheckedImageField(_("patch"), folder="patches/missions", blank=True)

    description = TranslatedField()

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["launch_at", "name"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(
                condition=Q(landing_at__isnull=True)
                | Q(launch_at__isnull=True)
                | Q(landing_at__gte=F("launch_at")),
                name="mission_lands_after_launch",
                violation_error_message=_("A mission cannot land before it launches."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("missions:mission-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.launch_at and self.landing_at and self.landing_at < self.launch_at:
            raise ValidationError({"landing_at": _("A mission cannot land before it launches.")})

    @property
    def duration(self) -> datetime.timedelta | None:
        if self.launch_at and self.landing_at:
            return self.landing_at - self.launch_at
        return None


class MissionCrew(models.Model):
    class Role(models.TextChoices):
        COMMANDER = "commander", _("Commander")
        PILOT = "pilot", _("Pilot")
        MISSION_SPECIALIST = "mission-specialist", _("Mission specialist")
        FLIGHT_ENGINEER = "flight-engineer", _("Flight engineer")
        PAYLOAD_SPECIALIST = "payload-specialist", _("Payload specialist")
        PARTICIPANT = "participant", _("Spaceflight participant")
        CREW_MEMBER = "crew", _("Crew member")

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("mission")
    )
    astronaut = models.ForeignKey(
        Astronaut,
        on_delete=models.CASCADE,
        related_name="mission_memberships",
        verbose_name=_("astronaut"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.MISSION_SPECIALIST
    )

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("mission crew member")
        verbose_name_plural = _("mission crew")
        constraints = [
            models.UniqueConstraint(fields=["mission", "astronaut"], name="mission_crew_once"),
        ]

    def __str__(self):
        return f"{self.astronaut} ({self.get_role_display()}, {self.mission})"


def _utc_date(moment: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        if timezone.is_aware(moment):
            moment = moment.astimezone(datetime.UTC)
        return moment.date()
    return moment
