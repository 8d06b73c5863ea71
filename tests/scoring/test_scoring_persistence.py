import json
import os
import zipfile

import numpy as np
import pandas as pd
import pytest
from scoring_launches import LaunchStub, launch_config, planted_launch
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from hotleads_core.errors import DataError, ModelError
from hotleads_core.scoring import TrainedModel, load_model, save_model, score_launch
from hotleads_core.scoring.features import build_features
from hotleads_core.scoring.persistence import METADATA_MEMBER, PIPELINE_MEMBER


@pytest.fixture(scope="module")
def trained():
    data = planted_launch(launch_config(random_state=2), count=400)
    return data, score_launch(data)


@pytest.fixture
def saved_path(trained, tmp_path):
    _, result = trained
    return save_model(result, tmp_path / "launch.hotleads")


def test_round_trip_metadata(trained, saved_path):
    _, result = trained

    loaded = load_model(saved_path)

    assert loaded.info == result.model_info
    assert loaded.features == result.model.features


def test_round_trip_predictions(trained, saved_path):
    data, result = trained
    features = build_features(data.leads, data.history_sales, data.config, result.model.features)

    loaded = load_model(saved_path)

    np.testing.assert_array_equal(loaded.pipeline.predict_proba(features),
                                  result.model.pipeline.predict_proba(features))


def test_metadata_is_plain_json(trained, saved_path):
    _, result = trained

    with zipfile.ZipFile(saved_path) as archive:
        metadata = json.loads(archive.read(METADATA_MEMBER))

    assert metadata["info"]["heldout_auc"] == result.model_info.heldout_auc
    assert metadata["info"]["thresholds"]["hot"] == result.model_info.thresholds.hot
    assert metadata["info"]["library_versions"]["scikit-learn"]
    assert metadata["info"]["train_start"] == result.model_info.train_start.isoformat()


def test_scoring_with_saved_model(trained, saved_path):
    data, result = trained
    other_launch = planted_launch(launch_config(model_path=str(saved_path)), count=300, seed=9)
    features = build_features(other_launch.leads, other_launch.history_sales,
                              other_launch.config, result.model.features)
    expected = result.model.pipeline.predict_proba(features)[:, 1]

    scored = score_launch(other_launch)

    np.testing.assert_allclose(scored.leads["probability"], expected)
    assert (scored.leads["score_source"] == "saved_model").all()
    assert scored.model_info.mode == "saved_model"
    assert scored.model_info.thresholds.hot == result.model_info.thresholds.hot
    assert scored.model_info.thresholds.source == "saved_model"


def test_saved_model_heldout_excludes_its_training_days(trained, saved_path):
    data, _ = trained
    # Same launch name and the same leads: every lead falls in the model's
    # training days, so none is left for held-out figures on this launch.
    same_launch = LaunchStub(launch_config(model_path=str(saved_path)), data.leads, data.sales,
                             data.history_sales)

    scored = score_launch(same_launch)

    assert len(scored.heldout_lead_ids) == 0
    assert scored.model_info.heldout_description.startswith("from training on launch")


def test_saved_model_configured_thresholds_win(saved_path):
    config = launch_config(model_path=str(saved_path), thresholds={"hot": 0.5, "warm": 0.2})

    scored = score_launch(planted_launch(config, count=200, seed=4))

    assert scored.model_info.thresholds.source == "config"
    assert scored.model_info.thresholds.hot == 0.5


def _rewrite_metadata(path, change):
    with zipfile.ZipFile(path) as archive:
        metadata = json.loads(archive.read(METADATA_MEMBER))
        payload = archive.read(PIPELINE_MEMBER)
    change(metadata)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(METADATA_MEMBER, json.dumps(metadata))
        archive.writestr(PIPELINE_MEMBER, payload)


def test_other_sklearn_version_rejected(saved_path):
    _rewrite_metadata(saved_path,
                      lambda m: m["info"]["library_versions"].update({"scikit-learn": "0.24.2"}))

    with pytest.raises(ModelError, match=r"saved with scikit-learn 0\.24\.2 .* Retrain the model"):
        load_model(saved_path)


