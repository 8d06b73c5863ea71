import numpy as np
import pandas as pd
import pytest
from scoring_launches import TIMEZONE, launch_config, make_leads, make_sales

from hotleads_core.errors import ConfigError, DataError
from hotleads_core.schema import NOT_SET, empty_sales
from hotleads_core.scoring.features import (
    FeatureSpec,
    build_features,
    build_preprocessor,
    categorical_mask,
    feature_spec,
    history_features,
    timing_features,
)

# 2024-03-04 is a Monday; Sao Paulo is at UTC-3 all year 2024.
SIGNUP_LOCAL = pd.Timestamp("2024-03-04 14:30", tz=TIMEZONE)


def test_timing_from_capture_start():
    config = launch_config(capture={"start": "2024-03-01", "end": "2024-03-31"})
    leads = make_leads(["a"], [SIGNUP_LOCAL])

    timing = timing_features(leads, config)

    assert timing["signup_hour"].iloc[0] == 14.0
    assert timing["signup_weekday"].iloc[0] == 0.0
    # From 2024-03-01 00:00 to 2024-03-04 14:30: 3 days and 14.5 hours.
    assert timing["days_since_open"].iloc[0] == pytest.approx(3 + 14.5 / 24)


def test_timing_hour_in_launch_time_zone():
    config = launch_config()
    leads = make_leads(["a"], [pd.Timestamp("2024-03-04 02:00", tz="UTC")])

    timing = timing_features(leads, config)

    # 02:00 UTC is 23:00 of Sunday 3 March in Sao Paulo.
    assert timing["signup_hour"].iloc[0] == 23.0
    assert timing["signup_weekday"].iloc[0] == 6.0


def test_timing_opens_at_first_signup():
    config = launch_config()
    leads = make_leads(["a", "b"], [SIGNUP_LOCAL + pd.Timedelta(hours=36), SIGNUP_LOCAL])

    timing = timing_features(leads, config)

    assert timing["days_since_open"].tolist() == [1.5, 0.0]


def test_history_counts_paid_sales_before_signup():
    leads = make_leads(["a", "b"], [SIGNUP_LOCAL, SIGNUP_LOCAL])
    history = make_sales(
        ["lead0000"] * 4,
        [SIGNUP_LOCAL - pd.Timedelta(days=50), SIGNUP_LOCAL - pd.Timedelta(days=10),
         SIGNUP_LOCAL - pd.Timedelta(days=5), SIGNUP_LOCAL + pd.Timedelta(days=6)],
        amounts=[100.0, 50.5, 999.0, 70.0],
        statuses=["paid", "paid", "refunded", "paid"],
    )

    features = history_features(leads, history)

    # lead0000: two paid sales before sign-up (100.00 and 50.50, the last 10
    # days before); the refund and the later purchase do not count.
    assert features.loc[0].tolist() == [2.0, 150.5, 10.0, 1.0]
    assert features.loc[1].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_history_without_sales_files():
    leads = make_leads(["a"], [SIGNUP_LOCAL])

    features = history_features(leads, empty_sales(TIMEZONE))

    assert features.loc[0].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_build_features_extra_columns():
    config = launch_config(features={"numeric": ["visits"], "categorical": ["country"]})
    leads = make_leads(["a", "b"], [SIGNUP_LOCAL, SIGNUP_LOCAL],
                       extra={"visits": ["3", None], "country": ["BR", None]})
    spec = feature_spec(config)

    features = build_features(leads, empty_sales(TIMEZONE), config, spec)

    assert list(features.columns) == list(spec.names)
    assert features["country"].tolist() == ["BR", NOT_SET]
    assert features["visits"].iloc[0] == 3.0
    assert np.isnan(features["visits"].iloc[1])


def test_build_features_keeps_lead_order_and_index():
    config = launch_config()
    leads = make_leads(["x", "y", "z"], [SIGNUP_LOCAL] * 3).set_index(pd.Index([7, 3, 5]))
    spec = feature_spec(config)

    features = build_features(leads, empty_sales(TIMEZONE), config, spec)

    assert features.index.tolist() == [7, 3, 5]
    assert features["utm_source"].tolist() == ["x", "y", "z"]


def test_numeric_feature_with_text():
    config = launch_config(features={"numeric": ["visits"]})
    leads = make_leads(["a", "b"], [SIGNUP_LOCAL] * 2, extra={"visits": ["3", "many"]})
    spec = feature_spec(config)

    with pytest.raises(DataError, match="declared numeric but 1 lead"):
        build_features(leads, empty_sales(TIMEZONE), config, spec)


def test_numeric_feature_without_values():
    config = launch_config(features={"numeric": ["visits"]})
    leads = make_leads(["a", "b"], [SIGNUP_LOCAL] * 2, extra={"visits": [None, None]})
    spec = feature_spec(config)

    with pytest.raises(DataError, match="has no value for any lead"):
        build_features(leads, empty_sales(TIMEZONE), config, spec)


def test_feature_column_missing():
    config = launch_config(features={"categorical": ["country"]})
    leads = make_leads(["a"], [SIGNUP_LOCAL])
    spec = feature_spec(config)

    with pytest.raises(DataError, match="no column 'country'"):
        build_features(leads, empty_sales(TIMEZONE), config, spec)


@pytest.mark.parametrize("name", ["converted", "score", "lead_id", "utm_source", "signup_hour"],
                         ids=["outcome", "score", "identifier", "utm", "built-in"])
def test_feature_spec_rejects_reserved_name(name):
    config = launch_config(features={"numeric": [name]})

    with pytest.raises(ConfigError, match=f"Column '{name}' cannot be an extra model feature"):
        feature_spec(config)


def test_build_features_repeated_index_labels():
    config = launch_config()
    leads = make_leads(["x", "y"], [SIGNUP_LOCAL] * 2).set_index(pd.Index([1, 1]))
    spec = feature_spec(config)

    features = build_features(leads, empty_sales(TIMEZONE), config, spec)

    assert len(features) == 2
    assert features["utm_source"].tolist() == ["x", "y"]


def test_preprocessor_codes_and_infrequent():
    spec = FeatureSpec(categorical=("utm_source",), numeric=("signup_hour",))
    training = pd.DataFrame({
        "utm_source": ["b"] * 12 + ["a"] * 10 + ["c"] * 3 + ["d"],
        "signup_hour": np.arange(26, dtype="float64"),
    })
    scored = pd.DataFrame({"utm_source": ["a", "b", "c", "d", "new"],
                           "signup_hour": [1.0, 2.0, 3.0, 4.0, np.nan]})

    codes = build_preprocessor(spec).fit(training).transform(scored)

    # 'a' (10 leads) and 'b' (12) reach the minimum of 10 and get codes 0 and
    # 1 in sorted order; 'c' and 'd' share the infrequent code 2; a category
    # never seen in training is missing.
    np.testing.assert_array_equal(codes[:, 0], [0.0, 1.0, 2.0, 2.0, np.nan])
    np.testing.assert_array_equal(codes[:, 1], [1.0, 2.0, 3.0, 4.0, np.nan])


def test_categorical_mask_follows_spec():
    spec = FeatureSpec(categorical=("utm_source", "country"), numeric=("signup_hour",))

    assert categorical_mask(spec) == [True, True, False]
