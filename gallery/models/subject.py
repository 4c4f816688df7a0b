from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from astrophoto.translation import TranslatedField
from missions.models import SlugFromNameMixin


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
