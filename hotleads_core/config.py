"""The launch configuration: one typed model built from a YAML file under ``params/``.

The command line, the notebooks and the Python API all take a
:class:`LaunchConfig`. Paths in the YAML are relative to the YAML file's own
folder, and :func:`load_config` resolves them once, so later layers only see
absolute paths.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
import zoneinfo
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from hotleads_core.errors import ConfigError

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")

UtmField = Literal["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"]
Status = Literal["paid", "refunded", "chargeback", "pending", "cancelled"]
OrderMeasure = Literal[
    "qualification_rate", "hot_leads", "leads", "conversion_rate", "revenue_per_lead"
]

DEFAULT_NOT_SET_VALUES = ("", "(not set)", "(none)", "null", "undefined", "none", "nan", "n/a")

# Locales whose exports write dates day first (01/03/2024 is 1 March).
DAY_FIRST_LOCALES = ("pt", "es", "fr", "de", "it", "en_GB", "en_AU", "en_IE", "en_NZ", "en_IN")


def available_languages() -> tuple[str, ...]:
    """Return the languages that have a folder of texts under ``hotleads_core/locales/``."""
    folder = resources.files("hotleads_core").joinpath("locales")
    return tuple(sorted(entry.name for entry in folder.iterdir() if entry.is_dir()))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Model):
    """A closed range of calendar days in the launch's time zone."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _check_order(self):
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class FeatureSpec(_Model):
    """Extra lead columns used as model features, named as in the export."""

    numeric: tuple[str, ...] = ()
    categorical: tuple[str, ...] = ()


class FileSource(_Model):
    """One export file and how to read it.

    ``columns`` maps a canonical name to the header in the export, for the
    cases that the preset does not cover. ``constants`` sets a canonical
    column to one value where the export has no such column.
    """

    path: Path
    format: Literal["auto", "csv", "excel", "parquet"] = "auto"
    encoding: str = "auto"
    separator: Literal["auto", ",", ";", "\t", "|"] = "auto"
    decimal: Literal["auto", ".", ","] = "auto"
    dayfirst: bool | None = None
    sheet: str | int | None = None
    preset: Literal["generic", "pt_br", "none"] = "generic"
    columns: dict[str, str] = Field(default_factory=dict)
    constants: dict[str, str | int | float | bool] = Field(default_factory=dict)
    not_set_values: tuple[str, ...] = ()


