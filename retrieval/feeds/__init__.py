"""Feeds: RSS and Atom subscriptions that keep a scope's library current.

- `parse`: a feed document read into entries (feedparser), and the full text a feed carries.
- `poller`: subscribing, polling politely (conditional requests, a per-feed interval, backoff
  on errors, a cap on entries per poll) and storing each new entry's article.
"""
