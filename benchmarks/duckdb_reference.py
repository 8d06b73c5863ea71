"""The reference aggregation: HotLeads' ``cells`` and ``sales_by_day`` tables computed by DuckDB.

DuckDB reads the scored leads and the canonical sales from Parquet files and
applies the same rules as :mod:`hotleads_core.attribution` and
:mod:`hotleads_core.aggregation`, written independently in SQL:

* a sale is credited to the lead with the same ``lead_id`` when it is not
  earlier than the sign-up and falls inside the attribution window (local
  days, end day included). When ``max_days_after_signup`` is set, the sale
  must also come no later than that many days after the sign-up;
* amounts become cents rounded half away from zero;
* a lead is a buyer when a credited sale is ``paid``; revenue sums the paid
  cents, and refunds, chargebacks and pending sales are counted apart;
* days are calendar days in the launch's time zone, and a missing band is
  ``unscored``.

:func:`compare_tables` then checks that both engines give the same numbers.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from hotleads_core.config import UTM_FIELDS, LaunchConfig

CELL_KEYS = ["dimension", "group", "day", "band"]
SALES_BY_DAY_KEYS = [*CELL_KEYS, "purchase_day"]

_PER_LEAD = """
CREATE TEMP VIEW credited AS
SELECT s.lead_id, s.status::VARCHAR AS status, s.purchased_at,
       sign(s.amount) * floor(abs(s.amount) * 100 + 0.5 + 1e-9) AS cents
FROM read_parquet({sales}) s
JOIN read_parquet({leads}) l USING (lead_id)
WHERE s.purchased_at >= l.signed_up_at {window} {delay};

CREATE TEMP VIEW per_lead AS
SELECT l.*,
       CAST(timezone({tz}, l.signed_up_at) AS DATE)::TIMESTAMP AS day,
       coalesce(l.band::VARCHAR, 'unscored') AS band_name,
       coalesce(c.paid_sales, 0) AS paid_sales,
       coalesce(c.revenue_cents, 0) AS revenue_cents,
       coalesce(c.max_sale_cents, 0) AS max_sale_cents,
       coalesce(c.unknown_amount_sales, 0) AS unknown_amount_sales,
       coalesce(c.refunded_sales, 0) AS refunded_sales,
       coalesce(c.refunded_cents, 0) AS refunded_cents,
       coalesce(c.chargeback_sales, 0) AS chargeback_sales,
       coalesce(c.chargeback_cents, 0) AS chargeback_cents,
       coalesce(c.pending_sales, 0) AS pending_sales,
       coalesce(c.pending_cents, 0) AS pending_cents
FROM read_parquet({leads}) l
LEFT JOIN (
    SELECT lead_id,
           count(*) FILTER (WHERE status = 'paid') AS paid_sales,
           sum(CASE WHEN status = 'paid' THEN coalesce(cents, 0) ELSE 0 END) AS revenue_cents,
           max(CASE WHEN status = 'paid' THEN coalesce(cents, 0) ELSE 0 END) AS max_sale_cents,
           count(*) FILTER (WHERE status = 'paid' AND cents IS NULL) AS unknown_amount_sales,
           count(*) FILTER (WHERE status = 'refunded') AS refunded_sales,
           sum(CASE WHEN status = 'refunded' THEN coalesce(cents, 0) ELSE 0 END) AS refunded_cents,
           count(*) FILTER (WHERE status = 'chargeback') AS chargeback_sales,
           sum(CASE WHEN status = 'chargeback' THEN coalesce(cents, 0) ELSE 0 END) AS chargeback_cents,
           count(*) FILTER (WHERE status = 'pending') AS pending_sales,
           sum(CASE WHEN status = 'pending' THEN coalesce(cents, 0) ELSE 0 END) AS pending_cents
    FROM credited GROUP BY lead_id
) c USING (lead_id);
"""

_CELLS = """
SELECT '{field}' AS dimension, {field} AS "group", day, band_name AS band,
       count(*) AS leads,
       count(*) FILTER (WHERE paid_sales > 0) AS buyers,
       sum(paid_sales) AS paid_sales, sum(revenue_cents) AS revenue_cents,
       sum(unknown_amount_sales) AS unknown_amount_sales,
       sum(refunded_sales) AS refunded_sales, sum(refunded_cents) AS refunded_cents,
       sum(chargeback_sales) AS chargeback_sales, sum(chargeback_cents) AS chargeback_cents,
       sum(pending_sales) AS pending_sales, sum(pending_cents) AS pending_cents,
       max(max_sale_cents) AS max_sale_cents
