"""Reduce row-level leads and sales to the small tables that every statistic uses.

This is the only module that reads row-level data for the statistics: the
analysis, the report and the dashboard work on :class:`LaunchTables`. Every
step is a filter, a join on ``lead_id``, a group-by or a sum, with no Python
loop over rows, so the same function can later run on a SQL or cluster
engine (DuckDB, Spark) with the same output.

Keys
    ``dimension``
        One of the five UTM fields.
    ``group``
        The lead's value of that field, ``(not set)`` included.
    ``day``
        The lead's sign-up day in the launch's time zone, as a naive
        ``datetime64`` at midnight.
    ``band``
        ``hot``, ``warm``, ``cold``, or ``unscored`` for a lead that scoring
        gave no band.

Money is summed in integer cents of the launch currency, so sums are exact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from hotleads_core.attribution import attribute_sales, credited_sales
from hotleads_core.config import UTM_FIELDS, LaunchConfig
from hotleads_core.errors import DataError, Reason
from hotleads_core.schema import NOT_SET, empty_sales

BANDS = ("hot", "warm", "cold", "unscored")

# Score source of leads that have no ``score_source`` value.
UNKNOWN_SCORE_SOURCE = "unknown"

# Per-lead counts and cent sums from attribute_sales, summed into each cell.
SUMMED_COLUMNS = (
    "buyers", "paid_sales", "revenue_cents", "unknown_amount_sales",
    "refunded_sales", "refunded_cents", "chargeback_sales", "chargeback_cents",
    "pending_sales", "pending_cents",
)


@dataclasses.dataclass(frozen=True)
class LaunchTables:
    """The aggregated launch: small tidy tables keyed by dimension, group, day and band.

    Attributes
    ----------
    cells : DataFrame
        One row per (dimension, group, day, band) with at least one lead:
        ``leads``, the :data:`SUMMED_COLUMNS` (int64 counts and cents) and
        ``max_sale_cents`` (the largest paid sale of the cell). Each
        dimension partitions all leads, so the rows of one dimension sum to
        the launch totals.
    buyers : DataFrame
        One row per buyer and dimension: ``dimension``, ``group``, ``day``,
        ``band``, ``paid_sales``, ``revenue_cents``, ``max_sale_cents``,
        ``unknown_amount_sales``. Buyers are few, so medians and the check
        "one sale is more than half of a group's revenue" are exact.
    sales_by_day : DataFrame
        Credited paid sales per (dimension, group, day, band, purchase_day),
        where ``purchase_day`` is the sale's day in the launch's time zone:
        ``paid_sales`` and ``revenue_cents``.
    score_sources : DataFrame
        Leads and hot leads per sign-up ``day`` and ``score_source`` (the
        scoring column: ``out_of_fold``, ``holdout_model``, ...; ``unknown``
        when the leads have none). It does not depend on a dimension. A
        view uses it to tell a share of hot leads fixed by the band
        thresholds from a measured one.
    planned : DataFrame
        Channels planned in the launch YAML: ``dimension`` and ``group``,
        normalised like the leads' UTM values (trimmed, case-folded).
    first_day, last_day : datetime.date or None
        Range of the view's calendar: the capture period when the launch YAML
        sets one, widened to every sign-up day; None when there are no leads
        and no capture period.
    timezone : str
        IANA time zone of the days.
    currency : str
        ISO 4217 code of the cents.
    """

    cells: pd.DataFrame
    buyers: pd.DataFrame
    sales_by_day: pd.DataFrame
    score_sources: pd.DataFrame
    planned: pd.DataFrame
    first_day: dt.date | None
    last_day: dt.date | None
    timezone: str
    currency: str


def aggregate(scored_leads: pd.DataFrame, sales: pd.DataFrame | None,
              config: LaunchConfig) -> LaunchTables:
    """Aggregate scored leads and their attributed sales into :class:`LaunchTables`.

    Parameters
    ----------
    scored_leads : DataFrame
        Canonical leads (see :mod:`hotleads_core.schema`) with a ``band``
        column from scoring. A missing band becomes ``unscored`` with a
        warning; a band already set to ``unscored`` is taken as is.
    sales : DataFrame or None
        Canonical sales of the launch; None when the launch has no sales file.
    config : LaunchConfig
        Supplies the attribution rule, the time zone, the currency and the
        planned channels.

    Raises
    ------
    DataError
        When ``scored_leads`` has no ``band`` column or an unknown band.
    """
    timezone = config.launch.timezone
    if sales is None:
        sales = empty_sales(timezone)

    leads = _lead_frame(scored_leads, sales, config)
    cells = _cells(leads)
    buyers = _buyer_rows(leads)
    sales_by_day = _sales_by_day(scored_leads, leads, sales, config)
    first_day, last_day = _calendar(leads, config)

    return LaunchTables(
        cells=cells,
        buyers=buyers,
        sales_by_day=sales_by_day,
        score_sources=_score_sources(scored_leads, leads),
        planned=_planned(config),
        first_day=first_day,
        last_day=last_day,
        timezone=timezone,
        currency=config.launch.currency,
    )


def _lead_frame(scored_leads: pd.DataFrame, sales: pd.DataFrame,
                config: LaunchConfig) -> pd.DataFrame:
    """Join each lead's UTM fields, sign-up day and band to its attributed sales."""
    attributed = attribute_sales(scored_leads, sales, config.attribution)
    frame = scored_leads[["lead_id", *UTM_FIELDS]].reset_index(drop=True)
    # Canonical leads have no missing UTM value; filling keeps a lead that
    # breaks this rule in the "(not set)" group instead of dropping it.
    frame[list(UTM_FIELDS)] = frame[list(UTM_FIELDS)].fillna(NOT_SET)
    frame["day"] = _local_day(scored_leads["signed_up_at"], config.launch.timezone).to_numpy()
    frame["band"] = _bands(scored_leads).to_numpy()
    per_lead = attributed.reset_index(drop=True)
    frame["buyers"] = per_lead["buyer"].astype("int64")
    for name in SUMMED_COLUMNS[1:] + ("max_sale_cents",):
        frame[name] = per_lead[name].astype("int64")
    return frame


