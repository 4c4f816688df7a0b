from django.db import models
from django.utils.translation import gettext_lazy as _


def rendition_upload_to(instance: "Rendition", filename: str) -> str:
    sha256 = instance.photo.sha256
    return f"renditions/{sha256[:2]}/{sha256}-{instance.width}.{instance.format}"


class Rendition(models.Model):
    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    photo = models.ForeignKey(
        "gallery.Photo",
        on_delete=models.CASCADE,
        related_name="renditions",
        verbose_name=_("photo"),
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