FROM per_lead GROUP BY ALL
"""

_SALES_BY_DAY = """
SELECT '{field}' AS dimension, p.{field} AS "group", p.day, p.band_name AS band,
       CAST(timezone({tz}, c.purchased_at) AS DATE)::TIMESTAMP AS purchase_day,
       count(*) AS paid_sales, sum(coalesce(c.cents, 0)) AS revenue_cents
FROM credited c JOIN per_lead p USING (lead_id)
WHERE c.status = 'paid'
GROUP BY ALL
"""


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB connection with automatic extension installation turned off.

    The ``icu`` (time zones) and ``parquet`` extensions are built into the
    duckdb 2.0 wheel. With installation off, a missing extension raises an
    error instead of being downloaded.
    """
    connection = duckdb.connect(config={"autoinstall_known_extensions": False})
    if threads is not None:
        connection.execute(f"SET threads = {int(threads)}")
    return connection


def reference_tables(leads_path, sales_path, config: LaunchConfig,
                     connection: duckdb.DuckDBPyConnection | None = None) -> dict[str, pd.DataFrame]:
    """Compute ``cells`` and ``sales_by_day`` with DuckDB from two Parquet files.

    Parameters
    ----------
    leads_path : path-like
        Scored leads: the canonical lead columns and ``band``.
    sales_path : path-like
        Canonical sales of the launch.
    config : LaunchConfig
        Supplies the time zone and the attribution rule.

    Returns
    -------
    dict of str to DataFrame
        ``cells`` and ``sales_by_day``, sorted by their keys, with the column
        names and dtypes of :class:`hotleads_core.aggregation.LaunchTables`.
    """
    connection = connection or connect()
    literals = {"leads": _literal(leads_path), "sales": _literal(sales_path),
                "tz": _literal(config.launch.timezone)}
    connection.execute(_per_lead_sql(config, literals))
    cells = _union(connection, _CELLS, literals)
    sales_by_day = _union(connection, _SALES_BY_DAY, literals)
    return {
        "cells": _sorted(cells, CELL_KEYS),
        "sales_by_day": _sorted(sales_by_day, SALES_BY_DAY_KEYS),
    }


def compare_tables(hotleads_tables, reference: dict[str, pd.DataFrame]) -> list[str]:
    """Return the differences between HotLeads' tables and the DuckDB reference; empty when equal."""
    differences = []
    for name, keys in (("cells", CELL_KEYS), ("sales_by_day", SALES_BY_DAY_KEYS)):
        ours = _sorted(getattr(hotleads_tables, name), keys)
        missing = sorted(set(ours.columns) - set(reference[name].columns))
        if missing:
            differences.append(f"{name}: the reference has no columns {missing}")
            continue
        try:
            pd.testing.assert_frame_equal(ours, reference[name][list(ours.columns)],
                                          check_dtype=False)
        except AssertionError as exc:
            differences.append(f"{name}: {exc}")
    return differences


def _per_lead_sql(config: LaunchConfig, literals: dict[str, str]) -> str:
    attribution = config.attribution
    window = ""
    if attribution.window is not None:
        start = _local_midnight(attribution.window.start)
        end = _local_midnight(attribution.window.end + dt.timedelta(days=1))
        window = (f"AND s.purchased_at >= timezone({literals['tz']}, TIMESTAMP '{start}') "
                  f"AND s.purchased_at < timezone({literals['tz']}, TIMESTAMP '{end}')")
    delay = ""
    if attribution.max_days_after_signup is not None:
        days = int(attribution.max_days_after_signup)
        delay = f"AND s.purchased_at - l.signed_up_at <= INTERVAL {days} DAY"
    return _PER_LEAD.format(window=window, delay=delay, **literals)


def _local_midnight(day: dt.date) -> str:
    return f"{day.isoformat()} 00:00:00"


def _literal(value) -> str:
    """Quote a path or name as an SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def _union(connection, template: str, literals: dict[str, str]) -> pd.DataFrame:
    sql = " UNION ALL ".join(template.format(field=field, **literals) for field in UTM_FIELDS)
    frame = connection.execute(sql).df()
    for name in frame.columns:
        if name in ("dimension", "group", "band"):
            frame[name] = frame[name].astype("str")
        elif name in ("day", "purchase_day"):
            frame[name] = frame[name].astype("datetime64[us]")
        else:
            frame[name] = frame[name].astype("int64")
    return frame


def _sorted(frame: pd.DataFrame, keys) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)
