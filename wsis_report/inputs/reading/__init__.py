"""From a file to the contract's columns: what the file really is and whether it is safe to
open, its sheets as grids of raw values (read ahead while the models are built), and each
grid's header row matched to a sheet's columns."""
