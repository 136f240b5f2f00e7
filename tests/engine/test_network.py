import numpy as np
import pytest

from nntutor import ArchitectureError, Network, gradcheck
from nntutor.engine.init import INITS

XOR_ARCH = [
    {"input_dim": 2, "output_dim": 4, "activation": "tanh"},
    {"input_dim": 4, "output_dim": 1, "activation": "sigmoid"},
]


def test_parameters_have_the_architecture_shapes_and_zero_biases():
    net = Network([(3, 5, "relu"), (5, 4, "relu"), (4, 2, "sigmoid")])
    assert {k: v.shape for k, v in net.params.items()} == {
        "W1": (3, 5), "b1": (1, 5), "W2": (5, 4), "b2": (1, 4), "W3": (4, 2), "b3": (1, 2)}
    assert all(not net.params[f"b{l}"].any() for l in (1, 2, 3))
    assert net.dims == ("in", "h1", "h2", "out")
    assert net.param_dims("W2") == ("h1", "h2") and net.param_dims("b3") == ("1", "out")


def test_a_layer_that_does_not_chain_names_both_layers_and_sizes():
    with pytest.raises(ArchitectureError) as err:
        Network([(2, 25, "relu"), (50, 50, "relu"), (50, 1, "sigmoid")])
    msg = str(err.value)
    assert "layer 2 input_dim 50" in msg and "layer 1 output_dim 25" in msg
    assert "set layer 2's input_dim to 25" in msg
    assert err.value.layer == 1 and err.value.key == "input_dim"


@pytest.mark.parametrize(
    "arch, words",
    [
        ([], "no layers"),
        ([{"input_dim": 2, "activation": "relu"}], "missing output_dim"),
        ([(2, 0, "relu")], "positive whole number"),
        ([(2, 3.5, "relu")], "positive whole number"),
        ([(2, 3, "swish")], "unknown activation 'swish'"),
        ([(2, 3, "softmax"), (3, 1, "sigmoid")], "only supported as the last layer"),
        (["2-3-relu"], "must be a table"),
    ],
)
def test_bad_architectures_are_clear_errors(arch, words):
    with pytest.raises(ArchitectureError, match=words):
        Network(arch)


def test_softmax_needs_cross_entropy_and_back():
    with pytest.raises(ArchitectureError, match="needs the cross_entropy loss"):
        Network([(4, 3, "softmax")], loss="mse")
    with pytest.raises(ArchitectureError, match="needs a softmax last layer"):
        Network([(4, 3, "sigmoid")], loss="cross_entropy")


def test_unknown_loss_and_init_name_the_known_ones():
    with pytest.raises(ValueError, match="unknown loss 'hinge'.*bce"):
        Network(XOR_ARCH, loss="hinge")
    with pytest.raises(ValueError, match="unknown initialisation 'he'.*glorot_uniform"):
        Network(XOR_ARCH, init="he")


@pytest.mark.parametrize("init", sorted(INITS))
def test_initialisation_is_reproducible_from_the_seed(init):
    a, b, c = (Network(XOR_ARCH, init=init, seed=s) for s in (7, 7, 8))
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert not np.array_equal(a.params["W1"], c.params["W1"])


def test_initialisation_scales():
    big = Network([(200, 300, "relu")], init="glorot_uniform").params["W1"]
    limit = np.sqrt(6 / 500)
    assert np.abs(big).max() <= limit and np.abs(big).max() > 0.9 * limit
    small = Network([(200, 300, "relu")], init="small_normal").params["W1"]
    assert 0.09 < small.std() < 0.11
    normal = Network([(200, 300, "relu")], init="standard_normal").params["W1"]
    assert 0.95 < normal.std() < 1.05
    unif = Network([(200, 300, "relu")], init="small_uniform").params["W1"]
    assert unif.min() >= 0 and unif.max() <= 0.1


@pytest.mark.parametrize(
    "arch, loss",
    [
        ([(3, 5, "tanh"), (5, 2, "sigmoid")], "mse"),
        ([(3, 5, "relu"), (5, 4, "relu"), (4, 1, "sigmoid")], "bce"),
        ([(3, 5, "sigmoid"), (5, 3, "softmax")], "cross_entropy"),
        ([(3, 2, "linear"), (2, 1, "linear")], "half_sse"),
    ],
)
def test_whole_network_gradients_match_finite_differences(arch, loss):
    rng = np.random.default_rng(4)
    X = rng.standard_normal((7, 3))
    out = arch[-1][1]
    Y = {"mse": rng.standard_normal((7, out)), "half_sse": rng.standard_normal((7, out)),
         "bce": (rng.random((7, out)) > 0.5) * 1.0,
         "cross_entropy": np.eye(out)[rng.integers(0, out, 7)]}[loss]
    report = gradcheck(Network(arch, loss=loss, seed=5), X, Y)
    assert report.passed, report.summary()
    assert [c.name for c in report.params][:2] == [f"b{len(arch)}", f"W{len(arch)}"]
    assert len(report.ops) >= 3 * len(arch)
