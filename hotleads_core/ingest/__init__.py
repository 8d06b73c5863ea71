"""Ingest: turn a launch's lead and sales exports into canonical tables.

:func:`load_launch` reads the files named in a :class:`LaunchConfig` and
returns a :class:`LaunchData` with the canonical leads and sales (see
:mod:`hotleads_core.schema`), the rejected rows and a data-quality summary.
Raw e-mail addresses never leave this package: leads and buyers are known by
their keyed hash, ``lead_id``.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pandas as pd

from hotleads_core.config import UTM_FIELDS, LaunchConfig
from hotleads_core.files import atomic_write_text
from hotleads_core.ingest.leads import ingest_leads
from hotleads_core.ingest.privacy import hash_key
from hotleads_core.ingest.quality import (
    DataQualitySummary,
    FileQuality,
    SalesQuality,
    combine_rejects,
    count_reasons,
)
from hotleads_core.ingest.sales import final_rows, ingest_sales
from hotleads_core.schema import NOT_SET, check_sales, empty_sales

logger = logging.getLogger(__name__)

__all__ = ["DataQualitySummary", "FileQuality", "LaunchData", "SalesQuality", "load_launch"]

REJECTS_FILE = "rejects.csv"


# Its DataFrame fields have no boolean equality, so instances compare by identity.
@dataclasses.dataclass(frozen=True, eq=False)
class LaunchData:
    """The canonical tables of one launch and the account of how they were built.

    Attributes
    ----------
    config : LaunchConfig
        The configuration the tables were read with.
    leads : DataFrame
        One row per lead, first touch (canonical lead schema).
    sales : DataFrame
        One final row per transaction of this launch (canonical sale schema).
    history_sales : DataFrame
        Final sales of the files under ``sales_history`` (earlier launches).
    quality : DataQualitySummary
        Rows read, accepted and rejected per file, merges and sales checks.
    rejects : DataFrame
        ``file``, ``row`` (1-based line), ``column``, ``value``, ``reason``,
        ``message``: one line per rejected row, with e-mails as their hash.
    """

    config: LaunchConfig
    leads: pd.DataFrame
    sales: pd.DataFrame
    history_sales: pd.DataFrame
    quality: DataQualitySummary
    rejects: pd.DataFrame

    def write_rejects(self, folder) -> Path:
        """Write the rejected rows to ``rejects.csv`` in ``folder`` and return its path.

        The file is written under a temporary name and renamed over any
        earlier ``rejects.csv``, so a reader never sees half of it.
        """
        path = Path(folder) / REJECTS_FILE
        atomic_write_text(path, self.rejects.to_csv(index=False))
        return path


def load_launch(config: LaunchConfig) -> LaunchData:
    """Read, normalise and validate the leads and sales of a launch.

    Raises
    ------
    DataError
        For a whole-file problem: missing or empty file, missing required
        column, unknown status, currency without an exchange rate. A problem
        of one row (invalid date, number or e-mail, missing value) does not
        raise, and the row is listed in ``rejects``.
    """
    key = hash_key()
    timezone = config.launch.timezone

    leads = ingest_leads(config, key)
    sales = None
    if config.sales is not None:
        sales = ingest_sales(config.sales, config, key, table_name="sales", yaml_section="sales")
    history = [
        ingest_sales(source, config, key, table_name="history_sales",
                     yaml_section=f"sales_history[{index}]")
        for index, source in enumerate(config.sales_history)
    ]

    sales_table = sales.sales if sales is not None else empty_sales(timezone)
    history_table = _combined_history(history, timezone)
    check_sales(sales_table, timezone)
    check_sales(history_table, timezone)

    parts = [leads, *([sales] if sales is not None else []), *history]
    rejects = combine_rejects([part.rejects for part in parts])
    quality = DataQualitySummary(
        files=tuple(file for part in parts for file in part.files),
        leads=len(leads.leads),
        duplicates_merged=leads.duplicates_merged,
        missing_utm=_missing_utm(leads.leads),
        utm_spellings=leads.utm_spellings,
        sales=_sales_quality(sales, leads.leads),
        rejected_by_reason=count_reasons(rejects),
    )
    _log_summary(config, quality)
    return LaunchData(config, leads.leads, sales_table, history_table, quality, rejects)


def _combined_history(history, timezone: str) -> pd.DataFrame:
    if not history:
        return empty_sales(timezone)
    combined = pd.concat([part.sales for part in history], ignore_index=True)
    return final_rows(combined, timezone)


def _missing_utm(leads: pd.DataFrame) -> pd.DataFrame:
    total = len(leads)
    without = [int((leads[field] == NOT_SET).sum()) for field in UTM_FIELDS]
    shares = [count / total if total else float("nan") for count in without]
    return pd.DataFrame({"field": list(UTM_FIELDS), "leads_without": without, "share": shares})


def _sales_quality(sales, leads: pd.DataFrame) -> SalesQuality:
    if sales is None:
        return SalesQuality()
    table = sales.sales
    signed_up = table[["lead_id"]].merge(leads[["lead_id", "signed_up_at"]], on="lead_id",
                                         how="left", validate="many_to_one")["signed_up_at"]
    status = table["status"].astype("str")
    return SalesQuality(
        transactions=len(table),
        superseded_rows=sales.superseded_rows,
        unmatched_sales=int(signed_up.isna().sum()),
        sales_before_signup=int((table["purchased_at"].reset_index(drop=True) < signed_up).sum()),
        refunds=int((status == "refunded").sum()),
        refunded_amount=round(float(table.loc[status == "refunded", "amount"].sum()), 2),
        chargebacks=int((status == "chargeback").sum()),
        chargeback_amount=round(float(table.loc[status == "chargeback", "amount"].sum()), 2),
        unknown_amounts=int(table["amount"].isna().sum()),
        converted_currencies=sales.converted_currencies,
    )


def _log_summary(config: LaunchConfig, quality: DataQualitySummary) -> None:
    for entry in quality.files:
        logger.info("%s %s: %d rows read, %d accepted, %d rejected", entry.table, entry.file,
                    entry.rows_read, entry.rows_accepted, entry.rows_rejected)
        if entry.table == "leads" and entry.rows_read == 0:
            logger.warning("Launch %s: leads file %s has no rows, only a header. Export the "
                           "leads again, or check 'leads.path' in the launch YAML",
                           config.name, entry.file)
    lead_rows = sum(entry.rows_read for entry in quality.files if entry.table == "leads")
    if lead_rows and quality.leads == 0:
        logger.warning("Launch %s: all %d lead rows were rejected. The rejects table lists the "
                       "reason of each row", config.name, lead_rows)
    logger.info("Launch %s: %d leads (%d duplicate rows merged), %d sales",
                config.name, quality.leads, quality.duplicates_merged, quality.sales.transactions)
    sales = quality.sales
    if quality.leads and sales.transactions and sales.unmatched_sales == sales.transactions:
        logger.warning(
            "Launch %s: none of the %d sales matches a lead. Check that the lead and sales "
            "exports use the same identifier, both the e-mail or both the export's own lead id",
            config.name, sales.transactions)