def _bands(scored_leads: pd.DataFrame) -> pd.Series:
    if "band" not in scored_leads.columns:
        raise DataError(
            "Scored leads have no 'band' column.", column="band", reason=Reason.MISSING_COLUMN,
            fix="Pass scoring.leads from score_launch, not the raw leads from ingest.",
        )
    band = scored_leads["band"].astype("str").where(scored_leads["band"].notna(), "unscored")
    unknown = sorted(set(band.unique()) - set(BANDS))
    if unknown:
        raise DataError(
            f"Scored leads have unknown bands {unknown}.", column="band", value=unknown[0],
            reason=Reason.INVALID_VALUE, fix="Bands must be 'hot', 'warm' or 'cold'.",
        )
    unscored = int(scored_leads["band"].isna().sum())
    if unscored:
        # Imported here because hotleads_core.analysis imports this module.
        from hotleads_core.analysis.caveats import warn_caller

        warn_caller(f"{unscored} leads have no band; they count as leads but never as hot leads.")
    return band


def _local_day(timestamps: pd.Series, timezone: str) -> pd.Series:
    """Calendar day of each timestamp in ``timezone``, as naive midnight datetimes."""
    local = timestamps.dt.tz_convert(timezone).dt.tz_localize(None)
    return local.dt.floor("D").astype("datetime64[us]")


def _cells(leads: pd.DataFrame) -> pd.DataFrame:
    aggregations = {name: "sum" for name in SUMMED_COLUMNS}
    aggregations["max_sale_cents"] = "max"
    parts = []
    for dimension in UTM_FIELDS:
        grouped = leads.groupby([dimension, "day", "band"], sort=True, observed=True)
        part = grouped.agg(aggregations)
        part.insert(0, "leads", grouped.size())
        parts.append(_with_dimension(part, dimension))
    cells = pd.concat(parts, ignore_index=True)
    return _typed(cells, ("leads", *SUMMED_COLUMNS, "max_sale_cents"))


