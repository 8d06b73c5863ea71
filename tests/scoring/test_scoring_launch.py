import warnings

import numpy as np
import pandas as pd
import pytest
from scoring_launches import (
    TIMEZONE, LaunchStub, launch_config, make_leads, make_sales, planted_launch,
)

from hotleads_core.errors import ConfigError, DataError, HotLeadsWarning, ModelError
from hotleads_core.schema import empty_sales
from hotleads_core.scoring import SCORE_SOURCES, known_outcome, score_launch
from hotleads_core.scoring.features import build_features, feature_spec

TRAIN_PERIOD = {"start": "2024-01-01", "end": "2024-03-31"}
SCORE_PERIOD = {"start": "2024-04-01", "end": "2024-05-31"}


@pytest.fixture(scope="module")
def planted_out_of_fold():
    data = planted_launch(launch_config(mode="out_of_fold", random_state=3), count=800)
    return data, score_launch(data)


@pytest.fixture(scope="module")
def planted_holdout():
    config = launch_config(mode="holdout", train_period=TRAIN_PERIOD, score_period=SCORE_PERIOD)
    data = planted_launch(config, count=1200)
    return data, score_launch(data)


def test_planted_source_scores_higher(planted_out_of_fold):
    _, result = planted_out_of_fold
    leads = result.leads
    partner = leads["utm_source"] == "partner"

    assert leads.loc[partner, "probability"].mean() > 3 * leads.loc[~partner, "probability"].mean()


def test_planted_source_heldout_auc(planted_out_of_fold):
    _, result = planted_out_of_fold

    # A score that only separates 'partner' (40%) from the rest (2%), with a
    # quarter of leads from 'partner', has AUC 0.850: 87% of buyers and 17%
    # of non-buyers are partner leads, so AUC = 0.87 * 0.83 + (0.87 * 0.17 +
    # 0.13 * 0.83) / 2. A sample of 800 leads gets near it.
    assert result.model_info.heldout_auc > 0.75
    assert 0 < result.model_info.heldout_brier < 0.25


def test_probabilities_are_calibrated(planted_out_of_fold):
    data, result = planted_out_of_fold
    leads = result.leads
    buyers = set(data.sales["lead_id"])
    bought = leads["lead_id"].isin(buyers)
    partner = leads["utm_source"] == "partner"

    # Calibrated probabilities average to the observed buyer rate of a group.
    assert abs(leads.loc[partner, "probability"].mean() - bought[partner].mean()) < 0.08
    assert abs(leads.loc[~partner, "probability"].mean() - bought[~partner].mean()) < 0.03
    assert abs(leads["probability"].mean() - bought.mean()) < 0.02


def test_heldout_warning_points_at_caller():
    config = launch_config(mode="holdout", train_period=TRAIN_PERIOD, score_period=SCORE_PERIOD)
    data = planted_launch(config, count=600)
    training_sales = data.sales.loc[data.sales["purchased_at"] < pd.Timestamp("2024-03-31", tz=TIMEZONE)]

    with pytest.warns(HotLeadsWarning) as records:
        score_launch(LaunchStub(config, data.leads, training_sales, data.history_sales))

    assert records[0].filename == __file__


def test_scored_leads_columns(planted_out_of_fold):
    data, result = planted_out_of_fold
    leads = result.leads

    assert leads["lead_id"].tolist() == data.leads["lead_id"].tolist()
    assert leads["probability"].dtype == "float64"
    assert leads["probability"].between(0, 1).all()
    assert list(leads["band"].cat.categories) == ["hot", "warm", "cold"]
    assert set(leads["score_source"]) <= set(SCORE_SOURCES)


def test_bands_follow_thresholds(planted_out_of_fold):
    _, result = planted_out_of_fold
    leads = result.leads
    hot, warm = result.model_info.thresholds.hot, result.model_info.thresholds.warm

    assert (leads.loc[leads["band"] == "hot", "probability"] >= hot).all()
    assert (leads.loc[leads["band"] == "warm", "probability"] < hot).all()
    assert (leads.loc[leads["band"] == "warm", "probability"] >= warm).all()
    assert (leads.loc[leads["band"] == "cold", "probability"] < warm).all()


