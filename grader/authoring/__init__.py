"""Tools for authors, not the learner's runtime: `lakedrill check`, and the generated parts of the docs."""
