"""Build the canonical sales table from a sales export.

Status values are mapped to paid, refunded, chargeback, pending and
cancelled. A transaction keeps one final row, the latest one. Amounts are
exact to the cent and converted to the launch currency.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd
import yaml

from hotleads_core.config import LaunchConfig, SalesSource
from hotleads_core.errors import DataError, Reason
from hotleads_core.ingest.fields import FieldCells, lead_ids, parse_time_field
from hotleads_core.ingest.mapping import require_fields
from hotleads_core.ingest.parsing import canonical_amounts, detect_decimal, to_cent
from hotleads_core.ingest.quality import FileQuality, RowFilter, combine_rejects
from hotleads_core.ingest.readers import expand_paths, read_table
from hotleads_core.schema import SALE_COLUMNS, STATUSES, sale_dtypes

# Status spellings of common checkout platforms (English, Portuguese, Spanish),
# compared after trimming and lower-casing.
BUILTIN_STATUSES = {
    **dict.fromkeys(("approved", "aprovado", "aprobado", "paid", "pago", "complete",
                     "completed", "concluido", "concluído"), "paid"),
    **dict.fromkeys(("refunded", "reembolsado", "devolvido", "reembolso", "refund"), "refunded"),
    **dict.fromkeys(("chargeback", "estornado", "contestado", "disputed"), "chargeback"),
    **dict.fromkeys(("pending", "waiting_payment", "aguardando_pagamento", "pendente",
                     "billet_printed", "boleto_impresso", "processing"), "pending"),
    **dict.fromkeys(("cancelled", "canceled", "cancelado", "expired", "expirado"), "cancelled"),
}

# When two rows of one transaction have the same time, the later stage of a
# payment's life wins, so the final status does not depend on row order.
STATUS_RANK = {"pending": 0, "paid": 1, "cancelled": 2, "refunded": 3, "chargeback": 4}

# Amounts at or above this many units are rejected: they are export errors
# (an id in the amount column), and Decimal cannot round them to the cent.
MAX_AMOUNT = Decimal(10) ** 15
CURRENCY_SYMBOLS = {"R$": "BRL", "US$": "USD", "€": "EUR", "£": "GBP"}
_REQUIRED = ("transaction_id", ("email", "source_lead_id"), "purchased_at", "amount", "status")


@dataclasses.dataclass(frozen=True, eq=False)
class SalesIngest:
    """The sales of one export (one or several files), with the row accounting of each file."""

    sales: pd.DataFrame
    rejects: pd.DataFrame
    files: tuple[FileQuality, ...]
    superseded_rows: int
    converted_currencies: tuple[str, ...]


def ingest_sales(source: SalesSource, config: LaunchConfig, key: bytes, *, table_name: str,
                 yaml_section: str) -> SalesIngest:
    """Read a sales export and return one final row per transaction.

    A ``path`` with a wildcard reads every matching file, and a transaction
    found in several files keeps its latest row.

    Raises
    ------
    DataError
        When a required column is missing, a status is not mapped, or a
        currency has no exchange rate.
    """
    parts = [
        _ingest_file(source.model_copy(update={"path": path}), config, key,
                     table_name=table_name, yaml_section=yaml_section)
        for path in expand_paths(source.path)
    ]
    rows = pd.concat([part.sales for part in parts], ignore_index=True)
    sales = final_rows(rows, config.launch.timezone)
    return SalesIngest(
        sales,
        combine_rejects([part.rejects for part in parts]),
        tuple(file for part in parts for file in part.files),
        len(rows) - len(sales),
        tuple(sorted({code for part in parts for code in part.converted_currencies})),
    )


def _ingest_file(source: SalesSource, config: LaunchConfig, key: bytes, *, table_name: str,
                 yaml_section: str) -> SalesIngest:
    """Parse one sales file into its accepted rows, before each transaction keeps its final row."""
    table = read_table(source)
    cells = FieldCells.from_table(table, source, "sales", yaml_section)
    require_fields(cells.column_map, source, table, _REQUIRED, yaml_section)
    rows = RowFilter(table.frame, source.path, table.malformed)
    timezone = config.launch.timezone

    transaction = cells.text("transaction_id").str.strip()
    rows.reject(transaction == "", column=cells.header("transaction_id"), values=transaction,
                reason=Reason.MISSING_VALUE, message="The transaction id is missing. Every sale needs one.")
    hashed, _ = lead_ids(cells, rows, key)
    purchased = parse_time_field(cells, "purchased_at", rows, timezone, config, source)
    statuses = _statuses(cells, rows, source, yaml_section)
    currencies = _currencies(cells, rows, config, yaml_section)
    amounts = _amounts(cells, rows, source, statuses, currencies, config)

    frame = pd.DataFrame({
        "transaction_id": transaction, "lead_id": hashed, "purchased_at": purchased,
        "amount": amounts, "currency": config.launch.currency,
        "original_currency": currencies, "status": statuses,
    }).loc[rows.keep]
    file = rows.file_quality(table_name, table)
    foreign = sorted(set(frame["original_currency"]) - {config.launch.currency})
    return SalesIngest(frame, rows.rejects(), (file,), 0, tuple(foreign))


def final_rows(frame: pd.DataFrame, timezone: str) -> pd.DataFrame:
    """Keep the latest row of each transaction, dated at the transaction's first row.

    ``purchased_at`` of the result is the earliest time of the transaction,
    which is the purchase itself. Status and amount come from the latest row,
    such as a refund.
    """
    frame = frame.assign(_rank=frame["status"].astype("str").map(STATUS_RANK).astype("int64"))
    by_transaction = frame.groupby("transaction_id", sort=False, observed=True, dropna=False)
    first_time = by_transaction["purchased_at"].transform("min")
    frame = frame.assign(purchased_at=first_time, _latest=frame["purchased_at"])
    ordered = frame.sort_values(["transaction_id", "_latest", "_rank", "lead_id", "amount"],
                                kind="stable", na_position="first")
    final = ordered.drop_duplicates("transaction_id", keep="last")
    final = final.sort_values(["purchased_at", "transaction_id"], kind="stable", ignore_index=True)
    return _with_dtypes(final[list(SALE_COLUMNS)], timezone)


def _with_dtypes(frame: pd.DataFrame, timezone: str) -> pd.DataFrame:
    return frame.astype(sale_dtypes(timezone))


def _statuses(cells: FieldCells, rows: RowFilter, source: SalesSource, yaml_section: str) -> pd.Series:
    raw = cells.text("status").str.strip()
    rows.reject(raw == "", column=cells.header("status"), values=raw, reason=Reason.MISSING_VALUE,
                message="The status is missing. Every sale needs a status such as paid or refunded.")
    table = {**BUILTIN_STATUSES, **{k.strip().lower(): v for k, v in source.status_map.items()}}
    keys = raw.str.lower()
    mapped = keys.map(table)
    unknown = rows.keep & mapped.isna()
    if unknown.any():
        raise _unknown_status_error(raw[unknown], cells, source, yaml_section)
    return mapped.astype(pd.CategoricalDtype(STATUSES))


def _unknown_status_error(values: pd.Series, cells: FieldCells, source: SalesSource,
                          yaml_section: str) -> DataError:
    counts = values.value_counts(sort=True)
    listed = _list_counts(counts)
    return DataError(
        f"Export {source.path.name} has unknown status values: {listed}.",
        file=source.path, column=cells.header("status"), value=str(counts.index[0]),
        reason=Reason.UNKNOWN_STATUS,
        fix=f"Map each value to paid, refunded, chargeback, pending or cancelled under "
            f"'{yaml_section}.status_map' in the launch YAML. Paste these lines under "
            f"'{yaml_section}' and replace each 'paid' with the status that the value "
            f"means:\n{status_map_snippet(counts.index)}",
    )


def status_map_snippet(values, limit: int = 20) -> str:
    """Build a block-style ``status_map`` that maps ``values`` to ``paid``, indented by two spaces.

    PyYAML quotes the values that YAML would otherwise read as another type
    or as syntax (``yes``, ``123``, ``a: b``), so the text stays valid YAML
    when pasted under a sales section. Only the first ``limit`` values are
    listed, the same cap as the message's list.
    """
    mapping = {"status_map": {str(value): "paid" for value in list(values)[:limit]}}
    block = yaml.safe_dump(mapping, default_flow_style=False, allow_unicode=True, sort_keys=False)
    return "".join(f"  {line}\n" for line in block.splitlines())


def _list_counts(counts: pd.Series, limit: int = 20) -> str:
    """List values with their row counts, the most frequent first, capped at ``limit`` values."""
    listed = ", ".join(f"{value!r} ({count} {'row' if count == 1 else 'rows'})"
                       for value, count in counts.iloc[:limit].items())
    if len(counts) > limit:
        listed += f" and {len(counts) - limit} more values"
    return listed


def _currencies(cells: FieldCells, rows: RowFilter, config: LaunchConfig,
                yaml_section: str) -> pd.Series:
    launch_currency = config.launch.currency
    if not cells.column_map.has("currency"):
        return pd.Series(launch_currency, index=rows.keep.index, dtype="str")
    codes = cells.text("currency").str.strip()
    codes = codes.replace(CURRENCY_SYMBOLS).str.upper()
    codes = codes.where(codes != "", launch_currency)
    known = {launch_currency, *config.exchange_rates}
    unknown = rows.keep & ~codes.isin(known)
    if unknown.any():
        counts = codes[unknown].value_counts(sort=True)
        listed = _list_counts(counts)
        raise DataError(
            f"Sales in currencies other than the launch currency {launch_currency} have no "
            f"exchange rate: {listed}.",
            file=cells.path, column=cells.header("currency"), value=str(counts.index[0]),
            reason=Reason.UNKNOWN_CURRENCY,
            fix=f"Add 'exchange_rates: {{{counts.index[0]}: <{launch_currency} per 1 "
                f"{counts.index[0]}>}}' to the launch YAML, or correct the currency codes "
                f"(3-letter ISO 4217) in column {cells.header('currency')!r}.",
        )
    return codes


def _amounts(cells: FieldCells, rows: RowFilter, source: SalesSource, statuses: pd.Series,
             currencies: pd.Series, config: LaunchConfig) -> pd.Series:
    """Parse amounts and convert them to the launch currency (float64, NaN when unknown).

    Invalid, implausibly large and unexpected negative amounts reject their row.
    """
    raw = cells.text("amount")
    decimal = source.decimal if source.decimal != "auto" else detect_decimal(raw, cells.separator)
    texts, invalid = canonical_amounts(raw, decimal)
    column = cells.header("amount")
    example = "1.234,56" if decimal == "," else "1,234.56"
    rows.reject(invalid, column=column, values=raw, reason=Reason.INVALID_NUMBER,
                message=f"The amount is not a valid number with {decimal!r} as decimal mark, "
                        f"such as {example}.")
    negative = texts.str.startswith("-")
    reversal = statuses.isin(["refunded", "chargeback"]).fillna(False).astype(bool)
    rows.reject(negative & ~reversal, column=column, values=raw, reason=Reason.INVALID_NUMBER,
                message="The amount is negative but the status is not refunded or chargeback.")

    magnitude = texts.str.lstrip("+-")
    codes, distinct = pd.factorize(magnitude)
    too_large = pd.Series(np.array([_is_too_large(text) for text in distinct] + [False])[codes],
                          index=magnitude.index)
    rows.reject(too_large, column=column, values=raw, reason=Reason.INVALID_NUMBER,
                message=f"The amount is {MAX_AMOUNT:,} or more, which no single sale reaches.")
    return _convert(magnitude.where(~too_large, ""), currencies, config,
                    source.zero_amount_as_missing)


def _is_too_large(text: str) -> bool:
    if text == "":
        return False
    try:
        return Decimal(text) >= MAX_AMOUNT
    except InvalidOperation:
        # Decimal rejects exponents beyond its limits, such as 1e9999999999999999999.
        return True


def _convert(texts: pd.Series, currencies: pd.Series, config: LaunchConfig,
             zero_as_missing: bool) -> pd.Series:
    """Convert exact amount texts to float64 in the launch currency, rounded half up to the cent.

    Each distinct (amount, currency) pair is computed once in ``Decimal``, so
    the only rounding happens after conversion.
    """
    rates = {**config.exchange_rates, config.launch.currency: Decimal(1)}
    pairs = pd.DataFrame({"text": texts.to_numpy(), "currency": currencies.to_numpy()})
    distinct = pairs.drop_duplicates(ignore_index=True)
    distinct["amount"] = [
        _converted_amount(text, rates.get(currency, Decimal(1)), zero_as_missing)
        for text, currency in distinct.itertuples(index=False)
    ]
    amounts = pairs.merge(distinct, on=["text", "currency"], how="left", validate="many_to_one")
    return pd.Series(amounts["amount"].to_numpy(dtype="float64"), index=texts.index)


def _converted_amount(text: str, rate: Decimal, zero_as_missing: bool) -> float:
    if text == "":
        return float("nan")
    value = Decimal(text)
    if zero_as_missing and value == 0:
        return float("nan")
    return float(to_cent(value * rate))
