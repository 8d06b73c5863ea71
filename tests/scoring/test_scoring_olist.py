"""Holdout scoring of the bundled Olist launch: train January to March 2018, score April and May.

Expected counts come from the raw CSV files with plain pandas. The held-out
AUC itself is printed by ``benchmarks/olist_auc.py``, never asserted.
"""

import warnings
from pathlib import Path

import pandas as pd
import pytest

from hotleads_core.config import load_config
from hotleads_core.errors import HotLeadsWarning
from hotleads_core.ingest import load_launch
from hotleads_core.scoring import score_launch

REPO = Path(__file__).resolve().parents[2]
OLIST_DATA = REPO / "data" / "olist_marketing_funnel"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def olist():
    with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():
        patch.setenv("HOTLEADS_HASH_KEY", "scoring-test-key")
        warnings.simplefilter("ignore", HotLeadsWarning)
        data = load_launch(load_config(REPO / "params" / "olist-2018.yaml"))
        return data, score_launch(data)


@pytest.fixture(scope="module")
def raw_leads():
    leads = pd.read_csv(OLIST_DATA / "olist_marketing_qualified_leads_dataset.csv")
    deals = pd.read_csv(OLIST_DATA / "olist_closed_deals_dataset.csv")
    leads["first_contact_date"] = pd.to_datetime(leads["first_contact_date"])
    deals["won_date"] = pd.to_datetime(deals["won_date"])
    merged = leads.merge(deals[["mql_id", "won_date"]], on="mql_id", how="left")
    merged["buyer"] = merged["won_date"] >= merged["first_contact_date"]
    return merged


def _between(raw, start, end):
    day = raw["first_contact_date"]
    return raw.loc[(day >= start) & (day <= end)]


def test_olist_heldout_leads_are_april_and_may(olist, raw_leads):
    data, result = olist
    heldout = result.leads.loc[result.leads["lead_id"].isin(result.heldout_lead_ids)]
    expected = _between(raw_leads, "2018-04-01", "2018-05-31")

    assert len(result.heldout_lead_ids) == len(expected)
    assert heldout["signed_up_at"].min() >= pd.Timestamp("2018-04-01", tz="America/Sao_Paulo")
    assert heldout["signed_up_at"].max() < pd.Timestamp("2018-06-01", tz="America/Sao_Paulo")
    assert result.model_info.heldout_positive == int(expected["buyer"].sum())


def test_olist_training_leads_are_january_to_march(olist, raw_leads):
    _, result = olist
    info = result.model_info
    expected = _between(raw_leads, "2018-01-01", "2018-03-31")

    assert info.n_train == len(expected)
    assert info.n_positive == int(expected["buyer"].sum())
    assert str(info.train_start) >= "2018-01-01"
    assert str(info.train_end) <= "2018-03-31"


def test_olist_score_sources(olist):
    _, result = olist
    leads = result.leads
    later = leads["signed_up_at"] >= pd.Timestamp("2018-04-01", tz="America/Sao_Paulo")

    assert (leads.loc[later, "score_source"] == "holdout_model").all()
    assert (leads.loc[~later, "score_source"] == "out_of_fold").all()
    assert not set(leads.loc[~later, "lead_id"]) & set(result.heldout_lead_ids)


def test_olist_scores_do_not_depend_on_hash_key(olist):
    """Two hash keys give other lead ids but the same scores for the same export rows."""
    data, result = olist
    with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():
        patch.setenv("HOTLEADS_HASH_KEY", "another-scoring-test-key")
        warnings.simplefilter("ignore", HotLeadsWarning)
        other_data = load_launch(load_config(REPO / "params" / "olist-2018.yaml"))
        other = score_launch(other_data)

    assert set(other.leads["lead_id"]).isdisjoint(result.leads["lead_id"])
    assert sorted(other.leads["probability"]) == pytest.approx(sorted(result.leads["probability"]))
    assert (other.leads["band"].value_counts().sort_index().tolist()
            == result.leads["band"].value_counts().sort_index().tolist())
    assert other.model_info.heldout_auc == pytest.approx(result.model_info.heldout_auc)
