-- passerelle schema, version 1 (SQLite). The PostgreSQL twin lives in sql/pg/.
-- Timestamps: integer UTC microseconds computed in C (*_us). Dates: 'YYYY-MM-DD' text.
-- Booleans: INTEGER 0/1 with CHECK. JSON: TEXT validated in C, never queried in SQL.

CREATE TABLE regions (
	id INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES regions(id),
	kind TEXT NOT NULL CHECK (kind IN ('province', 'region', 'catchment', 'community')),
	code TEXT NOT NULL UNIQUE,
	name_en TEXT NOT NULL,
	name_fr TEXT NOT NULL
) STRICT;

CREATE TABLE organisations (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('sponsor', 'training_delivery_agent', 'service_provider',
		'service_system_manager', 'regulator', 'partner_agency', 'ministry')),
	name_en TEXT NOT NULL,
	name_fr TEXT NOT NULL,
	search_key TEXT NOT NULL,
	region_id INTEGER REFERENCES regions(id),
	email TEXT,
	phone TEXT,
	postal_code TEXT,
	municipality TEXT,
	created_us INTEGER NOT NULL,
	updated_us INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX organisations_search ON organisations(search_key);
CREATE INDEX organisations_region ON organisations(region_id, id);

CREATE TABLE trades (
	code TEXT PRIMARY KEY,
	name_en TEXT NOT NULL,
	name_fr TEXT NOT NULL,
	sector TEXT NOT NULL,
	compulsory INTEGER NOT NULL CHECK (compulsory IN (0, 1)),
	red_seal INTEGER NOT NULL CHECK (red_seal IN (0, 1)),
	hours INTEGER
) STRICT;

CREATE TABLE persons (
	id INTEGER PRIMARY KEY,
	client_no TEXT UNIQUE,
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	search_key TEXT NOT NULL,
	birth_date TEXT NOT NULL,
	lang TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
	email TEXT,
	phone TEXT,
	postal_code TEXT,
	municipality TEXT,
	region_id INTEGER REFERENCES regions(id),
	sin_sealed BLOB,
	sin_last3 TEXT,
	self_id TEXT,
	created_us INTEGER NOT NULL,
	updated_us INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX persons_birth ON persons(birth_date);
CREATE INDEX persons_search ON persons(search_key);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	pw_hash TEXT NOT NULL,
	role TEXT NOT NULL,
	org_id INTEGER REFERENCES organisations(id),
	region_id INTEGER REFERENCES regions(id),
	person_id INTEGER REFERENCES persons(id),
	all_regions INTEGER NOT NULL DEFAULT 0 CHECK (all_regions IN (0, 1)),
	lang TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'fr')),
	failed_count INTEGER NOT NULL DEFAULT 0,
	last_failed_us INTEGER NOT NULL DEFAULT 0,
	locked_until_us INTEGER NOT NULL DEFAULT 0,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_us INTEGER NOT NULL,
	updated_us INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	created_us INTEGER NOT NULL,
	expires_us INTEGER NOT NULL,
	revoked_us INTEGER
) STRICT;

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	created_us INTEGER NOT NULL,
	expires_us INTEGER NOT NULL,
	revoked_us INTEGER
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	program TEXT NOT NULL,
	state TEXT NOT NULL,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	org_id INTEGER REFERENCES organisations(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),
	trade_code TEXT REFERENCES trades(code),
	lang TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
	start_date TEXT,
	ref_no TEXT UNIQUE,
	data TEXT NOT NULL DEFAULT '{}',
	created_by INTEGER REFERENCES users(id),
	opened_us INTEGER NOT NULL,
	updated_us INTEGER NOT NULL,
	closed_us INTEGER,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX cases_person ON cases(person_id, id);
CREATE INDEX cases_org ON cases(org_id, id);
CREATE INDEX cases_region ON cases(region_id, id);
CREATE INDEX cases_program_state ON cases(program, state, id);

-- Service-standard clocks: one per case and standard (program file "standards").
CREATE TABLE case_clocks (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	standard TEXT NOT NULL,
	started_us INTEGER NOT NULL,
	paused_since_us INTEGER,
	paused_days INTEGER NOT NULL DEFAULT 0,
	paused_us INTEGER NOT NULL DEFAULT 0,
	due_us INTEGER NOT NULL,
	stopped_us INTEGER,
	met INTEGER CHECK (met IN (0, 1)),
	UNIQUE (case_id, standard)
) STRICT;
CREATE INDEX case_clocks_open ON case_clocks(stopped_us, due_us);

CREATE TABLE hours_entries (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	period_start TEXT NOT NULL,
	period_end TEXT NOT NULL,
	hours INTEGER NOT NULL CHECK (hours > 0),
	description TEXT,
	status TEXT NOT NULL CHECK (status IN ('logged', 'approved', 'rejected')),
	logged_by INTEGER NOT NULL REFERENCES users(id),
	logged_us INTEGER NOT NULL,
	decided_by INTEGER REFERENCES users(id),
	decided_us INTEGER,
	reason TEXT
) STRICT;
CREATE INDEX hours_case ON hours_entries(case_id, id);
-- Covers the approved/pending totals shown with every agreement (no table lookups).
CREATE INDEX hours_case_totals ON hours_entries(case_id, status, hours);

-- The append-only event log: case history and audit trail in one, hash-chained.
CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	at_us INTEGER NOT NULL,
	actor_id INTEGER,
	actor_role TEXT,
	entity TEXT NOT NULL,
	entity_id INTEGER NOT NULL,
	case_id INTEGER REFERENCES cases(id),
	type TEXT NOT NULL,
	from_state TEXT,
	to_state TEXT,
	payload TEXT NOT NULL,
	hash TEXT NOT NULL
) STRICT;
CREATE INDEX events_case ON events(case_id, id);
CREATE INDEX events_entity ON events(entity, entity_id, id);

CREATE TABLE idempotency (
	user_id INTEGER NOT NULL,
	key TEXT NOT NULL,
	route TEXT NOT NULL,
	request_hash TEXT NOT NULL,
	status INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_us INTEGER NOT NULL,
	PRIMARY KEY (user_id, key)
) STRICT;

-- Named sequences (registration numbers per year, client numbers).
CREATE TABLE counters (
	name TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) STRICT;

-- The event log is append-only: the application never updates or deletes an event. (Someone
-- with the database file can still drop these triggers; the hash chain then shows what changed.)
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;
