"""``python -m evdb`` runs the command-line interface."""
from evdb.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
