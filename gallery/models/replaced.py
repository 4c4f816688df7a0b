from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReplacedOriginal(models.Model):
    """
    The original a photo had before its image was replaced or cleared: kept, with its file,
    until someone who may delete photos removes it, or puts it back as the photo's image.
    """

    photo = models.ForeignKey(
        "gallery.Photo",
        on_delete=models.CASCADE,
        related_name="replaced_originals",
        verbose_name=_("photo"),
    )
    file = models.FileField(_("file"), max_length=255)
    replaced_at = models.DateTimeField(_("replaced"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaced by"),
    )

    class Meta:
        ordering = ["-replaced_at", "-id"]
        verbose_name = _("replaced original")
        verbose_name_plural = _("replaced originals")
        indexes = [models.Index(fields=["file"], name="replaced_original_file")]

    def __str__(self):
        return f"{self.photo} ({self.file.name.rsplit('/', 1)[-1]})"
