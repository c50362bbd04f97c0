"""Numbered, append-only migrations. Each runs in its own transaction with `PRAGMA user_version`.

The tables derived from articles (FTS5 indexes, `terms`, `paragraph_tokens`) are created here
and written only by `retrieval/index/writer.py`."""

from __future__ import annotations

# Never edit a migration that has shipped: add a new one at the end.
MIGRATIONS: tuple[str, ...] = (
    # 1: articles, paragraphs and their BM25 index.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        scope INTEGER,
        ref TEXT,
        title TEXT NOT NULL,
        source TEXT,
        url TEXT,
        author TEXT,
        published TEXT,
        added_at TEXT NOT NULL,
        added_by TEXT,
        content_hash TEXT NOT NULL,
        paragraph_count INTEGER NOT NULL
    );
    -- Duplicate checks look articles up by URL and by content hash, whatever the scope.
    CREATE INDEX articles_url ON articles(url);
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_scope_ref ON articles(scope, ref);

    CREATE TABLE paragraphs (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (article_id, position)
    );

    -- The index reads paragraph text and its article's title through this view.
    CREATE VIEW paragraph_docs AS
        SELECT p.id AS id, p.text AS text, a.title AS title
        FROM paragraphs p JOIN articles a ON a.id = p.article_id;

    CREATE VIRTUAL TABLE paragraphs_fts USING fts5(
        text, title,
        content='paragraph_docs', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    );

    -- Document frequency of every indexed term, for IDF weights in re-ranking and confidence.
    CREATE VIRTUAL TABLE paragraphs_vocab USING fts5vocab(paragraphs_fts, 'row');

    CREATE TRIGGER paragraphs_ai AFTER INSERT ON paragraphs BEGIN
        INSERT INTO paragraphs_fts(rowid, text, title)
        VALUES (new.id, new.text, (SELECT title FROM articles WHERE id = new.article_id));
    END;
    CREATE TRIGGER paragraphs_ad AFTER DELETE ON paragraphs BEGIN
        INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, title)
        VALUES ('delete', old.id, old.text, (SELECT title FROM articles WHERE id = old.article_id));
    END;
    CREATE TRIGGER paragraphs_au AFTER UPDATE ON paragraphs BEGIN
        INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, title)
        VALUES ('delete', old.id, old.text, (SELECT title FROM articles WHERE id = old.article_id));
        INSERT INTO paragraphs_fts(rowid, text, title)
        VALUES (new.id, new.text, (SELECT title FROM articles WHERE id = new.article_id));
    END;
    -- Paragraphs go before their article, so that the delete trigger above can still read the
    -- title that was indexed (a cascade would run after the article row is gone).
    CREATE TRIGGER articles_bd BEFORE DELETE ON articles BEGIN
        DELETE FROM paragraphs WHERE article_id = old.id;
    END;
    -- Whole articles, for the article-level evidence that re-ranking adds to each paragraph.
    -- Contentless: rows are written and deleted by the store with the article's own text.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content='', tokenize='porter unicode61 remove_diacritics 2'
    );
    """,
    # 2: quotations and their speakers, with their own index.
    """
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
        speaker TEXT,
        role TEXT,
        quote TEXT NOT NULL,
        cue TEXT,
        confidence REAL NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_paragraph ON quotes(paragraph_id);
    CREATE INDEX quotes_speaker ON quotes(speaker COLLATE NOCASE);

    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        quote, speaker,
        content='quotes', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, quote, speaker) VALUES (new.id, new.quote, new.speaker);
    END;
    CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, quote, speaker)
        VALUES ('delete', old.id, old.quote, old.speaker);
    END;
    CREATE TRIGGER quotes_au AFTER UPDATE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, quote, speaker)
        VALUES ('delete', old.id, old.quote, old.speaker);
        INSERT INTO quotes_fts(rowid, quote, speaker) VALUES (new.id, new.quote, new.speaker);
    END;
    -- Quotes go first so the paragraph delete trigger never meets a dangling reference.
    DROP TRIGGER IF EXISTS articles_bd;
    CREATE TRIGGER articles_bd BEFORE DELETE ON articles BEGIN
        DELETE FROM quotes WHERE article_id = old.id;
        DELETE FROM paragraphs WHERE article_id = old.id;
    END;
    """,
    # 3: how many paragraphs, and how many articles, hold each term. fts5vocab counts these
    # by reading the term's whole posting list (20 ms for "said" at a million paragraphs);
    # questions need them in microseconds. The store keeps them in step, in the same
    # transactions, with FTS5's own tokens (retrieval/index/writer.py); this fills them once.
    """
    CREATE VIRTUAL TABLE articles_vocab USING fts5vocab(articles_fts, 'row');
    CREATE TABLE terms (
        term TEXT PRIMARY KEY,
        docs INTEGER NOT NULL,
        articles INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO terms (term, docs, articles)
        SELECT p.term, p.doc, coalesce(a.doc, 0)
        FROM paragraphs_vocab p LEFT JOIN articles_vocab a ON a.term = p.term;
    """,
    # 4: every paragraph's stemmed tokens in order, as FTS5 indexes its text. A question's
    # candidates are scored and re-ranked from these: tokenising their text again for every
    # question cost more than FTS5's own search. The store fills them for paragraphs stored
    # before this migration when it opens the database (retrieval/index/writer.fill_tokens).
    """
    CREATE TABLE paragraph_tokens (
        id INTEGER PRIMARY KEY REFERENCES paragraphs(id) ON DELETE CASCADE,
        tokens TEXT NOT NULL
    );
    """,
    # 5: the index has one owner, retrieval/index/writer.py, which writes every FTS5 row in the
    # store's transactions. The triggers that kept the paragraph and quotation indexes read the
    # title through a view at the moment of each write, so an edited title would have left
    # stale rows; the cascade of migration 1's foreign keys deletes what an article owns.
    """
    DROP TRIGGER IF EXISTS paragraphs_ai;
    DROP TRIGGER IF EXISTS paragraphs_ad;
    DROP TRIGGER IF EXISTS paragraphs_au;
    DROP TRIGGER IF EXISTS quotes_ai;
    DROP TRIGGER IF EXISTS quotes_ad;
    DROP TRIGGER IF EXISTS quotes_au;
    DROP TRIGGER IF EXISTS articles_bd;
    """,
    # 6: feeds a scope subscribes to, and the entries of each already read (so that a second
    # poll fetches nothing again). An entry is recorded in the transaction that stores its
    # article: a poll killed at any moment leaves whole articles and no duplicates.
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        scope INTEGER,
        url TEXT NOT NULL,
        title TEXT,
        every INTEGER NOT NULL,
        channel INTEGER,
        etag TEXT,
        modified TEXT,
        added_at TEXT NOT NULL,
        added_by TEXT,
        last_polled TEXT,
        next_poll TEXT NOT NULL,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0
    );
    -- One subscription to a URL per scope (NULL, the global library, counted as a scope).
    CREATE UNIQUE INDEX feeds_scope_url ON feeds(ifnull(scope, -1), url);
    CREATE INDEX feeds_due ON feeds(next_poll);
    CREATE TABLE feed_entries (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        entry TEXT NOT NULL,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (feed_id, entry)
    ) WITHOUT ROWID;
    """,
    # 7: answers shown with vote buttons, and the votes: what people found wrong.
    """
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        scope INTEGER,
        question TEXT NOT NULL,
        kind TEXT NOT NULL,
        confidence REAL NOT NULL,
        cited TEXT NOT NULL,
        direct TEXT,
        asked_at TEXT NOT NULL
    );
    CREATE INDEX answers_scope ON answers(scope, id);
    CREATE TABLE votes (
        answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        member TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        voted_at TEXT NOT NULL,
        PRIMARY KEY (answer_id, member)
    ) WITHOUT ROWID;
    """,
    # 8: leases: work that must run in one process only (polling feeds), held by whichever
    # process took it last and taken over when its holder stops renewing it.
    """
    CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        taken TEXT NOT NULL,
        expires TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
)
