"""The code that draws the book's figures, apart from the code the chapters teach.

`plot` holds the book's style and the helpers for loss surfaces, paths of gradient
descent, loss curves, animation frames and explorable figures; `diagrams` draws
computational graphs of the scalar engine's values and pictures of networks.

Examples
--------
>>> from backprop.figures import diagrams, plot
>>> plot.sci(12345.0)
'1.2 × 10⁴'
"""
