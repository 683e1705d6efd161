from backprop import models, optim, train
from backprop.data import noisy_line


def test_history_records_loss_per_step_and_parameter_snapshots():
    x, y = noisy_line(m=30, seed=0)
    model = models.UnivariateRegression(w=0.0, b=0.0)
    hist = train(model, x, y, optim.GD(0.1), epochs=5, batch_size=10, record_params=True)
    assert len(hist.loss) == 15  # 3 steps per epoch
    assert len(hist.params) == 16  # the start, then after every step
    assert float(hist.params[0]["w"]) == 0.0
    assert float(hist.params[-1]["w"]) == float(model.params["w"])
    assert hist.params[-1]["w"] is not model.params["w"]


def test_training_is_deterministic_for_a_seed():
    x, y = noisy_line(m=30, seed=0)

    def run(seed):
        model = models.TwoLayerNonlinear(1, 4, seed=1)
        return train(model, x, y, optim.Adam(0.01), epochs=3, batch_size=7, seed=seed).loss

    assert run(0) == run(0)
    assert run(0) != run(1)


def test_a_divergent_learning_rate_is_reported_not_raised():
    x, y = noisy_line(m=30, seed=0)
    model = models.UnivariateRegression(w=0.0, b=0.0)
    hist = train(model, x, y, optim.GD(lr=5.0), epochs=5000)
    assert hist.diverged
    assert len(hist.loss) < 5000
    assert hist.loss[10] > 1e6 * hist.loss[0]
