"""Questions and grading: a template's variant for a seed, its Question, its exam form, parsing and grading."""
