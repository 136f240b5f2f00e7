"""The seeds' datasets, built locally: nothing is downloaded at run time.

scikit-learn is imported only inside the loaders that need it (its import alone costs ~0.75 s),
so XOR and Celsius never pay for it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Dataset:
    name: str
    task: str  # "regression" | "binary" | "multiclass"
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray | None = None
    Y_test: np.ndarray | None = None
    feature_names: tuple[str, ...] = ()
    target_names: tuple[str, ...] = ()
    note: str | None = None
    # mean and std used to standardise the features, to map new inputs the same way
    x_mean: np.ndarray | None = field(default=None, repr=False)
    x_std: np.ndarray | None = field(default=None, repr=False)
    # regression targets are standardised too; predictions map back with `untransform_target`
    y_mean: np.ndarray | None = field(default=None, repr=False)
    y_std: np.ndarray | None = field(default=None, repr=False)

    def untransform_target(self, Y: np.ndarray) -> np.ndarray:
        """Map standardised predictions back to the target's own units (°F, prices...)."""
        if self.y_mean is None:
            return Y
        return Y * self.y_std + self.y_mean

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Apply the training standardisation (if any) to raw inputs."""
        if self.x_mean is None:
            return np.asarray(X, dtype=np.float64)
        return (np.asarray(X, dtype=np.float64) - self.x_mean) / self.x_std


def _split(X, Y, test_fraction: float, seed: int):
    if not test_fraction:
        return X, Y, None, None
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(X))
    n_test = int(round(len(X) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return X[train], Y[train], X[test], Y[test]


def _standardise(X_train, X_test):
    mean = X_train.mean(axis=0, keepdims=True)
    std = X_train.std(axis=0, keepdims=True)
    std[std == 0] = 1.0
    X_test = None if X_test is None else (X_test - mean) / std
    return (X_train - mean) / std, X_test, mean, std


def xor(seed: int = 0, test_fraction: float = 0.0, standardize: bool = False) -> Dataset:
    """The four XOR points (seed 002): not linearly separable, so a hidden layer is needed."""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    Y = np.array([[0], [1], [1], [0]], dtype=np.float64)
    return Dataset("xor", "binary", X, Y, feature_names=("x1", "x2"), target_names=("xor",))


def celsius(seed: int = 0, test_fraction: float = 0.0, standardize: bool = True) -> Dataset:
    """100 temperatures evenly spaced in [−50, 50] °C and F = 1.8·C + 32 (seed 003).

    Standardised by default: raw inputs of ±50 and targets up to 122 make plain gradient
    descent on the 1-2-1 net diverge unless the learning rate is tiny."""
    C = np.linspace(-50.0, 50.0, 100).reshape(-1, 1)
    F = 1.8 * C + 32.0
    return _finish("celsius", "regression", C, F, seed, test_fraction, standardize,
                   ("celsius",), ("fahrenheit",))


def moons(seed: int = 0, test_fraction: float = 0.1, standardize: bool = False) -> Dataset:
    """make_moons(1000 samples, noise 0.2), two interleaved half circles (seed 004)."""
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=1000, noise=0.2, random_state=seed)
    return _finish("moons", "binary", X.astype(np.float64), y.reshape(-1, 1).astype(np.float64),
                   seed, test_fraction, standardize, ("x1", "x2"), ("class",))


def iris(seed: int = 0, test_fraction: float = 0.0, standardize: bool = True) -> Dataset:
    """Fisher's iris: 150 flowers, 4 measurements, 3 species one-hot encoded (seed 001)."""
    from sklearn.datasets import load_iris

    data = load_iris()
    Y = np.eye(3)[data.target]
    return _finish("iris", "multiclass", data.data.astype(np.float64), Y, seed, test_fraction,
                   standardize, tuple(data.feature_names), tuple(data.target_names))


def housing(seed: int = 0, test_fraction: float = 0.0, standardize: bool = True) -> Dataset:
    """California housing (seed 000) when scikit-learn has it cached, else the bundled
    diabetes regression data, with a one-line message saying so."""
    from sklearn import datasets as skd

    note = None
    try:
        data = skd.fetch_california_housing(download_if_missing=False)
        name = "california_housing"
    except (OSError, IOError):
        data = skd.load_diabetes()
        name = "diabetes"
        note = ("California housing is not cached locally (nothing is downloaded): "
                "using scikit-learn's bundled diabetes regression data instead")
        print(f"nntutor: {note}", file=sys.stderr)
    X = data.data.astype(np.float64)
    y = data.target.astype(np.float64).reshape(-1, 1)
    ds = _finish(name, "regression", X, y, seed, test_fraction, standardize,
                 tuple(data.feature_names), ("target",))
    return Dataset(**{**ds.__dict__, "note": note})


