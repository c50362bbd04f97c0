"""newsbot's front ends: the Discord bot and the terminal (CLI and console)."""
