from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from missions.models import (
    Agency,
    Astronaut,
    Expedition,
    ExpeditionCrew,
    Mission,
    MissionCrew,
    Spacecraft,
)


class ExpeditionCrewInline(admin.TabularInline):
    model = ExpeditionCrew
    autocomplete_fields = ["astronaut"]
    extra = 0


class MissionCrewInline(admin.TabularInline):
    model = MissionCrew
    autocomplete_fields = ["astronaut"]
    extra = 0


class AstronautExpeditionInline(admin.TabularInline):
    model = ExpeditionCrew
    autocomplete_fields = ["expedition"]
    extra = 0
    verbose_name_plural = _("expeditions")


class AstronautMissionInline(admin.TabularInline):
    model = MissionCrew
    autocomplete_fields = ["mission"]
    extra = 0
    verbose_name_plural = _("missions")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name", "country"]
    search_fields = ["abbreviation", "name"]


@admin.register(Astronaut)
class AstronautAdmin(admin.ModelAdmin):
    list_display = ["name", "original_name", "agency", "nationality", "status"]
    list_filter = ["status", "agency"]
    list_select_related = ["agency"]
    search_fields = ["name", "original_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["agency"]
    inlines = [AstronautMissionInline, AstronautExpeditionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "original_name", "agency", "nationality", "status"]}),
        (_("Life"), {"fields": ["birth_date", "portrait", "biography_en", "biography_fr"]}),
    ]


@admin.register(Spacecraft)
class SpacecraftAdmin(admin.ModelAdmin):
    list_display = ["name", "family", "serial"]
    list_filter = ["family"]
    search_fields = ["name", "family", "serial"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Expedition)
class ExpeditionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "station", "start", "end", "crew_size"]
    list_filter = ["station"]
    search_fields = ["=number"]
    date_hierarchy = "start"
    # Explicit: the crew count's GROUP BY drops Meta.ordering, and autocomplete pages need one.
    ordering = ["number"]
    inlines = [ExpeditionCrewInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(crew_size=Count("memberships"))

    @admin.display(description=_("crew"), ordering="crew_size")
    def crew_size(self, expedition):
        return expedition.crew_size


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "launch_at", "landing_at", "launch_spacecraft"]
    list_filter = ["agency"]
    list_select_related = ["agency", "launch_spacecraft"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["agency", "launch_spacecraft", "return_spacecraft", "expeditions"]
    date_hierarchy = "launch_at"
    inlines = [MissionCrewInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "agency"]}),
        (
            _("Flight"),
            {
                "fields": [
                    ("launch_at", "landing_at"),
                    ("launch_spacecraft", "return_spacecraft"),
                    "expeditions",
                ]
            },
        ),
        (_("Description"), {"fields": ["description_en", "description_fr", "patch"]}),
    ]