def _finish(name, task, X, Y, seed, test_fraction, standardize, features, targets) -> Dataset:
    X_train, Y_train, X_test, Y_test = _split(X, Y, test_fraction, seed)
    mean = std = y_mean = y_std = None
    if standardize:
        X_train, X_test, mean, std = _standardise(X_train, X_test)
        if task == "regression":  # a target in the hundreds makes gradients explode
            Y_train, Y_test, y_mean, y_std = _standardise(Y_train, Y_test)
    return Dataset(name, task, X_train, Y_train, X_test, Y_test, features, targets,
                   x_mean=mean, x_std=std, y_mean=y_mean, y_std=y_std)


DATASETS = {"xor": xor, "celsius": celsius, "moons": moons, "iris": iris, "housing": housing}


@dataclass(frozen=True)
class DatasetInfo:
    """What a lesson needs to know about a dataset without loading it (scikit-learn stays
    unimported): its task, its numbers of feature and target columns, and of rows (housing:
    California housing's; the stand-in has fewer), which the budget checks use."""

    name: str
    task: str
    features: int | None  # None: depends on what is installed (housing); see `features_of`
    targets: int
    rows: int


DATASET_INFO = {
    "xor": DatasetInfo("xor", "binary", 2, 1, 4),
    "celsius": DatasetInfo("celsius", "regression", 1, 1, 100),
    "moons": DatasetInfo("moons", "binary", 2, 1, 1000),
    "iris": DatasetInfo("iris", "multiclass", 4, 3, 150),
    "housing": DatasetInfo("housing", "regression", None, 1, 20640),
}


def housing_features() -> int:
    """8 for California housing when scikit-learn has it cached, else 10 (the diabetes fallback).

    Mirrors scikit-learn's data home (SCIKIT_LEARN_DATA or ~/scikit_learn_data) without
    importing it, so loading a lesson stays fast.
    """
    import os
    from pathlib import Path

    home = Path(os.environ.get("SCIKIT_LEARN_DATA", "~/scikit_learn_data")).expanduser()
    return 8 if (home / "cal_housing_py3.pkz").exists() else 10


def features_of(name: str) -> int | None:
    """The number of feature columns of a built-in dataset, None for an unknown name."""
    info = DATASET_INFO.get(name)
    if info is None:
        return None
    return housing_features() if info.features is None else info.features


def rows_of(name: str) -> int | None:
    """The number of rows of a built-in dataset (an upper bound for housing), None if unknown."""
    info = DATASET_INFO.get(name)
    return None if info is None else info.rows


def targets_of(name: str) -> int | None:
    info = DATASET_INFO.get(name)
    return None if info is None else info.targets


def load_dataset(name: str, seed: int = 0, test_fraction: float | None = None,
                 standardize: bool | None = None) -> Dataset:
    """Load a dataset by name; None keeps that dataset's own default split/standardisation."""
    try:
        loader = DATASETS[name]
    except KeyError:
        known = ", ".join(sorted(DATASETS))
        raise ValueError(f"unknown dataset {name!r} (known: {known})") from None
    kwargs = {"seed": seed}
    if test_fraction is not None:
        kwargs["test_fraction"] = test_fraction
    if standardize is not None:
        kwargs["standardize"] = standardize
    return loader(**kwargs)


def dataset_used(name: str) -> str:
    """What `load_dataset(name)` will really load on this machine, said without importing
    scikit-learn (for the lesson picker): housing is California housing only when scikit-learn
    has it cached, else the bundled diabetes data (see `housing`)."""
    if name != "housing":
        return name
    import os
    from pathlib import Path

    home = Path(os.environ.get("SCIKIT_LEARN_DATA") or "~/scikit_learn_data").expanduser()
    if (home / "cal_housing_py3.pkz").exists():
        return "California housing"
    return "diabetes (California housing is not cached)"
