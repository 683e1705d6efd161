"""backprop: gradient descent and backpropagation, as taught by the textbook.

Examples
--------
>>> from backprop import models, optim, train
>>> import numpy as np
>>> X = np.array([[0.0, 1.0, 2.0, 3.0]]); y = 3 * X - 1
>>> model = models.MultivariateRegression(1, seed=0)
>>> hist = train(model, X, y, optim.GD(lr=0.1), epochs=300)
>>> model.params["w"].round(4).tolist(), round(float(model.params["b"]), 4)
([[3.0]], -1.0)
"""

from backprop import activations, data, gradcheck, losses, models, optim, scalar
from backprop.training import History, train

__all__ = ["History", "activations", "data", "gradcheck", "losses", "models", "optim", "scalar", "train"]
__version__ = "0.1.0"
