"""Print the held-out quality of the scoring model on the bundled Olist launch.

Run from the repository root::

    .venv/bin/python -m benchmarks.olist_auc

The launch is ``params/olist-2018.yaml``: the model trains on leads who
signed up from January to March 2018 and scores April and May 2018. The
held-out AUC and Brier score use only those later leads. Two baselines are
fitted on the same training leads and evaluated on the same held-out leads in
the same run:

* a constant model that gives every lead the training buyer rate, and
* a logistic regression on the one-hot UTM fields alone.

Ingest hashes lead ids with a key, and the model's folds follow the order of
the hashed ids, so the script sets its own fixed key: the figures then repeat
from run to run. They are printed, never asserted.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

from benchmarks.machine import describe_machine
from hotleads_core.config import UTM_FIELDS, load_config
from hotleads_core.ingest import load_launch
from hotleads_core.ingest.privacy import KEY_ENV_VAR
from hotleads_core.scoring import known_outcome, score_launch

REPO = Path(__file__).resolve().parents[1]
LAUNCH_FILE = REPO / "params" / "olist-2018.yaml"
BENCHMARK_HASH_KEY = "olist-auc-benchmark"


def main() -> int:
    """Score the Olist launch, fit the baselines and print one line per model."""
    os.environ[KEY_ENV_VAR] = BENCHMARK_HASH_KEY
    for line in describe_machine():
        print(line)

    data = load_launch(load_config(LAUNCH_FILE))
    started = time.perf_counter()
    result = score_launch(data)
    seconds = time.perf_counter() - started
    info = result.model_info

    outcome, _ = known_outcome(data)
    outcome = outcome.to_numpy(dtype=bool, na_value=False)
    training = (result.leads["score_source"] == "out_of_fold").to_numpy()
    heldout = result.leads["lead_id"].isin(result.heldout_lead_ids).to_numpy()

    print(f"Launch {info.launch_name}: {len(data.leads)} leads")
    print(f"Training: {info.n_train} leads signed up {info.train_start} to {info.train_end}, "
          f"{info.n_positive} buyers")
    print(f"Held out: {info.heldout_leads} {info.heldout_description}, "
          f"{info.heldout_positive} buyers")
    print(f"{'model':<40} {'AUC':>7} {'Brier':>7}")
    _print_row("HotLeads model (calibrated boosting)", info.heldout_auc, info.heldout_brier)
    rate = outcome[training].mean()
    constant = np.full(int(heldout.sum()), rate)
    _print_row(f"constant training rate ({rate:.3f})",
               *_metrics(outcome[heldout], constant))
    utm_only = _fit_utm_logistic(data.leads.loc[training], outcome[training])
    utm_probability = utm_only.predict_proba(_utm_frame(data.leads.loc[heldout]))[:, 1]
    _print_row("logistic regression on UTM fields only", *_metrics(outcome[heldout], utm_probability))
    print(f"Scoring time (training, out-of-fold and held-out scoring): {seconds:.1f} s")
    return 0


def _fit_utm_logistic(leads, outcome):
    encoder = OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=10)
    model = make_pipeline(encoder, LogisticRegression(max_iter=1000))
    return model.fit(_utm_frame(leads), outcome)


def _utm_frame(leads):
    return leads[list(UTM_FIELDS)].astype(object)


def _metrics(outcome, probability):
    return roc_auc_score(outcome, probability), brier_score_loss(outcome, probability)


def _print_row(name, auc, brier):
    auc_text = "n/a" if auc is None else f"{auc:.4f}"
    brier_text = "n/a" if brier is None else f"{brier:.4f}"
    print(f"{name:<40} {auc_text:>7} {brier_text:>7}")


if __name__ == "__main__":
    raise SystemExit(main())
