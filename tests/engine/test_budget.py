"""The engine budget: one array, one pass, epochs x work; refusals name the setting and the
largest value that fits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nntutor.engine import budget
from nntutor.engine.budget import BudgetError, check_array, check_pass, check_work, dense_cost


@given(st.lists(st.integers(1, 10**5), min_size=1, max_size=3))
def test_an_array_is_refused_exactly_when_it_is_over(shape):
    count = 1
    for s in shape:
        count *= s
    if count > budget.MAX_ARRAY_ELEMENTS:
        with pytest.raises(BudgetError) as err:
            check_array("W1", shape)
        assert err.value.key == "W1" and "W1" in str(err.value)
    else:
        check_array("W1", shape)


@given(st.integers(1, 10**6), st.integers(1, 10**4))
def test_epochs_within_the_budget_pass_and_one_more_fails(work, slack):
    most = budget.max_epochs(work)
    check_work(most, work)
    with pytest.raises(BudgetError) as err:
        check_work(most + 1, work, what="--epochs")
    assert err.value.key == "epochs"
    assert str(err.value).startswith(f"--epochs = {most + 1:,}")
    assert f"at most {most:,} epochs" in str(err.value)


def test_the_pass_total_is_checked_beside_each_array():
    share = budget.MAX_ARRAY_ELEMENTS
    shapes = {f"A{i}": (share,) for i in range(budget.MAX_PASS_ELEMENTS // share + 1)}
    with pytest.raises(BudgetError, match="one forward and backward pass would keep"):
        check_pass(shapes)


def test_a_wide_layer_and_endless_training_are_refused():
    with pytest.raises(BudgetError, match=r"W1 would have shape \(2, 400000000\)"):
        check_pass(dense_cost(4, [2, 400_000_000, 1]).shapes)
    xor = dense_cost(4, [2, 4, 1])
    with pytest.raises(BudgetError, match="give at most"):
        check_work(10**12, xor.work_per_epoch)
    # the shipped lessons fit: moons 2-25-50-50-25-1 on 900 rows for 10,000 epochs
    check_work(10_000, dense_cost(900, [2, 25, 50, 50, 25, 1]).work_per_epoch)
