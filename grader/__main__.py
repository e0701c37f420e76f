"""`python -m lakedrill ...` is the `lakedrill` command."""

from lakedrill.cli import main

if __name__ == "__main__":
    main()
