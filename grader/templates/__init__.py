"""The bank and its templates: finding the bank, reading YAML safely, validating templates, their Jinja."""
