"""Model features of a lead, built only from what is known when the lead signs up.

The features are the UTM fields, the e-mail domain kind and the sign-up
timing (local hour, weekday, days since the launch opened). Beside them come
the lead's purchase history from earlier launches' sales files and the extra
columns that the launch YAML declares under ``leads.features``. Nothing here reads the current
launch's sales: they are the outcome.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OrdinalEncoder

from hotleads_core.config import UTM_FIELDS, LaunchConfig
from hotleads_core.errors import ConfigError, DataError, Reason
from hotleads_core.schema import NOT_SET, OPTIONAL_LEAD_COLUMNS

# A category seen on fewer training leads than this shares the "infrequent"
# code with the rest of the long tail of campaigns, so no category gets its
# own branch learnt from a handful of leads. The classifier's native
# categorical splits also need at most 255 codes per column.
MIN_CATEGORY_COUNT = 10
MAX_CATEGORIES_PER_COLUMN = 50

BASE_CATEGORICAL = (*UTM_FIELDS, "email_domain_kind")
TIMING_NUMERIC = ("signup_hour", "signup_weekday", "days_since_open")
HISTORY_NUMERIC = (
    "history_purchases", "history_spent", "days_since_last_purchase", "has_purchase_history",
)


@dataclasses.dataclass(frozen=True)
class FeatureSpec:
    """The input columns of a model, as the feature frame names them.

    Attributes
    ----------
    categorical : tuple of str
        Columns encoded as category codes: the UTM fields,
        ``email_domain_kind`` and the extra categorical columns of the launch
        YAML.
    numeric : tuple of str
        Columns passed as floats; NaN means unknown and the classifier handles
        it natively.
    """

    categorical: tuple[str, ...]
    numeric: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """All input columns, categorical first."""
        return (*self.categorical, *self.numeric)


def feature_spec(config: LaunchConfig) -> FeatureSpec:
    """Return the feature columns for a launch, checking the declared extra columns.

    Raises
    ------
    ConfigError
        When an extra feature is an outcome column (``converted``, ``score``)
        or clashes with a built-in feature name.
    """
    extra = config.leads.features
    reserved = {*OPTIONAL_LEAD_COLUMNS, "lead_id", "signed_up_at",
                *BASE_CATEGORICAL, *TIMING_NUMERIC, *HISTORY_NUMERIC}
    for name in (*extra.numeric, *extra.categorical):
        if name in reserved:
            raise ConfigError(
                f"Column {name!r} cannot be an extra model feature: it is an outcome, "
                "an identifier or a built-in feature.",
                field="leads.features", value=name, source=config.source_file,
                fix="Remove it from leads.features.numeric and leads.features.categorical.",
            )
    return FeatureSpec(
        categorical=(*BASE_CATEGORICAL, *extra.categorical),
        numeric=(*TIMING_NUMERIC, *HISTORY_NUMERIC, *extra.numeric),
    )


def build_features(leads: pd.DataFrame, history_sales: pd.DataFrame,
                   config: LaunchConfig, spec: FeatureSpec) -> pd.DataFrame:
    """Build the feature frame of ``leads``, one row per lead in the same order.

    Parameters
    ----------
    leads : DataFrame
        Canonical leads of the launch.
    history_sales : DataFrame
        Canonical sales of earlier launches; only paid sales made before a
        lead's sign-up count.
    config : LaunchConfig
        The launch, for its opening day and its declared extra features.
    spec : FeatureSpec
        The columns to build, from :func:`feature_spec`.

    Returns
    -------
    DataFrame
        Categorical columns as ``str`` with ``(not set)`` for missing values
        and numeric columns as float64, indexed like ``leads``.
    """
    # Columns are assigned by position (as arrays), so a lead index with
    # repeated labels is never aligned on.
    frame = pd.DataFrame(index=leads.index)
    for name in spec.categorical:
        frame[name] = _categorical_column(leads, name, config).array
    for part in (timing_features(leads, config), history_features(leads, history_sales)):
        for name, values in part.items():
            frame[name] = values.to_numpy()
    extra_numeric = [n for n in spec.numeric if n not in TIMING_NUMERIC + HISTORY_NUMERIC]
    for name in extra_numeric:
        frame[name] = _numeric_column(leads, name, config).to_numpy()
    return frame[list(spec.names)]


def timing_features(leads: pd.DataFrame, config: LaunchConfig) -> pd.DataFrame:
    """Return the local sign-up hour, weekday (0 is Monday) and days since the launch opened.

    The launch opens at midnight of ``launch.capture.start`` in the launch's
    time zone, or at the first sign-up when the capture period is not set.
    """
    signed_up_at = leads["signed_up_at"]
    opened_at = launch_opened_at(leads, config)
    elapsed = (signed_up_at - opened_at) / pd.Timedelta(days=1)
    return pd.DataFrame({
        "signup_hour": signed_up_at.dt.hour.astype("float64"),
        "signup_weekday": signed_up_at.dt.day_of_week.astype("float64"),
        "days_since_open": elapsed.astype("float64"),
    }, index=leads.index)


def launch_opened_at(leads: pd.DataFrame, config: LaunchConfig) -> pd.Timestamp:
    """Return the moment the launch opened, in the launch's time zone (NaT without leads)."""
    capture = config.launch.capture
    if capture is not None:
        return pd.Timestamp(capture.start, tz=config.launch.timezone)
    return leads["signed_up_at"].min()


