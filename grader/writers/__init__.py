"""Writers: each turns Questions into one output format and knows nothing of templates or the engine."""
