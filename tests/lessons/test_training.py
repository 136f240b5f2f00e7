"""Each lesson's network reaches the seed's published result with the lesson's own settings.

These train for real (XOR and moons take seconds to tens of seconds) and run in CI.
"""

from __future__ import annotations

import numpy as np
import pytest

from nntutor.lessons.loader import find_lesson
from nntutor.lessons.runtime import train_lesson


@pytest.mark.slow
def test_xor_rounded_predictions_are_all_right():
    result = train_lesson(find_lesson("dense-layer-xor"))
    data = result.data
    assert result.epochs == 100_000
    assert np.array_equal(np.round(result.network.predict(data.X_train)), data.Y_train)
    assert result.accuracy == 1.0 and result.accuracy_split == "train"


@pytest.mark.slow
def test_moons_test_accuracy_is_at_least_95_percent():
    result = train_lesson(find_lesson("deep-network-moons"))
    assert result.data.X_test.shape == (100, 2) and result.data.X_train.shape == (900, 2)
    assert result.accuracy_split == "test"
    assert result.accuracy >= 0.95


def test_celsius_network_learns_f_equals_1_8c_plus_32():
    result = train_lesson(find_lesson("chain-rule"))
    data, net = result.data, result.network
    C = np.linspace(-50, 50, 201).reshape(-1, 1)
    F = data.untransform_target(net.predict(data.transform(C)))
    assert np.max(np.abs(F - (1.8 * C + 32))) <= 0.01 * np.max(np.abs(1.8 * C + 32))
    assert result.accuracy is None


def test_iris_train_accuracy_is_at_least_95_percent():
    result = train_lesson(find_lesson("three-layer-iris"))
    assert result.accuracy_split == "train" and result.accuracy >= 0.95


def test_two_layer_regression_explains_most_of_the_variance():
    lesson = find_lesson("two-layer-backprop")
    start = train_lesson(lesson, epochs=0).final_loss
    result = train_lesson(lesson)
    assert result.final_loss < 0.5 < start  # standardised target: predicting the mean scores 1


def test_a_linear_network_cannot_learn_xor():
    result = train_lesson(find_lesson("vector-matrix-derivatives"))
    assert result.final_loss == pytest.approx(0.25, abs=1e-6)
    assert result.accuracy < 1.0