def test_training_quantile_thresholds_give_shares(planted_out_of_fold):
    _, result = planted_out_of_fold
    bands = result.leads["band"]

    # Default shares: 20% hot and 30% warm of the 800 training leads, or more
    # when probabilities tie at a threshold.
    assert result.model_info.thresholds.source == "training_quantiles"
    assert (bands == "hot").sum() >= 160
    assert (bands != "cold").sum() >= 400


def test_configured_thresholds_win():
    config = launch_config(thresholds={"hot": 0.3, "warm": 0.1})
    data = planted_launch(config, count=400)

    result = score_launch(data)

    assert result.model_info.thresholds.source == "config"
    assert (result.model_info.thresholds.hot, result.model_info.thresholds.warm) == (0.3, 0.1)
    assert (result.leads.loc[result.leads["probability"] >= 0.3, "band"] == "hot").all()


def test_same_seed_same_probabilities():
    config = launch_config(random_state=11)
    first = score_launch(planted_launch(config, count=400))
    second = score_launch(planted_launch(config, count=400))

    np.testing.assert_array_equal(first.leads["probability"], second.leads["probability"])


def test_lead_order_does_not_change_scores():
    config = launch_config(random_state=11)
    data = planted_launch(config, count=400)
    shuffled = LaunchStub(config, data.leads.sample(frac=1, random_state=5), data.sales,
                          data.history_sales)

    original = score_launch(data).leads.set_index("lead_id")["probability"]
    reordered = score_launch(shuffled).leads.set_index("lead_id")["probability"]

    pd.testing.assert_series_equal(original, reordered.loc[original.index])


def test_out_of_fold_heldout_set(planted_out_of_fold):
    data, result = planted_out_of_fold

    assert set(result.heldout_lead_ids) == set(data.leads["lead_id"])
    assert (result.leads["score_source"] == "out_of_fold").all()
    assert result.model_info.heldout_leads == 800


def test_out_of_fold_not_in_sample(planted_out_of_fold):
    data, result = planted_out_of_fold
    spec = feature_spec(data.config)
    features = build_features(data.leads, data.history_sales, data.config, spec)

    in_sample = result.model.pipeline.predict_proba(features)[:, 1]

    assert not np.allclose(result.leads["probability"], in_sample)


def test_out_of_fold_auc_on_noise_near_half():
    generator = np.random.default_rng(1)
    count = 800
    bought = generator.random(count) < 0.25
    signed_up_at = pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(
        np.linspace(0, 100 * 24, count), unit="h")
    leads = make_leads(["same"] * count, signed_up_at, extra={"noise": generator.random(count)})
    sales = make_sales(leads["lead_id"][bought], signed_up_at[bought] + pd.Timedelta(days=1))
    config = launch_config(features={"numeric": ["noise"]})

    result = score_launch(LaunchStub(config, leads, sales, empty_sales(TIMEZONE)))

    # Outcomes are independent of every feature, so a held-out AUC far from
    # 0.5 would mean a lead was scored by a model that saw its outcome.
    assert abs(result.model_info.heldout_auc - 0.5) < 0.1


def test_holdout_heldout_set_is_later_leads(planted_holdout):
    data, result = planted_holdout
    local_day = data.leads["signed_up_at"].dt.tz_convert(TIMEZONE).dt.strftime("%Y-%m-%d")
    later = data.leads.loc[(local_day >= "2024-04-01") & (local_day <= "2024-05-31"), "lead_id"]

    assert set(result.heldout_lead_ids) == set(later)
    assert result.model_info.heldout_leads == len(later)


def test_holdout_score_sources(planted_holdout):
    data, result = planted_holdout
    local_day = data.leads["signed_up_at"].dt.tz_convert(TIMEZONE).dt.strftime("%Y-%m-%d")
    # The first lead signed up on 31 December 2023 in Sao Paulo, before the
    # training period: the final model scores it too.
    in_training = ((local_day >= "2024-01-01") & (local_day <= "2024-03-31")).to_numpy()
    sources = result.leads["score_source"].to_numpy()

    assert (sources[in_training] == "out_of_fold").all()
    assert (sources[~in_training] == "holdout_model").all()


