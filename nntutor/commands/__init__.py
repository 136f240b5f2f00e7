"""Sub-commands of the `nntutor` CLI, one module each (`register` + `run`)."""
