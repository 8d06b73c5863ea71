"""Build the canonical leads table from a lead export.

Steps: read the file, map its columns, derive ``lead_id`` and the e-mail
domain kind, and parse the sign-up time. Then reject sign-ups outside the
capture period and those that ``leads.include`` leaves out, parse the
optional score, outcome and feature columns, and normalise the UTMs, filling
them from a landing-page URL where the column is empty. Last, merge
duplicate sign-ups into the first one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from hotleads_core.config import UTM_FIELDS, LaunchConfig
from hotleads_core.errors import Reason
from hotleads_core.ingest.fields import FieldCells, lead_ids, parse_time_field
from hotleads_core.ingest.mapping import missing_columns_error, require_fields
from hotleads_core.ingest.normalise import (
    SPELLING_COLUMNS,
    merge_first_touch,
    normalise_utm,
    placeholder_set,
    utms_from_urls,
)
from hotleads_core.ingest.parsing import detect_decimal, parse_floats
from hotleads_core.ingest.privacy import domain_kinds
from hotleads_core.ingest.quality import FileQuality, RowFilter, combine_rejects
from hotleads_core.ingest.readers import RawTable, expand_paths, read_table
from hotleads_core.schema import check_leads, lead_dtypes

NEGATIVE_OUTCOMES = ("0", "false", "no", "nao", "não", "n", "f")
_REQUIRED = (("email", "source_lead_id"), "signed_up_at")


@dataclasses.dataclass(frozen=True, eq=False)
class LeadsIngest:
    """The leads of a launch, with the row accounting of each file read."""

    leads: pd.DataFrame
    rejects: pd.DataFrame
    files: tuple[FileQuality, ...]
    duplicates_merged: int
    utm_spellings: pd.DataFrame


def ingest_leads(config: LaunchConfig, key: bytes) -> LeadsIngest:
    """Read the lead export(s) of a launch and return one row per lead (first touch).

    A ``path`` with a wildcard (``leads_*.csv``) reads every matching file,
    and a lead found in several files keeps its first sign-up.

    Raises
    ------
    DataError
        When a file is missing or empty, lacks a required column, or lacks a
        declared feature column.
    """
    timezone = config.launch.timezone
    parts = [_ingest_file(config.leads.model_copy(update={"path": path}), config, key)
             for path in expand_paths(config.leads.path)]
    accepted = pd.concat([part.leads for part in parts], ignore_index=True)

    others = [c for c in accepted.columns if c not in ("lead_id", "signed_up_at", *UTM_FIELDS)]
    leads, merged = merge_first_touch(accepted, [*UTM_FIELDS, *others])
    leads = _with_dtypes(leads[_output_columns(leads)], timezone)
    check_leads(leads, timezone)

    return LeadsIngest(
        leads,
        combine_rejects([part.rejects for part in parts]),
        tuple(part.files[0] for part in parts),
        merged,
        _sum_spellings([part.utm_spellings for part in parts]),
    )


def _ingest_file(source, config: LaunchConfig, key: bytes) -> LeadsIngest:
    """Parse one lead file into its accepted rows, before duplicates are merged."""
    table = read_table(source)
    cells = FieldCells.from_table(table, source, "leads", "leads")
    require_fields(cells.column_map, source, table, _REQUIRED, "leads")
    _require_features(table, source)
    rows = RowFilter(table.frame, source.path, table.malformed)
    timezone = config.launch.timezone

    hashed, emails = lead_ids(cells, rows, key)
    columns = {"lead_id": hashed, "email_domain_kind": domain_kinds(emails)}
    columns["signed_up_at"] = parse_time_field(cells, "signed_up_at", rows, timezone, config, source)
    _reject_outside_capture(columns["signed_up_at"], cells, rows, config)
    _reject_excluded(cells, rows, config)
    columns.update(_optional_columns(cells, rows, source))

    accepted = pd.DataFrame(columns).loc[rows.keep]
    utms, spellings = _normalised_utms(cells, rows, config)
    file = rows.file_quality("leads", table)
    return LeadsIngest(pd.concat([accepted, utms], axis=1), rows.rejects(), (file,), 0, spellings)


def _sum_spellings(tables) -> pd.DataFrame:
    combined = pd.concat(tables, ignore_index=True)
    summed = combined.groupby(["field", "value", "raw_spelling"], sort=True, observed=True,
                              dropna=False, as_index=False)["rows"].sum()
    return summed[list(SPELLING_COLUMNS)]


def _require_features(table: RawTable, source) -> None:
    declared = [*source.features.numeric, *source.features.categorical]
    missing = [name for name in declared if name not in table.frame.columns]
    if missing:
        raise missing_columns_error(source, missing, table, "leads.features")


def _reject_outside_capture(times: pd.Series, cells: FieldCells, rows: RowFilter,
                            config: LaunchConfig) -> None:
    capture = config.launch.capture
    if capture is None:
        return
    tz = config.launch.timezone
    start = pd.Timestamp(capture.start, tz=tz)
    end = pd.Timestamp(capture.end + dt.timedelta(days=1), tz=tz)
    outside = times.notna() & ((times < start) | (times >= end))
    rows.reject(outside, column=cells.header("signed_up_at"), values=cells.text("signed_up_at"),
                reason=Reason.OUTSIDE_CAPTURE_PERIOD,
                message=f"The sign-up is outside the capture period {capture.start} to "
                        f"{capture.end} (launch.capture).")


def _reject_excluded(cells: FieldCells, rows: RowFilter, config: LaunchConfig) -> None:
    """Reject the rows whose normalised UTM value is not in ``leads.include``.

    The values are compared after the same normalisation as the stored UTMs
    (trim, case-fold, placeholders to ``(not set)``, landing-page URL fill).
    """
    include = config.leads.include
    if not include:
        return
    placeholders = _placeholders(config)
    from_url = _url_utms(cells, rows.keep, config)
    for field, allowed in include.items():
        kept, _ = normalise_utm(pd.Series(allowed, dtype="str"), placeholders)
        values, _ = _utm_column(cells, field, rows.keep, placeholders, from_url)
        listed = ", ".join(dict.fromkeys(kept))
        rows.reject(~values.isin(set(kept)), column=cells.header(field), values=values,
                    reason=Reason.EXCLUDED_BY_FILTER,
                    message=f"The {cells.label(field)} value is not one of the values that "
                            f"leads.include keeps: {listed}.")


def _optional_columns(cells: FieldCells, rows: RowFilter, source) -> dict[str, pd.Series]:
    columns = {}
    if cells.column_map.has("score"):
        columns["score"] = _scores(cells, rows, source)
    if cells.column_map.has("converted"):
        columns["converted"] = _outcomes(cells, rows, source)
    for name in source.features.numeric:
        columns[name] = _numeric_feature(cells, name, rows, source)
    placeholders = placeholder_set(source.not_set_values, [""])
    for name in source.features.categorical:
        values = cells.frame[name].astype("str").str.strip()
        columns[name] = values.where(~values.str.casefold().isin(placeholders))
    return columns


def _scores(cells: FieldCells, rows: RowFilter, source) -> pd.Series:
    raw = cells.text("score")
    decimal = source.decimal if source.decimal != "auto" else detect_decimal(raw, cells.separator)
    scores, invalid = parse_floats(raw, decimal)
    column = cells.header("score")
    rows.reject(invalid, column=column, values=raw, reason=Reason.INVALID_NUMBER,
                message="The score is not a valid number.")
    rows.reject((scores < 0) | (scores > 1), column=column, values=raw, reason=Reason.INVALID_NUMBER,
                message="The score is outside [0, 1]. Give it as a probability, such as 0.35.")
    return scores


def _outcomes(cells: FieldCells, rows: RowFilter, source) -> pd.Series:
    raw = cells.text("converted")
    values = raw.str.strip().str.casefold().str.replace(r"\.0+$", "", regex=True)
    positive = values.isin(placeholder_set(source.outcome_positive_values))
    negative = values.isin(NEGATIVE_OUTCOMES)
    unknown = (values != "") & ~positive & ~negative
    allowed = ", ".join([*source.outcome_positive_values, *NEGATIVE_OUTCOMES])
    rows.reject(unknown, column=cells.header("converted"), values=raw, reason=Reason.INVALID_VALUE,
                message=f"The outcome is not one of {allowed}. Add other positive values under "
                        f"'leads.outcome_positive_values'.")
    outcome = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    outcome[positive] = True
    outcome[negative] = False
    return outcome


def _numeric_feature(cells: FieldCells, name: str, rows: RowFilter, source) -> pd.Series:
    raw = cells.frame[name].astype("str")
    placeholders = placeholder_set(source.not_set_values)
    raw = raw.where(~raw.str.strip().str.casefold().isin(placeholders), "")
    decimal = source.decimal if source.decimal != "auto" else detect_decimal(raw, cells.separator)
    numbers, invalid = parse_floats(raw, decimal)
    rows.reject(invalid, column=name, values=raw, reason=Reason.INVALID_NUMBER,
                message=f"The feature {name!r} is not a number with {decimal!r} as decimal mark.")
    return numbers


def _normalised_utms(cells: FieldCells, rows: RowFilter, config: LaunchConfig):
    """Normalise the UTM fields of the kept rows, filling empty ones from the landing-page URL."""
    keep = rows.keep
    placeholders = _placeholders(config)
    from_url = _url_utms(cells, keep, config)
    utms, spellings = {}, [_empty_spellings()]
    for field in UTM_FIELDS:
        utms[field], table = _utm_column(cells, field, keep, placeholders, from_url)
        if cells.column_map.has(field) or from_url is not None:
            spellings.append(table.assign(field=field))
    spelling_table = pd.concat(spellings, ignore_index=True)[list(SPELLING_COLUMNS)]
    spelling_table = spelling_table.astype({"field": "str"})
    return pd.DataFrame(utms, index=keep[keep].index), spelling_table


def _placeholders(config: LaunchConfig) -> frozenset[str]:
    return placeholder_set(config.not_set_values, config.leads.not_set_values)


def _url_utms(cells: FieldCells, keep: pd.Series, config: LaunchConfig) -> pd.DataFrame | None:
    """Read the UTM parameters of the kept rows' landing-page URLs; None without that column."""
    if not cells.column_map.has("landing_url"):
        return None
    return utms_from_urls(cells.text("landing_url")[keep], config.leads.url_form_encoded)


def _utm_column(cells: FieldCells, field: str, keep: pd.Series, placeholders: frozenset[str],
                from_url: pd.DataFrame | None) -> tuple[pd.Series, pd.DataFrame]:
    """Normalise one UTM field of the kept rows, filling empty cells from ``from_url``."""
    values = cells.text(field)[keep]
    if from_url is not None:
        empty = values.str.strip().str.casefold().isin(placeholders)
        values = values.where(~empty | from_url[field].isna(), from_url[field])
    return normalise_utm(values, placeholders)


def _empty_spellings() -> pd.DataFrame:
    return pd.DataFrame({"field": pd.Series([], dtype="str"), "value": pd.Series([], dtype="str"),
                         "raw_spelling": pd.Series([], dtype="str"),
                         "rows": pd.Series([], dtype="int64")})


def _output_columns(leads: pd.DataFrame) -> list[str]:
    base = ["lead_id", "signed_up_at", *UTM_FIELDS, "email_domain_kind"]
    return base + [c for c in leads.columns if c not in base]


def _with_dtypes(leads: pd.DataFrame, timezone: str) -> pd.DataFrame:
    return leads.astype(lead_dtypes(timezone)).reset_index(drop=True)