def _buyer_rows(leads: pd.DataFrame) -> pd.DataFrame:
    buyers = leads.loc[leads["buyers"] > 0]
    values = ["paid_sales", "revenue_cents", "max_sale_cents", "unknown_amount_sales"]
    parts = []
    for dimension in UTM_FIELDS:
        part = buyers[[dimension, "day", "band", *values]].rename(columns={dimension: "group"})
        part.insert(0, "dimension", dimension)
        parts.append(part)
    rows = pd.concat(parts, ignore_index=True)
    return _typed(rows, values)


def _sales_by_day(scored_leads: pd.DataFrame, leads: pd.DataFrame, sales: pd.DataFrame,
                  config: LaunchConfig) -> pd.DataFrame:
    credited = credited_sales(scored_leads, sales, config.attribution)
    paid = credited.loc[credited["status"].astype("str") == "paid"]
    frame = pd.DataFrame({
        "lead_id": paid["lead_id"].to_numpy(),
        "purchase_day": _local_day(paid["purchased_at"], config.launch.timezone).to_numpy(),
        "revenue_cents": paid["amount_cents"].fillna(0).astype("int64").to_numpy(),
        "paid_sales": 1,
    })
    frame = frame.merge(leads[["lead_id", *UTM_FIELDS, "day", "band"]], on="lead_id",
                        how="inner", validate="many_to_one")
    parts = []
    for dimension in UTM_FIELDS:
        grouped = frame.groupby([dimension, "day", "band", "purchase_day"], sort=True,
                                observed=True)
        part = grouped[["paid_sales", "revenue_cents"]].sum()
        parts.append(_with_dimension(part, dimension))
    table = pd.concat(parts, ignore_index=True)
    return _typed(table, ("paid_sales", "revenue_cents"))


def _score_sources(scored_leads: pd.DataFrame, leads: pd.DataFrame) -> pd.DataFrame:
    if "score_source" in scored_leads.columns:
        source = scored_leads["score_source"].astype("str").fillna(UNKNOWN_SCORE_SOURCE)
    else:
        source = pd.Series(UNKNOWN_SCORE_SOURCE, index=scored_leads.index, dtype="str")
    frame = pd.DataFrame({
        "day": leads["day"].to_numpy(),
        "score_source": source.to_numpy(),
        "leads": 1,
        "hot_leads": (leads["band"] == "hot").astype("int64").to_numpy(),
    })
    table = frame.groupby(["day", "score_source"], sort=True).sum().reset_index()
    return table.astype({"day": "datetime64[us]", "score_source": "str", "leads": "int64",
                         "hot_leads": "int64"})


def _with_dimension(part: pd.DataFrame, dimension: str) -> pd.DataFrame:
    part = part.reset_index().rename(columns={dimension: "group"})
    part.insert(0, "dimension", dimension)
    return part


def _typed(table: pd.DataFrame, counts) -> pd.DataFrame:
    """Give key and count columns fixed dtypes, also when the table is empty."""
    table = table.copy()
    table["dimension"] = table["dimension"].astype("str")
    table["group"] = table["group"].astype("str")
    table["band"] = table["band"].astype("str")
    for name in ("day", "purchase_day"):
        if name in table.columns:
            table[name] = table[name].astype("datetime64[us]")
    for name in counts:
        table[name] = table[name].astype("int64")
    return table.reset_index(drop=True)


def _planned(config: LaunchConfig) -> pd.DataFrame:
    rows = [
        (dimension, str(name).strip().casefold())
        for dimension, names in config.planned_channels.items()
        for name in names
    ]
    planned = pd.DataFrame(rows, columns=["dimension", "group"]).drop_duplicates()
    return planned.astype({"dimension": "str", "group": "str"}).reset_index(drop=True)


def _calendar(leads: pd.DataFrame, config: LaunchConfig) -> tuple[dt.date | None, dt.date | None]:
    days = []
    if len(leads):
        days += [leads["day"].min().date(), leads["day"].max().date()]
    capture = config.launch.capture
    if capture is not None:
        days += [capture.start, capture.end]
    if not days:
        return None, None
    return min(days), max(days)
