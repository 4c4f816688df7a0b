"""The admin's photo forms: one photo, many uploaded at once, and a bulk action's target."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from astrophoto.imaging import ImageRejected
from gallery import intake
from gallery.models import Photo, Subject
from gallery.nasa_ids import nasa_id_from_filename
from missions.models import Astronaut, Expedition, Mission, Spacecraft


class StorageFailed(Exception):
    """The photo's file could not be written (read-only or full media storage)."""


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

    @property
    def has_new_image(self) -> bool:
        return self.image_facts is not None

    def store_image(self, photo: Photo) -> None:
        """
        Store the uploaded image with `photo` as every import does, saving the photo.

        Raise StorageFailed when the file cannot be written.
        """
        upload = self.cleaned_data["image"]
        try:
            intake.store_image(photo, upload, self.image_facts, upload.name)
        except OSError as exc:
            raise StorageFailed(exc.strerror or str(exc)) from exc


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


class TargetForm(forms.Form):
    """Pick the record a bulk action assigns to the selected photos."""

    def __init__(self, *args, field, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = forms.ModelChoiceField(
            queryset=field.related_model.objects.all(),
            widget=AutocompleteSelect(field, admin_site),
            label=field.verbose_name.capitalize(),
        )