def test_other_format_version_rejected(saved_path):
    _rewrite_metadata(saved_path, lambda m: m.update({"format_version": 99}))

    with pytest.raises(ModelError, match="HotLeads model format 99"):
        load_model(saved_path)


def test_untrusted_type_rejected(trained, tmp_path):
    _, result = trained
    hostile = TrainedModel(pipeline=Pipeline([("run", FunctionTransformer(os.system))]),
                           features=result.model.features, info=result.model_info)
    path = save_model(hostile, tmp_path / "hostile.hotleads")

    with pytest.raises(ModelError, match="types that a HotLeads model never uses: .*system"):
        load_model(path)


def test_not_a_zip_rejected(tmp_path):
    path = tmp_path / "model.hotleads"
    path.write_bytes(b"\x80\x04 pickled bytes")

    with pytest.raises(ModelError, match="is not a HotLeads model file"):
        load_model(path)


def test_zip_without_metadata_rejected(tmp_path):
    path = tmp_path / "model.hotleads"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("other.txt", "hello")

    with pytest.raises(ModelError, match="is not a HotLeads model file"):
        load_model(path)


def test_missing_model_file(tmp_path):
    with pytest.raises(ModelError, match="was not found"):
        load_model(tmp_path / "absent.hotleads")


def test_saved_model_needs_its_feature_columns(saved_path, trained):
    data, _ = trained
    config = launch_config(model_path=str(saved_path))
    leads = data.leads.drop(columns=["utm_term"])

    with pytest.raises(DataError, match="no column 'utm_term'"):
        score_launch(LaunchStub(config, leads, data.sales, data.history_sales))


def test_save_column_result_rejected(tmp_path):
    data = planted_launch(launch_config(method="column", thresholds={"hot": 0.5, "warm": 0.2}),
                          count=20)
    leads = data.leads.assign(score=np.linspace(0, 1, 20))
    result = score_launch(LaunchStub(data.config, leads, data.sales, data.history_sales))

    with pytest.raises(ModelError, match="no trained model to save"):
        save_model(result, tmp_path / "column.hotleads")


def test_save_leaves_no_temporary_file(trained, tmp_path):
    _, result = trained

    save_model(result, tmp_path / "launch.hotleads")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["launch.hotleads"]


def test_created_at_is_utc(trained):
    _, result = trained

    assert result.model_info.created_at.utcoffset() == pd.Timedelta(0)


def test_saved_model_heldout_on_other_launch(saved_path):
    config = launch_config(model_path=str(saved_path))
    renamed = config.model_copy(update={"launch": config.launch.model_copy(update={"name": "next"})})
    other_launch = planted_launch(renamed, count=300, seed=9)

    scored = score_launch(other_launch)

    assert set(scored.heldout_lead_ids) == set(other_launch.leads["lead_id"])
    assert scored.model_info.heldout_leads == 300
    assert scored.model_info.heldout_auc is not None
    assert scored.model_info.launch_name == "test-launch"


def test_save_into_missing_folder(trained, tmp_path):
    _, result = trained

    with pytest.raises(ModelError, match="does not exist"):
        save_model(result, tmp_path / "absent" / "launch.hotleads")


def test_damaged_pipeline_rejected(saved_path):
    with zipfile.ZipFile(saved_path) as archive:
        metadata = archive.read(METADATA_MEMBER)
    with zipfile.ZipFile(saved_path, "w") as archive:
        archive.writestr(METADATA_MEMBER, metadata)
        archive.writestr(PIPELINE_MEMBER, b"not a skops archive")

    with pytest.raises(ModelError, match="pipeline in model file .* cannot be read"):
        load_model(saved_path)


def test_saved_model_scores_unseen_category(saved_path):
    data = planted_launch(launch_config(model_path=str(saved_path)), count=200, seed=4)
    unseen = pd.Series(["brand_new_source"] * 200, dtype=data.leads["utm_source"].dtype)
    leads = data.leads.assign(utm_source=unseen)

    scored = score_launch(LaunchStub(data.config, leads, data.sales, data.history_sales))

    # The unseen source is a missing value for the classifier, not an error.
    assert scored.leads["probability"].notna().all()
    assert scored.leads["probability"].between(0, 1).all()
