"""What a form built from a template does with attachments (``file`` fields), mixed into
``forms.TemplateFormMixin``: which fields take files, how much one post may carry, and taking
the files of a post — checked by content and size before anything is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from .files import N_, UploadRefused, as_ref, check_upload, refusal_text
from .model import Field, FormTemplate

NOT_TAKEN = N_("The file was not attached, because the page's security check had expired. Choose it again.")
Keep = Callable[[dict[str, Any], bytes], None]  # stores an accepted file's bytes under its reference
Known = Callable[[dict[str, Any]], "dict[str, Any] | None"]  # a carried reference as stored, or None


class AttachmentsMixin:
    """The attachment side of a template form (see the module docstring)."""

    template: ClassVar[FormTemplate]
    refused: dict[str, str]
    _gettext: ClassVar[Callable[[str], str]]

    @classmethod
    def file_specs(cls) -> list[Field]:
        """The attachments of the form (``file`` fields are never in a table)."""
        return [f for f in cls.template.fields if f.type == "file"]

    @classmethod
    def has_files(cls) -> bool:
        """Whether the form takes attachments (its page posts ``multipart/form-data``)."""
        return bool(cls.file_specs())

    @classmethod
    def upload_limit(cls) -> int:
        """The most bytes of files one post of this form may carry."""
        return sum(spec.max_bytes for spec in cls.file_specs())

    # -- attachments ---------------------------------------------------------------------------
    def attach_files(self, keep: Keep | None = None, known: Known | None = None) -> None:
        """Take the files posted with the form: check each by content and size, hand the accepted
        ones to ``keep(ref, data)`` (which stores them) and make them the field's value.

        A refused file changes nothing: the field keeps the attachment it had, and ``refused``
        says why, so the page shows the form again with everything typed and one clear message.
        The attachment a page carried (a token) counts only if ``known(ref)`` returns it — the
        caller's stored copy, with the kind and size as stored; without ``known`` it is trusted
        (the preview stores nothing).
        """
        gettext = type(self)._gettext
        for spec in self.file_specs():
            bound = self[spec.key]
            kept = as_ref(bound.data)
            bound.data = (known(kept) if known is not None and kept else kept) or ""
            upload, bound.upload = getattr(bound, "upload", None), None
            if upload is None:
                continue
            try:
                ref, data = check_upload(upload.filename, upload, spec.accepted, spec.max_bytes)
            except UploadRefused as exc:
                self.refused[bound.id] = refusal_text(exc, gettext)
                bound.errors = [self.refused[bound.id]]
                continue
            if keep is not None:
                keep(ref, data)
            bound.data = ref

    def drop_uploads(self) -> None:
        """Forget the files of this post unseen (its security check failed), saying so at each."""
        message = type(self)._gettext(NOT_TAKEN)
        for spec in self.file_specs():
            bound = self[spec.key]
            if getattr(bound, "upload", None) is not None:
                bound.upload = None
                self.refused[bound.id] = message
                bound.errors = [message]

    def _add_refusals(self) -> None:
        for spec in self.file_specs():
            bound = self[spec.key]
            if bound.id in self.refused and self.refused[bound.id] not in bound.errors:
                bound.errors = [*bound.errors, self.refused[bound.id]]