class LeadsSource(FileSource):
    """The lead export of a launch.

    ``include`` keeps only the leads whose normalised value of each listed
    UTM field is one of the given values. The ingest rejects the other rows
    with reason ``excluded_by_filter``.
    """

    url_form_encoded: bool = False
    features: FeatureSpec = FeatureSpec()
    outcome_positive_values: tuple[str, ...] = ("1", "true", "yes", "sim", "si")
    include: dict[UtmField, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("include")
    @classmethod
    def _check_include(cls, value):
        for field, values in value.items():
            if not values:
                raise ValueError(f"the list of {field} values to keep is empty, which would "
                                 "reject every lead; list at least one value or remove the field")
        return value


class SalesSource(FileSource):
    """A sales export: the launch's own sales or an earlier launch's (purchase history).

    ``zero_amount_as_missing`` reads an amount of 0 as an unknown amount, for
    exports that write 0 where no value was recorded.
    """

    status_map: dict[str, Status] = Field(default_factory=dict)
    zero_amount_as_missing: bool = False


class AttributionConfig(_Model):
    """Attribution rule: the window and maximum delay for crediting paid sales to a lead.

    A sale counts when it falls inside ``window`` (when given) and no more than
    ``max_days_after_signup`` days after the lead's sign-up (when given). Sales
    before the sign-up never count.
    """

    window: Period | None = None
    max_days_after_signup: int | None = Field(default=None, ge=0)


class Thresholds(_Model):
    """Probability thresholds of the temperature bands: hot >= hot, warm >= warm."""

    hot: float = Field(gt=0, le=1)
    warm: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _check_order(self):
        if self.warm > self.hot:
            raise ValueError(f"warm threshold {self.warm} is above hot threshold {self.hot}")
        return self


class ScoringConfig(_Model):
    """Scoring settings: the source of each lead's purchase probability and band.

    ``method="model"`` trains (or loads ``model_path``); ``method="column"``
    uses the export's ``score`` column. ``mode="holdout"`` trains on
    ``train_period`` and scores later leads; ``mode="out_of_fold"`` gives every
    lead a score from a model that did not see it. When ``thresholds`` is not
    set, the thresholds are fixed at training time so that ``hot_share`` and
    ``warm_share`` of the training leads fall in those bands.
    """

    method: Literal["model", "column"] = "model"
    mode: Literal["holdout", "out_of_fold"] = "out_of_fold"
    train_period: Period | None = None
    score_period: Period | None = None
    model_path: Path | None = None
    thresholds: Thresholds | None = None
    hot_share: float = Field(default=0.2, gt=0, lt=1)
    warm_share: float = Field(default=0.3, ge=0, lt=1)
    folds: int = Field(default=5, ge=2, le=20)
    random_state: int = 0


class ReportConfig(_Model):
    """Report and dashboard defaults: grouping, ordering, period and confidence level."""

    sort_by: UtmField = "utm_source"
    order_by: OrderMeasure = "qualification_rate"
    period: Literal["day", "week", "month"] = "week"
    confidence_level: float = Field(default=0.95, gt=0.5, lt=1)
    min_group_leads: int = Field(default=30, ge=1)
    language: str = "en"
    top_groups: int = Field(default=15, ge=1)
    # Sentences for every reader, shown under the report title and on the
    # dashboard's launch header, such as what the amounts mean.
    notes: tuple[str, ...] = ()

    @field_validator("language")
    @classmethod
    def _check_language(cls, value):
        available = available_languages()
        if value not in available:
            raise ValueError(
                f"no report texts for language {value!r}; available: {', '.join(available)}. "
                "A translation is a folder hotleads_core/locales/<language>/ with the same YAML files as 'en'"
            )
        return value


class LaunchInfo(_Model):
    """Name, kind and calendar of a launch."""

    name: str
    title: str
    strategy: Literal["classic", "evergreen"]
    timezone: str = "UTC"
    locale: str = "en_US"
    currency: str = Field(default="BRL", pattern=r"^[A-Z]{3}$")
    capture: Period | None = None
    cart: Period | None = None

    @field_validator("name")
    @classmethod
    def _check_name(cls, value):
        # The name becomes a folder under reports/ and part of URLs.
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
            raise ValueError(
                "a launch name uses lower-case letters, digits, '-' and '_' and starts "
                "with a letter or digit, such as 'march-2025'"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value):
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r}, such as 'America/Sao_Paulo'") from None
        return value

    @property
    def dayfirst(self) -> bool:
        """Whether this launch's locale writes dates day first."""
        return any(self.locale == p or self.locale.startswith(p + "_") for p in DAY_FIRST_LOCALES)


class LaunchConfig(_Model):
    """Everything HotLeads needs to know about one launch."""

    launch: LaunchInfo
    leads: LeadsSource
    sales: SalesSource | None = None
    sales_history: tuple[SalesSource, ...] = ()
    exchange_rates: dict[str, Decimal] = Field(default_factory=dict)
    not_set_values: tuple[str, ...] = DEFAULT_NOT_SET_VALUES
    planned_channels: dict[UtmField, tuple[str, ...]] = Field(default_factory=dict)
    attribution: AttributionConfig = AttributionConfig()
    scoring: ScoringConfig = ScoringConfig()
    report: ReportConfig = ReportConfig()
    source_file: Path | None = Field(default=None, exclude=True)

    @field_validator("exchange_rates")
    @classmethod
    def _check_rates(cls, value):
        for currency, rate in value.items():
            if len(currency) != 3 or not currency.isupper():
                raise ValueError(f"currency code {currency!r} is not a 3-letter ISO 4217 code")
            if rate <= 0:
                raise ValueError(f"exchange rate for {currency} must be positive, got {rate}")
        return value

    @property
    def name(self) -> str:
        """The launch's short name, used for output folders."""
        return self.launch.name


