"""The learner's session: the quiz and mock exam, prompts, the answer history, review scheduling, stats."""
