"""The image field a model declares: uploads cleaned, renditions recorded.

``ProcessedImageField`` stores the cleaned master of each upload under a name
made from its content, writes its renditions at once and records them in a
companion JSON field; files its row stops using leave storage after commit.
"""

from django import forms
from django.core import checks
from django.core.files.base import ContentFile, File
from django.db import models
from django.db.models import signals
from django.db.models.fields.files import FieldFile, ImageFieldFile

from .renditions import (
    PHOTO_WIDTHS,
    build_renditions,
    delete_files,
    discard_on_commit,
    record_files,
    stored_files_memo,
)
from .uploads import ACCEPT_ATTRIBUTE, clean_upload


class ProcessedImageFormField(forms.ImageField):
    """An image upload field that checks the whole file, not only its header."""

    def to_python(self, data):
        # Skip forms.ImageField's verify(): it passes truncated files and
        # reports a decompression bomb as a generic error.
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            clean_upload(upload)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs


class ProcessedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store the cleaned upload and its renditions instead of the raw file."""
        cleaned = clean_upload(content)
        field, instance = self.field, self.instance
        # The name comes from the content: an upload's own name may say more
        # than it should about who took the picture.
        name = field.generate_filename(
            instance, f"{cleaned.digest}.{cleaned.extension}"
        )
        self.name = self.storage.save(
            name, ContentFile(cleaned.content), max_length=field.max_length
        )
        try:
            record = build_renditions(
                self.storage, self.name, field.widths, content=cleaned.content
            )
        except BaseException:
            delete_files(self.storage, [self.name])
            raise
        # Bypass the descriptor: it would read the stored file back to learn
        # dimensions that are already known.
        instance.__dict__[field.attname] = self.name
        self._committed = True
        if field.width_field:
            setattr(instance, field.width_field, cleaned.width)
        if field.height_field:
            setattr(instance, field.height_field, cleaned.height)
        setattr(instance, field.renditions_field, record)
        if save:
            instance.save()

    save.alters_data = True


class ProcessedImageField(models.ImageField):
    """An ImageField whose uploads are cleaned and come with renditions."""

    # ``renditions_field`` names a JSONField on the same model, declared after
    # this one, that records the renditions. Files a row stops using, because
    # its image was replaced or the row was deleted, leave storage once the
    # transaction commits, so a rollback never loses a picture.

    attr_class = ProcessedImageFieldFile
    # The content decides what a file is; its extension is replaced anyway.
    default_validators = []

    def __init__(self, *args, renditions_field, widths=PHOTO_WIDTHS, **kwargs):
        self.renditions_field = renditions_field
        self.widths = tuple(widths)
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        return [*super().check(**kwargs), *self._check_companion_fields()]

    def _check_companion_fields(self):
        names = [f.name for f in self.model._meta.concrete_fields]
        errors = []
        for companion in (self.renditions_field, self.width_field, self.height_field):
            if not companion:
                continue
            if companion not in names:
                errors.append(
                    checks.Error(
                        f"'{companion}' is not a field of {self.model.__name__}.",
                        obj=self,
                        id="pictures.E001",
                    )
                )
            elif names.index(companion) < names.index(self.name):
                # Django writes fields in declaration order, after each
                # one's pre_save(); values set while saving the image would
                # miss the row.
                errors.append(
                    checks.Error(
                        f"'{companion}' must be declared after '{self.name}'.",
                        obj=self,
                        id="pictures.E002",
                    )
                )
        return errors

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["renditions_field"] = self.renditions_field
        kwargs["widths"] = self.widths
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            # Storage housekeeping for this field, wired up the way
            # ImageField wires its dimension fields: cascades and bulk
            # deletes call no model method, only these signals.
            signals.post_init.connect(self._remember_files, sender=cls)
            signals.post_save.connect(self._discard_replaced_files, sender=cls)
            signals.post_delete.connect(self._discard_deleted_files, sender=cls)

    def formfield(self, **kwargs):
        # The upload's own name is never stored (see generate_filename in
        # save()), so however long it is, it does not count against the
        # column's max_length.
        return super().formfield(
            **{"form_class": ProcessedImageFormField, **kwargs, "max_length": None}
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value and not value._committed:
            clean_upload(value.file)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        value = instance.__dict__.get(self.attname)
        if isinstance(value, File) and not (
            isinstance(value, FieldFile) and value._committed
        ):
            # A fresh upload is untrusted until clean_upload() has read it;
            # its dimensions are set when it is saved.
            return
        super().update_dimension_fields(instance, force, *args, **kwargs)

    def pre_save(self, model_instance, add):
        memo = stored_files_memo(model_instance)
        if not add and self.attname not in memo:
            # Loaded with this field deferred: ask the database what it holds.
            memo[self.attname] = self._files_in_database(model_instance)
        file = super().pre_save(model_instance, add)
        if not file and getattr(model_instance, self.renditions_field):
            setattr(model_instance, self.renditions_field, {})
        return file

    def stored_files(self, instance):
        """Return the stored names the instance's image and renditions use."""
        file = getattr(instance, self.attname)
        names = record_files(getattr(instance, self.renditions_field))
        if file and file._committed:
            names.add(file.name)
        return names

    def _files_in_database(self, instance):
        row = (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values_list(self.attname, self.renditions_field)
            .first()
        )
        if row is None:
            return set()
        name, record = row
        return record_files(record) | ({name} if name else set())

    def _remember_files(self, instance, **kwargs):
        value = instance.__dict__.get(self.attname)
        if isinstance(value, str) and self.renditions_field in instance.__dict__:
            names = record_files(instance.__dict__[self.renditions_field])
            if value:
                names.add(value)
            stored_files_memo(instance)[self.attname] = names

    def _discard_replaced_files(self, instance, raw=False, using=None, **kwargs):
        if raw:
            return
        memo = stored_files_memo(instance)
        current = self.stored_files(instance)
        discard_on_commit(self.storage, memo.get(self.attname, set()) - current, using)
        memo[self.attname] = current

    def _discard_deleted_files(self, instance, using=None, **kwargs):
        names = stored_files_memo(instance).get(self.attname, set())
        discard_on_commit(self.storage, names | self.stored_files(instance), using)
