"""Create the Curators group: add, change and view the catalogue, never delete photos."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATOR_PERMISSIONS = {
    "missions": {
        "agency": ["add", "change", "view"],
        "astronaut": ["add", "change", "view"],
        "spacecraft": ["add", "change", "view"],
        "expedition": ["add", "change", "view"],
        "mission": ["add", "change", "view"],
        # Removing someone from a crew in the admin's inline deletes a membership row.
        "expeditioncrew": ["add", "change", "view", "delete"],
        "missioncrew": ["add", "change", "view", "delete"],
    },
    "gallery": {
        "subject": ["add", "change", "view"],
        "photo": ["add", "change", "view"],
        "rendition": ["view"],
    },
}


def create_curators(apps, schema_editor):
    # Permissions are normally made after all migrations; this group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curators, _created = Group.objects.get_or_create(name="Curators")
    for app_label, models in CURATOR_PERMISSIONS.items():
        for model, actions in models.items():
            curators.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


def remove_curators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Curators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("missions", "0001_initial"),
        ("gallery", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_curators, remove_curators)]
