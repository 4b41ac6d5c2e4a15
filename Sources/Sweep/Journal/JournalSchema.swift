import GRDB

/// The journal's tables, one migration per schema version. A migration is never edited once
/// released: a new version appends one, so every journal ever written still opens.
enum JournalSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE sweep (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    name TEXT NOT NULL,
                    tasks TEXT NOT NULL,             -- JSON list of corpus names, the report's column order
                    source TEXT NOT NULL,            -- the sweep file it was first run from
                    created_at REAL NOT NULL
                );
                CREATE TABLE unit (
                    id TEXT PRIMARY KEY,
                    ordinal INTEGER NOT NULL,        -- scheduling order of the plan that added it
                    model TEXT NOT NULL,
                    task TEXT NOT NULL,
                    language TEXT NOT NULL,
                    fewshot_set INTEGER NOT NULL,
                    shard INTEGER NOT NULL,
                    first_question INTEGER NOT NULL,
                    question_count INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'leased', 'done', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,   -- leases that ended without a result
                    last_error TEXT,
                    completed_by_lease INTEGER,
                    completed_at REAL
                );
                CREATE TABLE lease (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, even across restarts
                    unit_id TEXT NOT NULL REFERENCES unit(id),
                    worker_id TEXT NOT NULL,
                    speculative INTEGER NOT NULL,
                    granted_at REAL NOT NULL,
                    deadline REAL NOT NULL,           -- as granted; heartbeats renew it in memory
                    ended_at REAL,
                    outcome TEXT CHECK (outcome IN ('completed', 'expired', 'failed', 'superseded', 'returned'))
                );
                CREATE INDEX lease_active ON lease(unit_id) WHERE ended_at IS NULL;
                CREATE TABLE result (
                    unit_id TEXT NOT NULL REFERENCES unit(id),
                    question_id TEXT NOT NULL,
                    question_index INTEGER NOT NULL,
                    gold TEXT NOT NULL,
                    letters TEXT NOT NULL,                -- JSON list, prompt order
                    letter_probabilities TEXT NOT NULL,   -- JSON list aligned with letters
                    top_token_id INTEGER NOT NULL,
                    top_token_piece TEXT NOT NULL,
                    -- No declared type (BLOB affinity) on the two Doubles: REAL affinity stores an
                    -- integral value such as -0.0 as the integer 0, and results must read back
                    -- bit for bit.
                    top_token_probability NOT NULL,
                    top_letter TEXT,
                    prompt_tokens INTEGER NOT NULL,
                    seconds NOT NULL,
                    lease_id INTEGER NOT NULL REFERENCES lease(id),
                    PRIMARY KEY (unit_id, question_id)
                ) WITHOUT ROWID;
                CREATE TABLE worker (
                    id TEXT PRIMARY KEY,
                    host TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    cores INTEGER NOT NULL,
                    engine_version TEXT NOT NULL,
                    first_seen REAL NOT NULL,
                    last_seen REAL NOT NULL,
                    units_done INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    kind TEXT NOT NULL,
                    unit_id TEXT,
                    worker_id TEXT,
                    lease_id INTEGER,
                    detail TEXT
                );
                """)
        }
        // Results scored by the authors' answer rule: the top token's decoded text is kept, and the
        // sweep records which rule its results follow, so a journal of the earlier rule (the top
        // token's id against each letter's one token id) is never extended with the new one.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                -- UTF-8 bytes as a BLOB: a byte token decodes to NUL, which TEXT would cut at.
                -- NULL in results of the token-id rule.
                ALTER TABLE result ADD COLUMN top_token_text BLOB;
                ALTER TABLE sweep ADD COLUMN answer_rule TEXT NOT NULL DEFAULT 'token-id'
                    CHECK (answer_rule IN ('token-id', 'decoded-text'));
                UPDATE sweep SET answer_rule = 'decoded-text' WHERE NOT EXISTS (SELECT 1 FROM result);
                """)
        }
        // Leases whose holder was never heard from end `abandoned`, which costs the unit no
        // attempt (a crowd of worker ids that lease and vanish failed whole sweeps). SQLite
        // cannot change a CHECK constraint, so the table is rebuilt, ids and their sequence kept.
        // Monitoring reads the most recently seen workers, not all of them: an index for that.
        migrator.registerMigration("v3") { db in
            let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'lease'") ?? 0
            try db.execute(sql: """
                CREATE TABLE lease_v3 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    unit_id TEXT NOT NULL REFERENCES unit(id),
                    worker_id TEXT NOT NULL,
                    speculative INTEGER NOT NULL,
                    granted_at REAL NOT NULL,
                    deadline REAL NOT NULL,
                    ended_at REAL,
                    outcome TEXT CHECK (outcome IN ('completed', 'expired', 'abandoned', 'failed', 'superseded', 'returned'))
                );
                INSERT INTO lease_v3 (id, unit_id, worker_id, speculative, granted_at, deadline, ended_at, outcome)
                    SELECT id, unit_id, worker_id, speculative, granted_at, deadline, ended_at, outcome FROM lease;
                DROP TABLE lease;
                ALTER TABLE lease_v3 RENAME TO lease;
                CREATE INDEX lease_active ON lease(unit_id) WHERE ended_at IS NULL;
                CREATE INDEX worker_last_seen ON worker(last_seen);
                """)
            try db.execute(
                sql: "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'lease'", arguments: [sequence])
        }
        // Units hold a question slice in several languages (WorkUnit says why): each result
        // names its language, the key of `result` gains it (a table rebuild), and `unit_language`
        // says how many questions each unit has in each language. The sweep records its unit
        // layout: 1 (one language a unit) for journals written before, which reports still read
        // and coordinators refuse to extend. Results also record the prompt tokens computed for
        // them (NULL before), so status can show what sharing prefixes saves.
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                ALTER TABLE sweep ADD COLUMN unit_layout INTEGER NOT NULL DEFAULT 1 CHECK (unit_layout IN (1, 2));
                UPDATE sweep SET unit_layout = 2 WHERE NOT EXISTS (SELECT 1 FROM unit);
                CREATE TABLE unit_language (
                    unit_id TEXT NOT NULL REFERENCES unit(id),
                    language TEXT NOT NULL,
                    question_count INTEGER NOT NULL,
                    PRIMARY KEY (unit_id, language)
                ) WITHOUT ROWID;
                INSERT INTO unit_language (unit_id, language, question_count) SELECT id, language, question_count FROM unit;
                CREATE TABLE result_v4 (
                    unit_id TEXT NOT NULL REFERENCES unit(id),
                    language TEXT NOT NULL,
                    question_id TEXT NOT NULL,
                    question_index INTEGER NOT NULL,
                    gold TEXT NOT NULL,
                    letters TEXT NOT NULL,
                    letter_probabilities TEXT NOT NULL,
                    top_token_id INTEGER NOT NULL,
                    top_token_piece TEXT NOT NULL,
                    top_token_text BLOB,
                    top_token_probability NOT NULL,
                    top_letter TEXT,
                    prompt_tokens INTEGER NOT NULL,
                    computed_tokens INTEGER,
                    seconds NOT NULL,
                    lease_id INTEGER NOT NULL REFERENCES lease(id),
                    PRIMARY KEY (unit_id, language, question_id)
                ) WITHOUT ROWID;
                INSERT INTO result_v4 (unit_id, language, question_id, question_index, gold, letters, letter_probabilities,
                        top_token_id, top_token_piece, top_token_text, top_token_probability, top_letter, prompt_tokens, seconds,
                        lease_id)
                    SELECT r.unit_id, u.language, r.question_id, r.question_index, r.gold, r.letters, r.letter_probabilities,
                        r.top_token_id, r.top_token_piece, r.top_token_text, r.top_token_probability, r.top_letter,
                        r.prompt_tokens, r.seconds, r.lease_id
                    FROM result r JOIN unit u ON u.id = r.unit_id;
                DROP TABLE result;
                ALTER TABLE result_v4 RENAME TO result;
                """)
        }
        // The models each plan ran, by name and file digest: a variant's recipe and parents
        // (as the journal's `VariantOrigin` JSON) stay with its results, so a report can set a
        // variant beside the model it was made from. Journals written before have no rows.
        migrator.registerMigration("v5") { db in
            try db.execute(sql: """
                CREATE TABLE model (
                    name TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    path TEXT NOT NULL,               -- where the last plan found (or built) it
                    recipe TEXT,                      -- ModelVariant.recipe; NULL for a model file
                    parents TEXT,                     -- JSON list of {name, sha256}; NULL for a model file
                    first_planned_at REAL NOT NULL,
                    PRIMARY KEY (name, sha256)
                );                                    -- rowid: the order first planned in
                """)
        }
        return migrator
    }
}
