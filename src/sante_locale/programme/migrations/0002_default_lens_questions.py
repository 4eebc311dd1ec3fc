from django.db import migrations


def load(apps, schema_editor):
    from sante_locale.programme.lens_defaults import DEFAULT_QUESTIONS

    LensQuestion = apps.get_model("programme", "LensQuestion")
    for order, (key, stage, text, help_text) in enumerate(DEFAULT_QUESTIONS, start=1):
        LensQuestion.objects.get_or_create(key=key, defaults={"stage": stage, "text": text, "help": help_text,
                                                              "order": order})


def unload(apps, schema_editor):
    from sante_locale.programme.lens_defaults import DEFAULT_QUESTIONS

    LensQuestion = apps.get_model("programme", "LensQuestion")
    LensQuestion.objects.filter(key__in=[q[0] for q in DEFAULT_QUESTIONS], answers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
