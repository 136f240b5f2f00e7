import numpy as np
import pytest

from nntutor import Network
from nntutor.engine.datasets import load_dataset
from nntutor.engine.train import accuracy, train


@pytest.mark.parametrize("batch_size", [None, 3])
def test_traced_and_untraced_training_are_bit_identical(batch_size):
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((10, 3)), (rng.random((10, 1)) > 0.5) * 1.0
    arch = [(3, 5, "relu"), (5, 4, "tanh"), (4, 1, "sigmoid")]
    fast, slow = Network(arch, loss="bce", seed=3), Network(arch, loss="bce", seed=3)
    h1 = train(fast, X, Y, epochs=25, lr=0.3, batch_size=batch_size, seed=9)
    h2 = train(slow, X, Y, epochs=25, lr=0.3, batch_size=batch_size, seed=9, traced=True)
    for k in fast.params:
        assert np.array_equal(fast.params[k], slow.params[k]), k
    assert h1.losses == h2.losses
    assert not np.array_equal(fast.params["W1"], Network(arch, seed=3).params["W1"])


def test_callback_can_stop_training():
    net = Network([(2, 2, "tanh"), (2, 1, "sigmoid")], loss="bce")
    ds = load_dataset("xor")
    h = train(net, ds.X_train, ds.Y_train, epochs=1000, lr=0.1, log_every=10,
              callback=lambda epoch, loss: epoch >= 30)
    assert h.stopped and h.epochs[-1] == 30


def test_bad_training_arguments():
    net = Network([(2, 1, "sigmoid")])
    with pytest.raises(ValueError, match="learning rate must be positive"):
        train(net, np.zeros((2, 2)), np.zeros((2, 1)), epochs=1, lr=0)
    with pytest.raises(ValueError, match="epochs must be 0 or more"):
        train(net, np.zeros((2, 2)), np.zeros((2, 1)), epochs=-1, lr=0.1)


def test_accuracy_thresholds_and_argmax():
    assert accuracy(np.array([[0.2], [0.7]]), np.array([[0.0], [0.0]])) == 0.5
    assert accuracy(np.array([[0.1, 0.8, 0.1]]), np.array([[0.0, 1.0, 0.0]])) == 1.0


# -- the seeds' networks reach the seeds' results ------------------------------------------
@pytest.mark.slow
def test_xor_2_4_1_tanh_sigmoid_glorot_lr_0001_100000_iterations():
    ds = load_dataset("xor")
    net = Network([(2, 4, "tanh"), (4, 1, "sigmoid")], loss="half_sse", init="glorot", seed=0)
    train(net, ds.X_train, ds.Y_train, epochs=100_000, lr=0.001)
    assert np.array_equal(np.round(net.predict(ds.X_train)), ds.Y_train)


@pytest.mark.slow
def test_moons_deep_relu_network_reaches_95_percent_on_the_test_split():
    ds = load_dataset("moons")
    assert ds.X_train.shape == (900, 2) and ds.X_test.shape == (100, 2)
    arch = [(2, 25, "relu"), (25, 50, "relu"), (50, 50, "relu"), (50, 25, "relu"), (25, 1, "sigmoid")]
    net = Network(arch, loss="bce", init="small_normal", seed=0)
    train(net, ds.X_train, ds.Y_train, epochs=10_000, lr=0.01)
    assert accuracy(net.predict(ds.X_test), ds.Y_test) >= 0.95


def test_celsius_1_2_1_linear_learns_f_equals_1_8c_plus_32():
    ds = load_dataset("celsius")
    net = Network([(1, 2, "linear"), (2, 1, "linear")], loss="mse", init="standard_normal", seed=0)
    assert sum(p.size for p in net.params.values()) == 7
    train(net, ds.X_train, ds.Y_train, epochs=2000, lr=0.05)
    C = np.linspace(-50, 50, 201).reshape(-1, 1)
    F = ds.untransform_target(net.predict(ds.transform(C)))
    assert np.max(np.abs(F - (1.8 * C + 32))) <= 0.01 * np.max(np.abs(1.8 * C + 32))


def test_iris_three_layer_sigmoid_mse_reaches_95_percent():
    ds = load_dataset("iris")
    net = Network([(4, 8, "sigmoid"), (8, 8, "sigmoid"), (8, 3, "sigmoid")], loss="mse",
                  init="glorot", seed=0)
    train(net, ds.X_train, ds.Y_train, epochs=2000, lr=0.5)
    assert accuracy(net.predict(ds.X_train), ds.Y_train) >= 0.95


def test_housing_falls_back_to_diabetes_with_a_message(capsys):
    ds = load_dataset("housing")
    if ds.name == "diabetes":
        assert "not cached locally" in capsys.readouterr().err
    assert ds.task == "regression" and abs(ds.Y_train.mean()) < 1e-9
