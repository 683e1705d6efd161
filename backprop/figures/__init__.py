"""The code that draws the book's figures, apart from the code the chapters teach.

`style` holds the sizes, colours and markers every figure shares, the two layouts a
figure is drawn for (a desktop's text column and a phone's) and the dark palette's
recolouring; `plot` the book's matplotlib style and the helpers for panels, legends, loss
surfaces, paths of gradient descent, loss curves, animation frames and explorable figures; `diagrams` draws
computational graphs of the scalar engine's values and pictures of networks.

Examples
--------
>>> from backprop.figures import diagrams, plot, style
>>> plot.sci(12345.0), style.method_color("Adam") == style.PURPLE
('1.2 × 10⁴', True)
"""
