"""newsbot on Discord: client, cogs, views and rendering."""
