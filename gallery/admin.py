"""
The gallery's ModelAdmins: subjects, photos and renditions, with their list filters.

The photo form lives in `gallery/forms.py`, the upload page in `gallery/admin_upload.py`
and the bulk actions in `gallery/admin_actions.py`, as Wagtail's images app splits them.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from astrophoto.imaging import ImageRejected
from astrophoto.pagination import BoundedCountPaginator
from gallery import admin_actions, intake
from gallery.admin_upload import UploadView
from gallery.forms import PhotoAdminForm, StorageFailed, admin_link
from gallery.media import media_url, signed_url
from gallery.models import Photo, Rendition, ReplacedOriginal, Subject
from gallery.nasa_ids import canonical_nasa_id


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_fr", "parent", "slug"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["parent"]


class HasImageFilter(admin.SimpleListFilter):
    title = _("image")
    parameter_name = "has_image"

    def lookups(self, request, model_admin):
        return [("yes", _("With image")), ("no", _("Catalogue entry without image"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.with_image()
        if self.value() == "no":
            return queryset.filter(image="")
        return queryset


class RenditionsFailedFilter(admin.SimpleListFilter):
    title = _("renditions")
    parameter_name = "renditions"

    def lookups(self, request, model_admin):
        return [("failed", _("Failed"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(renditions_failed_at__isnull=False)
        return queryset


class RenditionInline(admin.TabularInline):
    model = Rendition
    fields = ["width", "format", "pixel_width", "pixel_height", "file_size", "file"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = [
        "thumbnail",
        "__str__",
        "title",
        "taken_at",
        "expedition",
        "mission",
        "photographer",
        "status",
        "featured",
    ]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [
        "status",
        "featured",
        HasImageFilter,
        RenditionsFailedFilter,
        "expedition",
        "mission",
        "photographer",
        "subjects",
    ]
    list_select_related = ["expedition", "mission", "photographer"]
    list_per_page = 100
    # Drawn by templates/admin/gallery/photo/change_list.html, whose dates cost one index
    # probe each (gallery/templatetags/photo_admin.py), not a read of every photo.
    date_hierarchy = "taken_at"
    # At a million photos: counts bounded (the planner's estimate past a limit), no facet
    # counts (one COUNT per option of every filter), search through the full-text index.
    paginator = BoundedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    search_fields = ["nasa_id", "title", "caption_en", "caption_fr", "place", "features"]
    search_help_text = _(
        "A NASA photo ID in either spelling, or words from title, captions, place, features."
    )
    autocomplete_fields = ["photographer", "mission", "expedition", "spacecraft", "subjects"]
    readonly_fields = [
        "preview",
        "renditions_error",
        "width",
        "height",
        "file_size",
        "sha256",
        "original_filename",
        "published_at",
        "created_at",
        "updated_at",
        "uploaded_by",
    ]
    inlines = [RenditionInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "image",
                    "preview",
                    "renditions_error",
                    "nasa_id",
                    "title",
                    "status",
                    "featured",
                ]
            },
        ),
        (
            _("Captions"),
            {"fields": [("caption_en", "caption_fr"), ("alt_text_en", "alt_text_fr")]},
        ),
        (
            _("Who, when, where from"),
            {
                "fields": [
                    "photographer",
                    "mission",
                    "expedition",
                    "spacecraft",
                    "subjects",
                    ("taken_at", "taken_at_precision"),
                ]
            },
        ),
        (_("Credit"), {"fields": ["credit", "rights_holder", "licence"]}),
        (
            _("Camera"),
            {
                "fields": [
                    ("camera_make", "camera_model"),
                    "lens",
                    ("focal_length", "exposure_time", "f_number", "iso"),
                ]
            },
        ),
        (
            _("Place and orbit"),
            {
                "classes": ["collapse"],
                "fields": [
                    "place",
                    "features",
                    ("latitude", "longitude"),
                    ("nadir_latitude", "nadir_longitude", "altitude_km"),
                    ("cloud_cover", "sun_elevation", "sun_azimuth"),
                    ("look_angle", "look_direction", "tilt"),
                ],
            },
        ),
        (
            _("File"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("width", "height", "file_size"),
                    "sha256",
                    "original_filename",
                    ("published_at", "created_at", "updated_at"),
                    "uploaded_by",
                ],
            },
        ),
    ]
    actions = [
        admin_actions.publish,
        admin_actions.withdraw,
        admin_actions.feature,
        admin_actions.unfeature,
        admin_actions.bulk_assign("expedition", _("Assign an expedition to selected photos")),
        admin_actions.bulk_assign("mission", _("Assign a mission to selected photos")),
        admin_actions.bulk_assign("photographer", _("Assign a photographer to selected photos")),
        admin_actions.add_subject,
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        smallest = min(settings.PHOTO_RENDITION_WIDTHS)
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "renditions",
                    # A photo narrower than the smallest width has one rendition, its own width.
                    queryset=Rendition.objects.filter(
                        width__lte=smallest, format=Rendition.Format.JPEG
                    ).order_by("-width"),
                    to_attr="thumbnails",
                )
            )
        )

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # Clearing or replacing an image is for those who may delete photos: the original
        # is kept (as a replaced original), but only they may remove it.
        if obj is not None and obj.image and not self.has_delete_permission(request, obj):
            return ["image", *fields]
        return fields

    def save_model(self, request, obj, form, change):
        obj._changed_by = request.user
        if not change:
            obj.uploaded_by = request.user
        if form.has_new_image:
            form.store_image(obj)
        else:
            super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except intake.AlreadyStored as exc:
            # The same file was stored a moment ago (the form sent twice): nothing new saved.
            self.message_user(
                request,
                format_html(
                    "{} {}",
                    gettext("This file is already in the catalogue, so nothing was saved:"),
                    admin_link(exc.photo),
                ),
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:gallery_photo_change", args=[exc.photo.pk]))
        except StorageFailed as exc:
            # The transaction around the form rolled back: no row was saved without its file.
            self.message_user(
                request,
                gettext(
                    "The image could not be stored (%(error)s), so nothing was saved. "
                    "Try again once the media storage has room and can be written to."
                )
                % {"error": exc},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def get_urls(self):
        upload = self.admin_site.admin_view(UploadView.as_view(model_admin=self))
        return [path("upload/", upload, name="gallery_photo_upload"), *super().get_urls()]

    @admin.display(description=_("image"))
    def thumbnail(self, photo):
        thumbnails = getattr(photo, "thumbnails", None)
        if thumbnails:
            rendition = thumbnails[0]
            return format_html(
                '<img src="{}" width="{}" height="{}" alt="" class="astrophoto-thumb">',
                media_url(rendition.file.name, public=photo.is_public),
                80,
                round(80 * rendition.pixel_height / rendition.pixel_width),
            )
        return "—" if photo.image else _("no image")

    @admin.display(description=_("preview"))
    def preview(self, photo):
        thumbnails = Rendition.objects.filter(photo=photo, format=Rendition.Format.JPEG)
        rendition = thumbnails.filter(width__lte=640).order_by("-width").first()
        if rendition is None:
            return "—"
        return format_html(
            '<img src="{}" alt="" class="astrophoto-preview">',
            media_url(rendition.file.name, public=photo.is_public),
        )


class RenditionWidthFilter(admin.SimpleListFilter):
    """The configured widths, rather than the distinct widths of millions of rows."""

    title = _("size")
    parameter_name = "width"

    def lookups(self, request, model_admin):
        return [(str(width), f"{width} px") for width in settings.PHOTO_RENDITION_WIDTHS]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if not self.value().isdigit() or len(self.value()) > 9:
            raise IncorrectLookupParameters(_("Choose a size from the list."))
        return queryset.filter(width=int(self.value()))


@admin.register(Rendition)
class RenditionAdmin(admin.ModelAdmin):
    list_display = ["photo", "width", "format", "pixel_width", "pixel_height", "file_size"]
    list_filter = ["format", RenditionWidthFilter]
    list_select_related = ["photo"]
    # Eight renditions a photo: the newest first, in primary key order that an index serves.
    ordering = ["-pk"]
    paginator = BoundedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    search_fields = ["photo__nasa_id"]
    search_help_text = _("A NASA photo ID in either spelling.")
    readonly_fields = [
        "photo",
        "width",
        "format",
        "file",
        "pixel_width",
        "pixel_height",
        "file_size",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def get_search_results(self, request, queryset, search_term):
        if canonical_nasa_id(search_term):
            return queryset.filter(photo__in=Photo.objects.by_nasa_id(search_term)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(ReplacedOriginal)
class ReplacedOriginalAdmin(admin.ModelAdmin):
    """The originals kept after an image was replaced or cleared: removed or put back."""

    list_display = ["__str__", "photo", "replaced_at", "replaced_by"]
    list_select_related = ["photo", "replaced_by"]
    fields = readonly_fields = ["photo", "original", "replaced_at", "replaced_by"]
    search_fields = ["photo__nasa_id"]
    search_help_text = _("A NASA photo ID in either spelling.")
    actions = ["put_back"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("gallery.delete_photo")

    @admin.display(description=_("file"))
    def original(self, kept):
        return format_html(
            '<a href="{}">{}</a>', signed_url(kept.file.name), kept.file.name.rsplit("/", 1)[-1]
        )

    def get_search_results(self, request, queryset, search_term):
        if canonical_nasa_id(search_term):
            return queryset.filter(photo__in=Photo.objects.by_nasa_id(search_term)), False
        return super().get_search_results(request, queryset, search_term)

    @admin.action(description=_("Put back as the photo's image"), permissions=["delete"])
    def put_back(self, request, queryset):
        for kept in queryset.select_related("photo"):
            try:
                intake.put_back(kept, request.user)
            except (ImageRejected, OSError, IntegrityError) as exc:
                self.message_user(
                    request,
                    gettext("%(photo)s: the original could not be put back (%(error)s).")
                    % {"photo": kept.photo, "error": exc},
                    messages.ERROR,
                )
                continue
            self.log_change(request, kept.photo, gettext("Replaced original put back."))
            self.message_user(
                request,
                gettext("%(photo)s has its earlier original back.") % {"photo": kept.photo},
                messages.SUCCESS,
            )