def test_holdout_training_period_in_info(planted_holdout):
    data, result = planted_holdout
    info = result.model_info
    local_day = data.leads["signed_up_at"].dt.tz_convert(TIMEZONE).dt.strftime("%Y-%m-%d")

    assert info.mode == "holdout"
    assert str(info.train_end) <= "2024-03-31"
    assert str(info.train_start) >= "2024-01-01"
    assert info.n_train == int(((local_day >= "2024-01-01") & (local_day <= "2024-03-31")).sum())


def test_holdout_without_train_period():
    data = planted_launch(launch_config(mode="holdout"), count=100)

    with pytest.raises(ConfigError, match="needs a training period"):
        score_launch(data)


def test_holdout_without_score_period_uses_later_leads():
    config = launch_config(mode="holdout", train_period=TRAIN_PERIOD)
    data = planted_launch(config, count=600)
    local_day = data.leads["signed_up_at"].dt.tz_convert(TIMEZONE).dt.strftime("%Y-%m-%d")

    result = score_launch(data)

    assert set(result.heldout_lead_ids) == set(data.leads.loc[local_day > "2024-03-31", "lead_id"])


def test_converted_column_wins_over_sales():
    data = planted_launch(launch_config(), count=400)
    converted = pd.array([True, False, pd.NA, False] * 100, dtype="boolean")
    leads = data.leads.assign(converted=converted)

    outcome, source = known_outcome(LaunchStub(data.config, leads, data.sales, data.history_sales))

    assert source == "converted_column"
    assert outcome.iloc[:4].tolist() == [True, False, pd.NA, False]


def test_unknown_converted_scored_by_final_model():
    data = planted_launch(launch_config(), count=400)
    converted = pd.array([True, False, pd.NA, False] * 100, dtype="boolean")
    leads = data.leads.assign(converted=converted)

    result = score_launch(LaunchStub(data.config, leads, data.sales, data.history_sales))

    sources = result.leads["score_source"].to_numpy()
    assert (sources[2::4] == "holdout_model").all()
    assert (sources[0::4] == "out_of_fold").all()
    assert result.model_info.n_train == 300
    assert result.model_info.outcome_source == "converted_column"
    assert not set(leads["lead_id"].iloc[2::4]) & set(result.heldout_lead_ids)


def test_zero_buyers():
    data = planted_launch(launch_config(), count=200)
    no_sales = LaunchStub(data.config, data.leads, empty_sales(TIMEZONE), data.history_sales)

    with pytest.raises(ModelError, match="none of the 200 training leads has a known purchase"):
        score_launch(no_sales)


def test_too_few_buyers_for_folds():
    data = planted_launch(launch_config(folds=5), count=200)
    few = LaunchStub(data.config, data.leads, data.sales.iloc[:3], data.history_sales)

    with pytest.raises(ModelError, match="hold 3 buyer.* 5 folds need at least 15"):
        score_launch(few)


def test_no_sales_file_needs_saved_model_or_column():
    data = planted_launch(launch_config(with_sales=False), count=200)

    with pytest.raises(ModelError, match="scoring.model_path"):
        score_launch(data)


def test_heldout_without_buyers_warns():
    config = launch_config(mode="holdout", train_period=TRAIN_PERIOD, score_period=SCORE_PERIOD)
    data = planted_launch(config, count=600)
    training_sales = data.sales.loc[data.sales["purchased_at"] < pd.Timestamp("2024-03-31", tz=TIMEZONE)]
    early_sales = LaunchStub(config, data.leads, training_sales, data.history_sales)

    with pytest.warns(HotLeadsWarning, match="the AUC is undefined"):
        result = score_launch(early_sales)

    assert result.model_info.heldout_auc is None
    assert result.model_info.heldout_brier is not None
    assert "did not buy" in result.model_info.heldout_reason


def test_no_warning_with_complete_heldout(planted_out_of_fold):
    data, _ = planted_out_of_fold

    with warnings.catch_warnings():
        warnings.simplefilter("error", HotLeadsWarning)
        result = score_launch(data)

    assert result.model_info.heldout_reason is None


def test_declared_feature_missing_from_leads():
    data = planted_launch(launch_config(features={"numeric": ["visits"]}), count=100)

    with pytest.raises(DataError, match="no column 'visits'"):
        score_launch(data)
