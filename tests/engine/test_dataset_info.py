import pytest

from nntutor.engine.datasets import DATASET_INFO, features_of, load_dataset, rows_of, targets_of


@pytest.mark.parametrize("name", ["xor", "celsius"])
def test_the_registry_says_what_loading_gives(name):
    ds = load_dataset(name, test_fraction=0.0)
    rows = len(ds.X_train)
    assert rows_of(name) == rows == DATASET_INFO[name].rows
    assert features_of(name) == ds.X_train.shape[1] and targets_of(name) == ds.Y_train.shape[1]


def test_an_unknown_dataset_has_no_rows():
    assert rows_of("nope") is None
