"""The command line's commands, by what they work on; `bot/cli.py` parses their options."""