def history_features(leads: pd.DataFrame, history_sales: pd.DataFrame) -> pd.DataFrame:
    """Summarise each lead's paid purchases from earlier launches made before its sign-up.

    Returns
    -------
    DataFrame
        ``history_purchases`` (count), ``history_spent`` (sum of known amounts
        in the launch currency), ``days_since_last_purchase`` (0 without a
        purchase, distinguished by ``has_purchase_history`` = 0.0) and
        ``has_purchase_history`` (1.0 or 0.0), indexed like ``leads``.
    """
    paid = history_sales.loc[history_sales["status"].astype("str") == "paid",
                             ["lead_id", "purchased_at", "amount"]]
    joined = paid.merge(leads[["lead_id", "signed_up_at"]], on="lead_id", how="inner")
    joined = joined.loc[joined["purchased_at"] < joined["signed_up_at"]]
    per_lead = joined.groupby("lead_id", sort=False).agg(
        history_purchases=("purchased_at", "size"),
        history_spent=("amount", "sum"),
        last_purchase_at=("purchased_at", "max"),
    )
    aligned = per_lead.reindex(pd.Index(leads["lead_id"])).reset_index(drop=True)
    signed_up_at = leads["signed_up_at"].reset_index(drop=True)
    purchases = aligned["history_purchases"].fillna(0).to_numpy(dtype="float64")
    days_since = (signed_up_at - aligned["last_purchase_at"]) / pd.Timedelta(days=1)
    return pd.DataFrame({
        "history_purchases": purchases,
        "history_spent": aligned["history_spent"].fillna(0).to_numpy(dtype="float64"),
        "days_since_last_purchase": days_since.to_numpy(dtype="float64", na_value=0.0),
        "has_purchase_history": (purchases > 0).astype("float64"),
    }, index=leads.index)


def build_preprocessor(spec: FeatureSpec) -> ColumnTransformer:
    """Return the column transformer that turns the categorical features into codes.

    Its output has the categorical columns first, as float64 codes 0, 1, ...
    with the infrequent categories sharing the last code, then the numeric
    columns unchanged. A category never seen in training becomes NaN, which
    the classifier treats as a missing value.
    """
    encoder = OrdinalEncoder(
        handle_unknown="use_encoded_value",
        unknown_value=np.nan,
        min_frequency=MIN_CATEGORY_COUNT,
        max_categories=MAX_CATEGORIES_PER_COLUMN,
        dtype=np.float64,
    )
    return ColumnTransformer(
        [("categorical", encoder, list(spec.categorical)),
         ("numeric", "passthrough", list(spec.numeric))],
        verbose_feature_names_out=False,
    )


def categorical_mask(spec: FeatureSpec) -> list[bool]:
    """Return the ``categorical_features`` mask of the classifier for the preprocessor's output."""
    return [True] * len(spec.categorical) + [False] * len(spec.numeric)


def _categorical_column(leads: pd.DataFrame, name: str, config: LaunchConfig) -> pd.Series:
    # pandas' str dtype stores the text in Arrow buffers; the encoder converts
    # one training sample or prediction chunk at a time to Python objects.
    column = _require_column(leads, name, config)
    return column.astype("str").fillna(NOT_SET)


def _numeric_column(leads: pd.DataFrame, name: str, config: LaunchConfig) -> pd.Series:
    column = _require_column(leads, name, config)
    numbers = pd.to_numeric(column, errors="coerce").astype("float64")
    if len(numbers) and numbers.isna().all():
        # scikit-learn 1.9.1's HistGradientBoostingClassifier fails on a
        # column without any value, and such a column carries no signal.
        raise DataError(
            f"Feature column {name!r} has no value for any lead.",
            file=config.leads.path, column=name, reason=Reason.MISSING_VALUE,
            fix="Remove it from leads.features.numeric, or fill it in the export.",
        )
    invalid = numbers.isna() & column.notna()
    if invalid.any():
        position = int(np.flatnonzero(invalid.to_numpy())[0])
        raise DataError(
            f"Feature column {name!r} is declared numeric but {int(invalid.sum())} lead(s) "
            "have a value that is not a number.",
            column=name, value=str(column.iloc[position]), reason=Reason.INVALID_NUMBER,
            fix="Move the column to leads.features.categorical, or clean the export.",
        )
    return numbers


def _require_column(leads: pd.DataFrame, name: str, config: LaunchConfig) -> pd.Series:
    if name not in leads.columns:
        raise DataError(
            f"The leads have no column {name!r}, which the launch YAML declares as a model feature.",
            file=config.leads.path, column=name, reason=Reason.MISSING_COLUMN,
            fix="Correct the name in leads.features or add the column to the lead export.",
        )
    return leads[name]
