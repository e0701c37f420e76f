"""The question bank: YAML templates, one concept per folder. Data, not code; this file only lets
the bank be installed with lakedrill and found with importlib.resources."""
