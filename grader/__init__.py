"""lakedrill's grader: templates -> questions -> grading, history, writers and the CLI.

It uses engine/ for every answer; engine/ knows nothing of it.
"""
