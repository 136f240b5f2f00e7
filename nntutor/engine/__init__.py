"""The NumPy backprop engine: ops with forward/backward side by side, the tape of steps,
networks built from an architecture list, initialisations, training and gradcheck."""
