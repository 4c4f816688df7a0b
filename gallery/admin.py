from itertools import batched

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFilesSent
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.db.models import Prefetch, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from astrophoto.imaging import ImageRejected, megabytes
from astrophoto.pagination import BoundedCountPaginator
from gallery import bulk_intake, intake
from gallery.models import Photo, Rendition, Subject
from gallery.nasa_ids import canonical_nasa_id, nasa_id_from_filename
from missions.models import Astronaut, Expedition, Mission, Spacecraft

BULK_BATCH_SIZE = 1000


class StorageFailed(Exception):
    """The photo's file could not be written (read-only or full media storage)."""


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_fr", "parent", "slug"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["parent"]


def admin_link(photo: Photo) -> str:
    return format_html(
        '<a href="{}">{}</a>', reverse("admin:gallery_photo_change", args=[photo.pk]), photo
    )


class PhotoAdminForm(forms.ModelForm):
    """The photo form: an uploaded image goes through the same intake as every import."""

    image_facts = None

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not isinstance(image, UploadedFile):
            return image
        try:
            self.image_facts = intake.check_file(image)
        except ImageRejected as exc:
            raise forms.ValidationError(
                _("This file was rejected: %(reason)s."), params={"reason": exc}
            ) from None
        if existing := intake.find_duplicate(self.image_facts, exclude_pk=self.instance.pk):
            raise forms.ValidationError(
                format_html(
                    "{} {}",
                    gettext("This file is already in the catalogue as"),
                    admin_link(existing),
                )
            )
        if problem := intake.storage_problem(Photo.image.field.storage, image.size):
            raise forms.ValidationError(
                _(
                    "The image cannot be stored (%(error)s). Try again once the media "
                    "storage has room and can be written to."
                ),
                params={"error": problem},
            )
        return image

    def clean(self):
        cleaned_data = super().clean()
        image = cleaned_data.get("image")
        if image is False:
            # The image is being removed: what described its file goes with it.
            self.instance.sha256, self.instance.original_filename = "", ""
            self.instance.width = self.instance.height = self.instance.file_size = None
        elif isinstance(image, UploadedFile) and not cleaned_data.get("nasa_id"):
            parsed = nasa_id_from_filename(image.name)
            holder = (
                Photo.objects.by_nasa_id(str(parsed)).exclude(pk=self.instance.pk).get_or_none()
                if parsed
                else None
            )
            if holder:
                self.add_error(
                    "image",
                    format_html(
                        "{} {}",
                        gettext("This file is named after a photo already in the catalogue:"),
                        admin_link(holder),
                    ),
                )
            elif parsed:
                cleaned_data["nasa_id"] = str(parsed)
        return cleaned_data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class UploadForm(forms.Form):
    """Photos to bring in, and values every one of them gets where it has none."""

    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("JPEG, PNG, WebP or TIFF images, or .zip archives of them."),
    )
    photographer = forms.ModelChoiceField(Astronaut.objects.all(), required=False)
    mission = forms.ModelChoiceField(Mission.objects.all(), required=False)
    expedition = forms.ModelChoiceField(Expedition.objects.all(), required=False)
    spacecraft = forms.ModelChoiceField(Spacecraft.objects.all(), required=False)
    subjects = forms.ModelMultipleChoiceField(Subject.objects.all(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=Photo.Status.choices, initial=Photo.Status.DRAFT
    )
    credit = forms.CharField(label=_("Credit line"), max_length=255, required=False)
    rights_holder = forms.CharField(label=_("Rights holder"), max_length=120, required=False)
    licence = forms.ChoiceField(
        label=_("Licence"), choices=[("", "---------"), *Photo.Licence.choices], required=False
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["photographer", "mission", "expedition", "spacecraft", "subjects"]:
            model_field = Photo._meta.get_field(name)
            widget = AutocompleteSelectMultiple if model_field.many_to_many else AutocompleteSelect
            self.fields[name].widget = widget(model_field, admin_site)
            self.fields[name].widget.choices = self.fields[name].choices
            self.fields[name].label = capfirst(model_field.verbose_name)

    def defaults(self, user) -> intake.Defaults:
        data = self.cleaned_data
        return intake.Defaults(
            photographer=data["photographer"],
            mission=data["mission"],
            expedition=data["expedition"],
            spacecraft=data["spacecraft"],
            subjects=list(data["subjects"]),
            status=data["status"],
            credit=data["credit"],
            rights_holder=data["rights_holder"],
            licence=data["licence"],
            uploaded_by=user,
        )


class UploadSizeLimit(FileUploadHandler):
    """
    Refuse each uploaded file as soon as it passes its size limit, and remember it.

    A zip archive (told by its first bytes) may be larger than a photo. The refused file
    is not read into memory or to disk any further; the next files go on as usual.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.refused: list[intake.IntakeResult] = []
        self.limit = self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = self.received = 0

    def receive_data_chunk(self, raw_data, start):
        if start == 0:
            is_zip = raw_data[:4] == b"PK\x03\x04"
            self.limit = settings.PHOTO_MAX_ARCHIVE_SIZE if is_zip else settings.PHOTO_MAX_FILE_SIZE
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused.append(
                intake.IntakeResult(
                    self.file_name or "",
                    intake.FileOutcome.REJECTED,
                    reason=gettext("the file is over the %(limit)s limit")
                    % {"limit": megabytes(self.limit)},
                )
            )
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


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


class PhotoChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            # A date the hierarchy cannot end (the last day of year 9999).
            raise IncorrectLookupParameters(error) from error


class RenditionInline(admin.TabularInline):
    model = Rendition
    fields = ["width", "format", "pixel_width", "pixel_height", "file_size", "file"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class TargetForm(forms.Form):
    """Pick the record a bulk action assigns to the selected photos."""

    def __init__(self, *args, field, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = forms.ModelChoiceField(
            queryset=field.related_model.objects.all(),
            widget=AutocompleteSelect(field, admin_site),
            label=field.verbose_name.capitalize(),
        )


def bulk_assign(field_name: str, description: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        return modeladmin.assign(request, queryset, field_name, description)

    action.__name__ = f"assign_{field_name}"
    return action


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
        "publish",
        "withdraw",
        "feature",
        "unfeature",
        bulk_assign("expedition", _("Assign an expedition to selected photos")),
        bulk_assign("mission", _("Assign a mission to selected photos")),
        bulk_assign("photographer", _("Assign a photographer to selected photos")),
        "add_subject",
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

    def get_changelist(self, request, **kwargs):
        return PhotoChangeList

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        if form.image_facts:
            upload = form.cleaned_data["image"]
            try:
                intake.store_image(obj, upload, form.image_facts, upload.name)
            except OSError as exc:
                raise StorageFailed(exc.strerror or str(exc)) from exc
        else:
            super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
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
        upload = self.admin_site.admin_view(csrf_exempt(self.upload_view))
        return [path("upload/", upload, name="gallery_photo_upload"), *super().get_urls()]

    def upload_view(self, request):
        """
        Take many photos at once, or zip archives of them, and answer with one line each.

        CSRF is checked after the body is parsed with this page's own upload handlers,
        which refuse each oversized file as it streams in.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        limit = UploadSizeLimit(request)
        if request.method == "POST":
            request.upload_handlers.insert(0, limit)
            try:
                request.POST  # noqa: B018 (parse the body now, with the handlers above)
            except TooManyFilesSent:
                return self.upload_page(
                    request,
                    error=gettext(
                        "That was more than %(count)d files at once. Send fewer, or put "
                        "them in a .zip archive."
                    )
                    % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
                    status=400,
                )
            except RequestDataTooBig:
                return self.upload_page(
                    request, error=gettext("The form data was too large."), status=413
                )
        return self.upload_files(request, limit)

    @method_decorator(csrf_protect)
    def upload_files(self, request, limit: UploadSizeLimit):
        if request.method != "POST":
            return self.upload_page(request)
        form = UploadForm(request.POST, request.FILES, admin_site=self.admin_site)
        results = list(limit.refused)
        if not form.is_valid():
            return self.upload_page(request, form=form, results=results or None)
        if not form.cleaned_data["files"] and not results:
            form.add_error("files", gettext("Choose at least one file."))
            return self.upload_page(request, form=form)
        defaults = form.defaults(request.user)
        for upload in form.cleaned_data["files"]:
            for result in bulk_intake.import_stream(upload, upload.name, defaults):
                if result.outcome is intake.FileOutcome.IMPORTED:
                    self.log_change(request, result.photo, gettext("Image uploaded."))
                results.append(result)
        return self.upload_page(request, form=form, results=results)

    def upload_page(self, request, *, form=None, results=None, error="", status=200):
        form = form or UploadForm(admin_site=self.admin_site)
        counts = dict.fromkeys(intake.FileOutcome, 0)
        for result in results or []:
            counts[result.outcome] += 1
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Upload photos"),
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "results": results,
            "counts": counts,
            "error": error,
            "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
            "max_file_size": megabytes(settings.PHOTO_MAX_FILE_SIZE),
            "max_archive_size": megabytes(settings.PHOTO_MAX_ARCHIVE_SIZE),
        }
        return TemplateResponse(request, "admin/gallery/photo/upload.html", context, status=status)

    @admin.display(description=_("image"))
    def thumbnail(self, photo):
        thumbnails = getattr(photo, "thumbnails", None)
        if thumbnails:
            rendition = thumbnails[0]
            return format_html(
                '<img src="{}" width="{}" height="{}" alt="" class="astrophoto-thumb">',
                rendition.file.url,
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
        return format_html('<img src="{}" alt="" class="astrophoto-preview">', rendition.file.url)

    def _bulk_change(self, request, queryset, message: str, apply) -> int:
        """
        Call `apply(ids)` on the photos of `queryset`, a batch at a time, log a change for
        each photo in the admin log and return how many there were.
        """
        rows = list(queryset.order_by().values_list("pk", "nasa_id", "title"))
        content_type = ContentType.objects.get_for_model(Photo)
        now = timezone.now()
        with transaction.atomic():
            for chunk in batched(rows, BULK_BATCH_SIZE):
                ids = [pk for pk, _nasa_id, _title in chunk]
                apply(ids)
                Photo.objects.filter(pk__in=ids).update(updated_at=now)
                LogEntry.objects.bulk_create(
                    LogEntry(
                        user_id=request.user.pk,
                        content_type_id=content_type.pk,
                        object_id=str(pk),
                        object_repr=str(Photo(pk=pk, nasa_id=nasa_id, title=title))[:200],
                        action_flag=CHANGE,
                        change_message=message,
                    )
                    for pk, nasa_id, title in chunk
                )
        return len(rows)

    def _update(self, request, queryset, message: str, **changes) -> int:
        return self._bulk_change(
            request,
            queryset,
            message,
            lambda ids: Photo.objects.filter(pk__in=ids).update(**changes),
        )

    def _report(self, request, count: int, singular: str, plural: str):
        self.message_user(
            request, ngettext(singular, plural, count) % {"count": count}, messages.SUCCESS
        )

    @admin.action(description=_("Publish selected photos"), permissions=["change"])
    def publish(self, request, queryset):
        count = self._update(
            request,
            queryset.with_image().exclude(status=Photo.Status.PUBLISHED),
            gettext("Published."),
            status=Photo.Status.PUBLISHED,
            published_at=Coalesce("published_at", Value(timezone.now())),
        )
        self._report(request, count, "%(count)d photo published.", "%(count)d photos published.")
        if skipped := queryset.filter(image="").count():
            self.message_user(
                request,
                ngettext(
                    "%(count)d catalogue entry has no image yet and was not published.",
                    "%(count)d catalogue entries have no image yet and were not published.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Withdraw selected photos"), permissions=["change"])
    def withdraw(self, request, queryset):
        count = self._update(
            request,
            queryset.exclude(status=Photo.Status.WITHDRAWN),
            gettext("Withdrawn."),
            status=Photo.Status.WITHDRAWN,
        )
        self._report(request, count, "%(count)d photo withdrawn.", "%(count)d photos withdrawn.")

    @admin.action(description=_("Feature selected photos"), permissions=["change"])
    def feature(self, request, queryset):
        count = self._update(
            request, queryset.filter(featured=False), gettext("Featured."), featured=True
        )
        self._report(request, count, "%(count)d photo featured.", "%(count)d photos featured.")

    @admin.action(description=_("Stop featuring selected photos"), permissions=["change"])
    def unfeature(self, request, queryset):
        count = self._update(
            request, queryset.filter(featured=True), gettext("No longer featured."), featured=False
        )
        self._report(
            request,
            count,
            "%(count)d photo no longer featured.",
            "%(count)d photos no longer featured.",
        )

    def _ask_for_target(self, request, queryset, field_name: str, title: str):
        """Return (target, None) once chosen, else (None, the page that asks for it)."""
        field = Photo._meta.get_field(field_name)
        data = request.POST if "apply" in request.POST else None
        form = TargetForm(data, field=field, admin_site=self.admin_site)
        if data is not None and form.is_valid():
            return form.cleaned_data["target"], None
        select_across = request.POST.get("select_across") == "1"
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "action": request.POST.get("action"),
            "select_across": select_across,
            "count": queryset.count(),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return None, TemplateResponse(request, "admin/gallery/photo/bulk_assign.html", context)

    def assign(self, request, queryset, field_name: str, title: str):
        target, page = self._ask_for_target(request, queryset, field_name, title)
        if page:
            return page
        label = Photo._meta.get_field(field_name).verbose_name
        count = self._update(
            request,
            queryset.exclude(**{field_name: target}),
            gettext("Changed %(field)s to %(value)s.") % {"field": label, "value": target},
            **{field_name: target},
        )
        self.message_user(
            request,
            ngettext(
                "%(field)s set to %(value)s on %(count)d photo.",
                "%(field)s set to %(value)s on %(count)d photos.",
                count,
            )
            % {"field": label.capitalize(), "value": target, "count": count},
            messages.SUCCESS,
        )
        return None

    @admin.action(description=_("Add a subject to selected photos"), permissions=["change"])
    def add_subject(self, request, queryset):
        subject, page = self._ask_for_target(
            request, queryset, "subjects", gettext("Add a subject to selected photos")
        )
        if page:
            return page
        Through = Photo.subjects.through
        count = self._bulk_change(
            request,
            queryset.exclude(subjects=subject),
            gettext("Added subject %(subject)s.") % {"subject": subject},
            lambda ids: Through.objects.bulk_create(
                [Through(photo_id=pk, subject_id=subject.pk) for pk in ids], ignore_conflicts=True
            ),
        )
        self.message_user(
            request,
            ngettext(
                "Subject %(subject)s added to %(count)d photo.",
                "Subject %(subject)s added to %(count)d photos.",
                count,
            )
            % {"subject": subject, "count": count},
            messages.SUCCESS,
        )
        return None


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
