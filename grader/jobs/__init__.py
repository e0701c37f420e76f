"""Your own job: reading job files and bundles, simulating them, and showing the run."""
