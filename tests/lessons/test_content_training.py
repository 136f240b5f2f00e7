"""Training claims made in the lessons' prose, checked by training for real."""

from __future__ import annotations

import numpy as np
import pytest

from nntutor.lessons.loader import find_lesson
from nntutor.lessons.runtime import build_network, train_lesson, walkthrough_data


def test_celsius_map_is_right_to_a_hundredth_of_a_degree():
    result = train_lesson(find_lesson("chain-rule"))
    data, net = result.data, result.network
    C = np.linspace(-50, 50, 201).reshape(-1, 1)
    F = data.untransform_target(net.predict(data.transform(C)))
    assert np.max(np.abs(F - (1.8 * C + 32))) < 0.01


def test_linear_xor_network_predicts_one_half_everywhere():
    result = train_lesson(find_lesson("vector-matrix-derivatives"))
    np.testing.assert_allclose(result.network.predict(result.data.X_train), 0.5, atol=1e-3)


@pytest.mark.slow
def test_relu_xor_dead_units_and_another_start_that_sticks():
    lesson = find_lesson("dense-layer-xor")
    result = train_lesson(lesson)
    net, X = result.network, result.data.X_train
    active = (X @ net.params["W1"] + net.params["b1"] > 0).sum(axis=0)
    assert sorted(active.tolist()).count(0) == 2  # one dead from the start, one more later
    stuck = train_lesson(lesson, seed=0)
    assert abs(stuck.final_loss - 0.25) < 0.01
    assert np.sum(np.abs(stuck.network.predict(X) - 0.5) < 0.01) == 2


def test_moons_small_init_shrinks_the_signal():
    wt = find_lesson("deep-network-moons").walkthrough
    data, net = walkthrough_data(wt), build_network(wt)
    cache = net.forward(data.X_train)
    rms = [np.sqrt(np.mean(a ** 2)) for _, _, a in cache]
    ratios = np.array(rms[:4]) / np.array([np.sqrt(np.mean(data.X_train ** 2))] + rms[:3])
    assert 0.05 < ratios[0] < 0.15 and np.all((ratios[1:] > 0.3) & (ratios[1:] < 0.7))
    assert rms[3] < 0.01
    np.testing.assert_allclose(cache[-1][2], 0.5, atol=0.01)


@pytest.mark.slow
def test_moons_plateau_near_log_2_then_falls():
    losses = {}
    train_lesson(find_lesson("deep-network-moons"), epochs=2000, log_every=100,
                 callback=lambda epoch, loss: losses.__setitem__(epoch, loss))
    assert all(0.66 < losses[e] < np.log(2) + 0.01 for e in losses if e <= 1000)
    assert losses[2000] < 0.4


def test_diabetes_loss_comes_down_to_about_0_44():
    result = train_lesson(find_lesson("two-layer-backprop"))
    if result.data.name != "diabetes":
        pytest.skip("California housing is cached here; the prose's 0.44 is for diabetes")
    assert 0.40 < result.final_loss < 0.48
