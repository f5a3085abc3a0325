"""The form-template model: what a template *is*, once loaded and checked.

Frozen dataclasses the rest of the application renders from. ``to_dict``/``from_dict`` give a
JSON-able snapshot in the same shape as the YAML file, so the store can keep every template
version that was ever used and an old submission always renders with its own schema.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .files import DEFAULT_ACCEPT, DEFAULT_MAX_MB, MEGABYTE
from .languages import DEFAULT as DEFAULT_LANGUAGE
from .languages import is_language_map, localized

FIELD_TYPES = (
    "text",
    "textarea",
    "integer",
    "date",
    "datetime",
    "email",
    "choice",
    "multichoice",
    "yesno",
    "scale",
    "table",
    "info",
    "period_months",
    "file",
)
WORDS_PER_PAGE = 500  # DESIGN: "maks tre sider" ≈ 1500 words
SCALE_DEFAULT = (1, 5)
#: The facts of a period the project leader reports on (``facts.<key>``, for ``by: leader`` documents).
FACT_KEYS = ("period", "gatherings", "deliveries", "late", "missing", "withdrawals", "presenters", "followup")
PREFILL_SOURCES = {"team": ("name", "members"), "programme": ("title", "recipient"), "facts": FACT_KEYS}
#: The columns ``team.members`` fills: each active member's name, role and e-mail address.
MEMBER_COLUMNS = ("navn", "rolle", "epost")


@dataclass(frozen=True)
class HelpItem:
    """One bullet of guidance under a question, possibly with sub-bullets."""

    text: str
    items: tuple[HelpItem, ...] = ()

    def to_raw(self) -> str | dict:
        """As written in YAML: the text, or {text, items} when it has sub-bullets."""
        return {"text": self.text, "items": [i.to_raw() for i in self.items]} if self.items else self.text

    @classmethod
    def from_raw(cls, raw: str | Mapping) -> HelpItem:
        """From its YAML shape."""
        if isinstance(raw, str):
            return cls(raw)
        return cls(raw["text"], tuple(cls.from_raw(i) for i in raw.get("items", ())))


@dataclass(frozen=True)
class Option:
    """A choice: the stored ``value`` and the ``label`` shown (the same unless given apart)."""

    value: str
    label: str

    def to_raw(self) -> str | dict:
        """As written in YAML: the text alone when value and label are the same."""
        return self.value if self.value == self.label else {"value": self.value, "label": self.label}

    @classmethod
    def from_raw(cls, raw: str | Mapping) -> Option:
        """From its YAML shape."""
        if isinstance(raw, str):
            return cls(raw, raw)
        return cls(str(raw["value"]), str(raw.get("label", raw["value"])))


@dataclass(frozen=True)
class Prefill:
    """Where a field's suggested value comes from.

    ``source`` is ``team``, ``programme`` or ``facts`` (a property of the context), ``form`` (the team's latest
    submitted answer to the form ``form``) or ``previous`` (this form's previous occurrence).
    ``columns`` limits what a table copies: ``{from: previous.tiltak, columns: [delmal, tiltak]}``.
    ``otherwise`` is where to copy from when ``from`` has nothing (same columns): the last
    registration's list, or else the team's members (``team.members``, rows of ``MEMBER_COLUMNS``).
    """

    source: str
    key: str
    form: str | None = None
    columns: tuple[str, ...] | None = None
    otherwise: Prefill | None = None

    @property
    def ref(self) -> str:
        """The reference as written: ``hovedplan.effektmal``, ``previous.tiltak``, ``team.name``."""
        return f"{self.form if self.source == 'form' else self.source}.{self.key}"

    def to_raw(self) -> str | dict:
        """As written in YAML: the reference, or {from, columns, otherwise}."""
        if self.columns is None and self.otherwise is None:
            return self.ref
        raw: dict[str, Any] = {"from": self.ref}
        if self.columns is not None:
            raw["columns"] = list(self.columns)
        if self.otherwise is not None:
            raw["otherwise"] = self.otherwise.ref
        return raw

    @classmethod
    def from_raw(cls, raw: str | Mapping) -> Prefill:
        """From its YAML shape (checked by the loader)."""
        ref, columns = (raw, None) if isinstance(raw, str) else (raw["from"], raw.get("columns"))
        cols = tuple(columns) if columns is not None else None
        otherwise = raw.get("otherwise") if isinstance(raw, Mapping) else None
        fallback = cls._parse(otherwise, cols) if isinstance(otherwise, str) else None
        return replace(cls._parse(ref, cols), otherwise=fallback)

    @classmethod
    def _parse(cls, ref: str, columns: tuple[str, ...] | None) -> Prefill:
        head, _, key = ref.partition(".")
        if head in PREFILL_SOURCES or head == "previous":
            return cls(head, key, None, columns)
        return cls("form", key, head, columns)


@dataclass(frozen=True)
class Limits:
    """Limits on the whole document; ``pages`` alone means ``pages × 500`` words."""

    max_words: int | None = None
    max_chars: int | None = None
    pages: int | None = None

    @property
    def words(self) -> int | None:
        """The effective word limit of the document."""
        if self.max_words is not None:
            return self.max_words
        return self.pages * WORDS_PER_PAGE if self.pages else None

    def to_raw(self) -> dict:
        """As written in YAML, unset limits left out."""
        return {
            k: v
            for k, v in (("max_words", self.max_words), ("max_chars", self.max_chars), ("pages", self.pages))
            if v is not None
        }


@dataclass(frozen=True)
class Field:
    """One question (or a table column, which is a field inside a table)."""

    key: str
    type: str
    label: str = ""
    help: str = ""
    help_items: tuple[HelpItem, ...] = ()
    required: bool = False
    readonly: bool = False
    prefill: Prefill | None = None
    max_words: int | None = None
    max_chars: int | None = None
    min: int | None = None
    max: int | None = None
    min_label: str = ""
    max_label: str = ""
    options: tuple[Option, ...] = ()
    columns: tuple[Field, ...] = ()
    min_rows: int | None = None
    max_rows: int | None = None
    rows: int | None = None
    text: str = ""
    accept: tuple[str, ...] = ()  # file: the kinds of file it takes (engine.schema.files.KINDS)
    max_mb: int | None = None  # file: the largest file it takes, in megabytes

    @property
    def accepted(self) -> tuple[str, ...]:
        """The kinds of file a ``file`` field takes: its ``accept``, else PDF, Word, Excel and pictures."""
        return self.accept or DEFAULT_ACCEPT

    @property
    def max_bytes(self) -> int:
        """The largest file a ``file`` field takes, in bytes (10 MB unless ``max_mb`` says otherwise)."""
        return (self.max_mb or DEFAULT_MAX_MB) * MEGABYTE

    @property
    def scale_range(self) -> range:
        """The values of a ``scale``: ``min``..``max`` inclusive (1–5 unless given)."""
        low = self.min if self.min is not None else SCALE_DEFAULT[0]
        high = self.max if self.max is not None else SCALE_DEFAULT[1]
        return range(low, high + 1)

    @property
    def initial_rows(self) -> int:
        """How many empty rows a new table shows."""
        if self.rows is not None:
            return self.rows
        return max(self.min_rows or 0, 1)

    def column(self, key: str) -> Field:
        """The column ``key`` of a table; ``KeyError`` if there is none."""
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """The field as it would be written in YAML, defaults left out."""
        out: dict[str, Any] = {"key": self.key, "type": self.type}
        simple = (
            "label",
            "required",
            "readonly",
            "max_words",
            "max_chars",
            "min",
            "max",
            "min_label",
            "max_label",
            "min_rows",
            "max_rows",
            "rows",
            "text",
            "max_mb",
        )
        for name in simple:
            value = getattr(self, name)
            if value is not None and value != "" and value is not False:  # 0 is a real minimum
                out[name] = value
        if self.help_items:
            out["help"] = [i.to_raw() for i in self.help_items]
        elif self.help:
            out["help"] = self.help
        if self.prefill:
            out["prefill"] = self.prefill.to_raw()
        if self.options:
            out["options"] = [o.to_raw() for o in self.options]
        if self.columns:
            out["columns"] = [c.to_dict() for c in self.columns]
        if self.accept:
            out["accept"] = list(self.accept)
        return out

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Field:
        """A field from its YAML shape (assumed valid: the loader checks before calling this)."""
        help_raw = raw.get("help")
        return cls(
            key=raw["key"],
            type=raw["type"],
            label=raw.get("label", ""),
            help=help_raw if isinstance(help_raw, str) else "",
            help_items=tuple(HelpItem.from_raw(i) for i in help_raw) if isinstance(help_raw, list) else (),
            required=bool(raw.get("required", False)),
            readonly=bool(raw.get("readonly", False)),
            prefill=Prefill.from_raw(raw["prefill"]) if raw.get("prefill") is not None else None,
            max_words=raw.get("max_words"),
            max_chars=raw.get("max_chars"),
            min=raw.get("min"),
            max=raw.get("max"),
            min_label=raw.get("min_label", ""),
            max_label=raw.get("max_label", ""),
            options=tuple(Option.from_raw(o) for o in raw.get("options", ())),
            columns=tuple(cls.from_dict(c) for c in raw.get("columns", ())),
            min_rows=raw.get("min_rows"),
            max_rows=raw.get("max_rows"),
            rows=raw.get("rows"),
            text=raw.get("text", ""),
            accept=tuple(raw.get("accept", ())),
            max_mb=raw.get("max_mb"),
        )


@dataclass(frozen=True)
class Section:
    """A titled group of questions; a section without a title continues the document's header."""

    fields: tuple[Field, ...]
    title: str = ""
    help: str = ""
    help_items: tuple[HelpItem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The section as written in YAML, defaults left out."""
        out: dict[str, Any] = {}
        if self.title:
            out["title"] = self.title
        if self.help_items:
            out["help"] = [i.to_raw() for i in self.help_items]
        elif self.help:
            out["help"] = self.help
        out["fields"] = [f.to_dict() for f in self.fields]
        return out

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Section:
        """A section from its YAML shape."""
        help_raw = raw.get("help")
        return cls(
            fields=tuple(Field.from_dict(f) for f in raw["fields"]),
            title=raw.get("title", ""),
            help=help_raw if isinstance(help_raw, str) else "",
            help_items=tuple(HelpItem.from_raw(i) for i in help_raw) if isinstance(help_raw, list) else (),
        )


@dataclass(frozen=True)
class FormTemplate:
    """One document's schema: sections of fields, texts with placeholders, limits, a version."""

    id: str
    version: int
    title: str
    sections: tuple[Section, ...]
    subtitle: str = ""
    intro: str = ""
    outro: str = ""
    limits: Limits = Limits()
    # The file data when some text is written per language ({nb: …, nn: …}); the attributes above
    # hold the nb texts. None when every text is one string for all languages.
    texts: Mapping[str, Any] | None = dataclasses.field(default=None, compare=False, hash=False, repr=False)
    _variants: dict[str, FormTemplate] = dataclasses.field(default_factory=dict, compare=False, hash=False, repr=False)

    def in_language(self, language: str | None) -> FormTemplate:
        """The template as a page or a mail in ``language`` shows it: every text per language replaced
        by its text in that language (nb where it has none). The same questions, keys and values."""
        if self.texts is None or not language or language == DEFAULT_LANGUAGE:
            return self
        variant = self._variants.get(language)
        if variant is None:
            variant = FormTemplate.from_dict(localized(self.texts, language))
            self._variants[language] = variant  # kept with the template: a page asks many times
        return variant

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages some text of the template is written in besides the default."""
        found: set[str] = set()

        def walk(value: Any) -> None:
            if is_language_map(value):
                found.update(value)
            elif isinstance(value, Mapping):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(self.texts)
        return tuple(sorted(found - {DEFAULT_LANGUAGE}))

    @property
    def fields(self) -> tuple[Field, ...]:
        """Every top-level field in document order (table columns are inside their table)."""
        return tuple(f for s in self.sections for f in s.fields)

    def field(self, key: str) -> Field:
        """The field ``key``; ``KeyError`` if there is none."""
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    def walk(self) -> Iterator[tuple[Section, Field]]:
        """Each field with its section."""
        for section in self.sections:
            for f in section.fields:
                yield section, f

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able snapshot in the YAML file's shape; ``from_dict(to_dict(t)) == t`` (the texts per
        language included, so a kept snapshot shows a document in each language as the file did)."""
        if self.texts is not None:
            return copy.deepcopy(dict(self.texts))
        out: dict[str, Any] = {"id": self.id, "version": self.version, "title": self.title}
        for name in ("subtitle", "intro", "outro"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        if self.limits.to_raw():
            out["limits"] = self.limits.to_raw()
        out["sections"] = [s.to_dict() for s in self.sections]
        return out

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> FormTemplate:
        """A template from a snapshot or from checked YAML data (texts per language: the nb texts,
        the others kept for :meth:`in_language`)."""
        plain = localized(raw, DEFAULT_LANGUAGE)
        if plain != raw:
            return replace(cls.from_dict(plain), texts=copy.deepcopy(dict(raw)))
        return cls(
            id=raw["id"],
            version=int(raw["version"]),
            title=raw["title"],
            sections=tuple(Section.from_dict(s) for s in raw["sections"]),
            subtitle=raw.get("subtitle", ""),
            intro=raw.get("intro", ""),
            outro=raw.get("outro", ""),
            limits=Limits(**raw.get("limits", {})),
        )

    def fingerprint(self) -> str:
        """SHA-256 of the canonical snapshot: tells apart two files that claim the same version."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
