"""Generated test invoices with known ground truth (see generate.py)."""
