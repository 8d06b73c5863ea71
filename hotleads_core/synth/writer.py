"""Write a synthetic launch to CSV and Parquet files, one chunk at a time.

Memory stays bounded by the chunk size: each chunk of leads is drawn, its
sales are drawn, and all of them are appended to the open writers before the
next chunk is drawn. Parquet files get one row group per chunk.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from hotleads_core.errors import Reason
from hotleads_core.synth import launch_file
from hotleads_core.synth.leads import LEAD_HEADERS, LeadChunk, draw_lead_chunk
from hotleads_core.synth.sales import SALE_HEADERS, draw_history_sales, draw_sales

CHUNK_SIZE = 1_000_000
FORMATS = ("csv", "parquet", "both")
TABLES = ("leads", "sales", "history_sales")
MALFORMED_FILE = "malformed_rows.csv"

# Values written in place of a valid date or amount in the deliberately malformed rows.
BAD_DATES = ("2026-02-30 10:15:00", "2026-13-01 08:00:00", "yesterday", "00/00/0000")
BAD_AMOUNTS = ("12.34.56", "1O0.00", "R$ ?")


@dataclasses.dataclass(frozen=True)
class SynthSummary:
    """Counts and paths of the files that :func:`write_launch` wrote.

    Attributes
    ----------
    out_dir : Path
        The output folder.
    files : dict of str to Path
        Every file written, keyed by its name in ``out_dir``.
    leads : int
        Distinct leads (each lead's e-mail appears on one or two rows).
    lead_rows, sales_rows, history_rows : int
        Data rows of each table, header excluded.
    buyers : int
        Leads with at least one transaction in this launch, whatever its status.
    malformed_lead_rows, malformed_sale_rows : int
        Rows of the CSV files written with an invalid date or amount; the
        Parquet files hold the valid values.
    """

    out_dir: Path
    files: dict[str, Path]
    leads: int
    lead_rows: int
    sales_rows: int
    history_rows: int
    buyers: int
    malformed_lead_rows: int
    malformed_sale_rows: int


def write_launch(out_dir, leads: int, seed: int, *, file_format: str = "both",
                 malformed_rate: float = 0.0, chunk_size: int = CHUNK_SIZE) -> SynthSummary:
    """Generate a launch of ``leads`` leads and write its exports and launch YAML to ``out_dir``.

    Parameters
    ----------
    out_dir : path-like
        Folder to write into; created when missing. Existing files of the
        same names are replaced.
    leads : int
        Number of distinct leads, at least 1.
    seed : int
        Seed of the random generators; the same seed, size and chunk size give
        the same bytes.
    file_format : {"csv", "parquet", "both"}
        Which export files to write.
    malformed_rate : float
        Probability in [0, 1) that a CSV row gets an invalid date (leads) or
        amount (sales). Only leads that have no sale, no earlier purchase and
        a single sign-up row are malformed, so each malformed row is one
        rejected row and nothing else. The rows are listed in
        ``malformed_rows.csv``.
    chunk_size : int
        Leads per chunk; bounds memory.
    """
    _check_arguments(leads, seed, file_format, malformed_rate, chunk_size)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    formats = ("csv", "parquet") if file_format == "both" else (file_format,)
    sinks = _TableSinks(out_dir, formats)
    malformed = []
    counts = dict.fromkeys(("lead_rows", "sales_rows", "history_rows", "buyers"), 0)

    for chunk_number, first in enumerate(range(0, leads, chunk_size)):
        size = min(chunk_size, leads - first)
        chunk = draw_lead_chunk(seed, chunk_number, first, size)
        sales = draw_sales(seed, chunk_number, chunk)
        history = draw_history_sales(seed, chunk_number, chunk)
        rng = np.random.default_rng([seed, chunk_number, 4])
        bad_leads = _malform_leads(rng, chunk, malformed_rate, counts["lead_rows"])
        bad_sales = _malform_sales(rng, sales, malformed_rate, counts["sales_rows"])
        malformed.extend(bad_leads.records + bad_sales.records)

        sinks.write("leads", chunk.table, bad_leads)
        sinks.write("sales", sales, bad_sales)
        sinks.write("history_sales", history, _Malformed.none())
        counts["lead_rows"] += chunk.table.num_rows
        counts["sales_rows"] += sales.num_rows
        counts["history_rows"] += history.num_rows
        counts["buyers"] += int(chunk.buyer.sum())

    files = sinks.close()
    files.update(_write_malformed(out_dir, malformed))
    files.update(launch_file.write_launch_files(out_dir, seed, leads, formats))
    return SynthSummary(
        out_dir=out_dir, files=files, leads=leads, **counts,
        malformed_lead_rows=sum(r["file"] == "leads.csv" for r in malformed),
        malformed_sale_rows=sum(r["file"] == "sales.csv" for r in malformed),
    )


def _check_arguments(leads, seed, file_format, malformed_rate, chunk_size) -> None:
    if leads < 1:
        raise ValueError(f"leads must be at least 1, got {leads}.")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}.")
    if file_format not in FORMATS:
        raise ValueError(f"file_format must be one of {FORMATS}, got {file_format!r}.")
    if not 0 <= malformed_rate < 1:
        raise ValueError(f"malformed_rate must be in [0, 1), got {malformed_rate}.")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}.")


@dataclasses.dataclass(frozen=True)
class _Malformed:
    """Rows of one chunk to write with an invalid value in one CSV column."""

    column: str
    positions: np.ndarray
    values: np.ndarray
    records: list

    @classmethod
    def none(cls):
        return cls("", np.empty(0, np.int64), np.empty(0, object), [])


def _malform_leads(rng, chunk: LeadChunk, rate: float, rows_before: int) -> _Malformed:
    eligible = chunk.single_row & ~chunk.buyer & ~chunk.history_buyer
    chosen = np.flatnonzero(eligible & (rng.random(len(eligible)) < rate))
    positions = np.sort(chunk.row_of_lead[chosen])
    values = np.asarray(BAD_DATES, dtype=object)[rng.integers(0, len(BAD_DATES), len(positions))]
    return _malformed("leads.csv", LEAD_HEADERS["signed_up_at"], positions, values,
                      Reason.INVALID_DATE, rows_before)


def _malform_sales(rng, sales: pa.Table, rate: float, rows_before: int) -> _Malformed:
    positions = np.flatnonzero(rng.random(sales.num_rows) < rate)
    values = np.asarray(BAD_AMOUNTS, dtype=object)[rng.integers(0, len(BAD_AMOUNTS), len(positions))]
    return _malformed("sales.csv", SALE_HEADERS["amount"], positions, values,
                      Reason.INVALID_NUMBER, rows_before)


def _malformed(file, column, positions, values, reason, rows_before) -> _Malformed:
    # Line numbers count the header as line 1, as in rejected-row reports.
    records = [{"file": file, "row": int(rows_before + p + 2), "column": column,
                "value": str(v), "reason": reason.value} for p, v in zip(positions, values)]
    return _Malformed(column, positions, values, records)


class _TableSinks:
    """Open CSV and Parquet writers, one per table and format."""

    def __init__(self, out_dir: Path, formats):
        self.out_dir = out_dir
        self.formats = formats
        self.writers = {}
        self.paths = {}

    def write(self, name: str, table: pa.Table, malformed: _Malformed) -> None:
        if "parquet" in self.formats:
            self._writer(name, "parquet", table.schema).write_table(table, row_group_size=table.num_rows or 1)
        if "csv" in self.formats:
            text = _csv_table(table, malformed)
            self._writer(name, "csv", text.schema).write_table(text)

    def close(self) -> dict[str, Path]:
        for writer in self.writers.values():
            writer.close()
        return dict(self.paths)

    def _writer(self, name, kind, schema):
        key = f"{name}.{kind}"
        if key not in self.writers:
            path = self.out_dir / key
            self.paths[key] = path
            if kind == "parquet":
                self.writers[key] = pq.ParquetWriter(path, schema, compression="zstd")
            else:
                options = pa_csv.WriteOptions(quoting_style="needed")
                self.writers[key] = pa_csv.CSVWriter(path, schema, write_options=options)
        return self.writers[key]


def _csv_table(table: pa.Table, malformed: _Malformed) -> pa.Table:
    """Turn timestamps into local ``YYYY-MM-DD HH:MM:SS`` text and prices into ``123.45`` text."""
    columns = {}
    for field in table.schema:
        column = table[field.name].combine_chunks()
        if pa.types.is_timestamp(field.type):
            column = pc.strftime(column.cast(pa.timestamp("s", tz=field.type.tz)),
                                 format="%Y-%m-%d %H:%M:%S")
        elif pa.types.is_floating(field.type):
            column = _format_amount(column)
        if field.name == malformed.column and len(malformed.positions):
            text = column.to_numpy(zero_copy_only=False).astype(object)
            text[malformed.positions] = malformed.values
            column = pa.array(text, type=pa.string())
        columns[field.name] = column
    return pa.table(columns)


def _format_amount(amount: pa.Array) -> pa.Array:
    cents = np.rint(amount.to_numpy(zero_copy_only=False) * 100).astype(np.int64)
    units = pa.array(cents // 100).cast(pa.string())
    fraction = pc.utf8_lpad(pa.array(cents % 100).cast(pa.string()), 2, "0")
    return pc.binary_join_element_wise(units, fraction, ".")


def _write_malformed(out_dir: Path, records: list) -> dict[str, Path]:
    path = out_dir / MALFORMED_FILE
    table = pa.table({
        key: pa.array([r[key] for r in records], type=pa.int64() if key == "row" else pa.string())
        for key in ("file", "row", "column", "value", "reason")
    })
    pa_csv.write_csv(table, path, write_options=pa_csv.WriteOptions(quoting_style="needed"))
    return {MALFORMED_FILE: path}
