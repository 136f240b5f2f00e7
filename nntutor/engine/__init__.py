"""The NumPy backprop engine: ops with forward/backward and their teaching text side by side,
the graph built from a lesson's forward lines (engine.graph), the dense stack (network.py, its
traced pass in trace.py), the tape of steps, initialisations, training, gradcheck, and the
registries other packages import: datasets (datasets.DATASET_INFO), losses (losses.LOSSES,
losses.canonical_loss) and the one comparison tolerance (tolerance.close)."""
