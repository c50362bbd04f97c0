"""newsbot's engine: store, ingestion, search, quotes and answers. Never imports discord or bot."""