def load_config(path) -> LaunchConfig:
    """Read and validate a launch YAML file.

    Relative data paths are resolved against the YAML file's folder.

    Raises
    ------
    ConfigError
        When the file is missing, is not YAML, or a field is unknown or invalid.
        The message names the field, the value received and the fix.
    """
    path = Path(path)
    raw = _read_yaml(path)
    config = config_from_dict(raw, source=path)
    return _resolve_paths(config, path.resolve().parent)


def config_from_dict(raw, *, source=None) -> LaunchConfig:
    """Validate a mapping as a launch configuration, raising :class:`ConfigError`."""
    if not isinstance(raw, dict):
        raise ConfigError(
            "The launch configuration must be a mapping at the top level.",
            value=type(raw).__name__, source=source,
            fix="Start the YAML file with keys such as 'launch:' and 'leads:'.",
        )
    try:
        config = LaunchConfig.model_validate(raw)
    except ValidationError as exc:
        raise _config_error_from(exc, source) from None
    return config.model_copy(update={"source_file": source})


def _read_yaml(path: Path):
    if not path.is_file():
        raise ConfigError(
            f"Launch file {path} was not found.", source=path,
            fix="Pass the path of a YAML file under params/.",
        )
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"Launch file {path} is not valid YAML: {exc}", source=path,
            fix="Check indentation and quoting near the line given.",
        ) from None


def _config_error_from(exc: ValidationError, source) -> ConfigError:
    # A misspelled field shows up twice: as an unknown field and as the
    # required field it was meant to be. The unknown one names the cause, so
    # it comes first.
    errors = sorted(exc.errors(), key=lambda error: error["type"] != "extra_forbidden")
    problems = [_describe_error(error) for error in errors]
    first = errors[0]
    message = problems[0][0]
    if len(problems) > 1:
        shown = [text for text, _ in problems[1:MAX_LISTED_PROBLEMS]]
        hidden = len(problems) - MAX_LISTED_PROBLEMS
        tail = f" (+{hidden} more)" if hidden > 0 else ""
        message += "\nAlso:" + "".join(f"\n  - {text}" for text in shown) + tail + "\n"
    return ConfigError(message, field=_dotted(first["loc"]), value=first.get("input"),
                       fix=problems[0][1], source=source)


MAX_LISTED_PROBLEMS = 5


def _describe_error(error) -> tuple[str, str]:
    field = _dotted(error["loc"])
    if error["type"] == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, _field_names_at(error["loc"][:-1]), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        return (f"Unknown field {field!r}.{hint}",
                "Remove it or correct its spelling; params/README.md lists the fields.")
    if error["type"] == "missing":
        return f"Required field {field!r} is missing.", "Add it to the launch YAML."
    value = error.get("input")
    reason = error["msg"].removeprefix("Value error, ")
    return (f"Invalid value {value!r} for {field!r}: {reason}.",
            "Correct the value; params/README.md lists the allowed values.")


def _dotted(loc) -> str:
    return ".".join(str(part) for part in loc)


def _field_names_at(loc) -> list[str]:
    """Return the field names of the model found at ``loc``, or [] where it is not a model."""
    model = LaunchConfig
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return list(model.model_fields)


def _model_in(annotation):
    candidates = [annotation, *typing.get_args(annotation)]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        nested = [arg for arg in typing.get_args(candidate)
                  if isinstance(arg, type) and issubclass(arg, BaseModel)]
        if nested:
            return nested[0]
    return None


def _resolve_paths(config: LaunchConfig, base: Path) -> LaunchConfig:
    def resolve(source):
        if source is None:
            return None
        return source.model_copy(update={"path": (base / source.path).resolve()})

    scoring = config.scoring
    if scoring.model_path is not None:
        scoring = scoring.model_copy(update={"model_path": (base / scoring.model_path).resolve()})
    return config.model_copy(update={
        "leads": resolve(config.leads),
        "sales": resolve(config.sales),
        "sales_history": tuple(resolve(s) for s in config.sales_history),
        "scoring": scoring,
    })
