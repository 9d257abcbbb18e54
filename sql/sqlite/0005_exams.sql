-- Certification exams: the published rules per exam type, sessions at exam centres, the
-- eligibility source for pathways other than a completed apprenticeship (authorisations),
-- bookings, accommodation requests and results.
-- Conventions as in 0001: *_us integer UTC microseconds, dates 'YYYY-MM-DD', local date-times
-- 'YYYY-MM-DDTHH:MM' (the configured zone), booleans 0/1. Portable SQL only (partial indexes
-- exist in SQLite and PostgreSQL alike).

-- The published rules, one row per exam type: 'cq' Certificate of Qualification, 'red_seal'
-- the interprovincial Red Seal exam. Administrators edit them (audited); anyone reads them.
CREATE TABLE exam_rules (
	exam_type TEXT PRIMARY KEY CHECK (exam_type IN ('cq', 'red_seal')),
	pass_mark_pct INTEGER NOT NULL DEFAULT 70 CHECK (pass_mark_pct BETWEEN 1 AND 100),
	cancel_deadline_bizdays INTEGER NOT NULL DEFAULT 2
		CHECK (cancel_deadline_bizdays BETWEEN 0 AND 30),
	retake_wait_days INTEGER NOT NULL DEFAULT 30 CHECK (retake_wait_days BETWEEN 0 AND 365),
	results_release_bizdays INTEGER NOT NULL DEFAULT 10
		CHECK (results_release_bizdays BETWEEN 1 AND 60),
	release_target_pct INTEGER NOT NULL DEFAULT 90 CHECK (release_target_pct BETWEEN 1 AND 100),
	updated_by INTEGER REFERENCES users(id),
	updated_us INTEGER NOT NULL
) STRICT;
INSERT INTO exam_rules (exam_type, pass_mark_pct, cancel_deadline_bizdays, retake_wait_days,
	results_release_bizdays, release_target_pct, updated_by, updated_us)
	VALUES ('cq', 70, 2, 30, 10, 90, NULL, 0), ('red_seal', 70, 2, 30, 10, 90, NULL, 0);

CREATE TABLE exam_sessions (
	id INTEGER PRIMARY KEY,
	point_id INTEGER NOT NULL REFERENCES points(id),
	trade_code TEXT NOT NULL REFERENCES trades(code),
	exam_type TEXT NOT NULL CHECK (exam_type IN ('cq', 'red_seal')),
	starts_at TEXT NOT NULL,                              -- local 'YYYY-MM-DDTHH:MM'
	starts_us INTEGER NOT NULL,                           -- the same instant, UTC
	lang TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
	seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 10000),
	pass_mark_pct INTEGER CHECK (pass_mark_pct IS NULL OR pass_mark_pct BETWEEN 1 AND 100),
	status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
	cancel_reason TEXT,
	released_us INTEGER,                                  -- results released
	released_by INTEGER REFERENCES users(id),
	created_by INTEGER REFERENCES users(id),
	created_us INTEGER NOT NULL,
	updated_us INTEGER NOT NULL
) STRICT;
CREATE INDEX exam_sessions_starts ON exam_sessions(starts_us, id);
CREATE INDEX exam_sessions_trade ON exam_sessions(trade_code, exam_type, starts_us);
CREATE INDEX exam_sessions_point ON exam_sessions(point_id, starts_us);

-- The pluggable eligibility source: a pathway other than a completed apprenticeship
-- (an approved trade equivalency assessment, ...) lets a person sit an exam.
CREATE TABLE exam_authorisations (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	trade_code TEXT NOT NULL REFERENCES trades(code),
	exam_type TEXT NOT NULL CHECK (exam_type IN ('cq', 'red_seal')),
	source TEXT NOT NULL,                                 -- 'equivalency', ...
	reference TEXT,
	granted_by INTEGER REFERENCES users(id),
	granted_us INTEGER NOT NULL,
	revoked_us INTEGER,
	revoked_by INTEGER REFERENCES users(id),
	revoke_reason TEXT
) STRICT;
CREATE INDEX exam_authorisations_person ON exam_authorisations(person_id, trade_code, exam_type);

CREATE TABLE exam_bookings (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES exam_sessions(id),
	person_id INTEGER NOT NULL REFERENCES persons(id),
	trade_code TEXT NOT NULL REFERENCES trades(code),     -- the session's, for the rule below
	exam_type TEXT NOT NULL CHECK (exam_type IN ('cq', 'red_seal')),
	status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'sat', 'absent')),
	booked_by INTEGER REFERENCES users(id),
	booked_us INTEGER NOT NULL,
	cancelled_us INTEGER,
	cancelled_by INTEGER REFERENCES users(id),
	cancel_reason TEXT,
	rebooked_from INTEGER REFERENCES exam_bookings(id)
) STRICT;
CREATE INDEX exam_bookings_session ON exam_bookings(session_id, status);
CREATE INDEX exam_bookings_person ON exam_bookings(person_id, trade_code, exam_type);
-- No person holds two live bookings for the same exam (also checked in the transaction).
CREATE UNIQUE INDEX exam_bookings_live ON exam_bookings(person_id, trade_code, exam_type)
	WHERE status = 'booked';

-- Accommodation requests. details are health information: sealed (crypto_seal), never logged,
-- shown only to the candidate and exam administrators.
CREATE TABLE exam_accommodations (
	id INTEGER PRIMARY KEY,
	booking_id INTEGER NOT NULL REFERENCES exam_bookings(id),
	kind TEXT NOT NULL CHECK (kind IN ('extra_time', 'separate_room', 'reader', 'other')),
	details_sealed BLOB,
	status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'refused')),
	requested_by INTEGER REFERENCES users(id),
	requested_us INTEGER NOT NULL,
	decided_by INTEGER REFERENCES users(id),
	decided_us INTEGER,
	reason TEXT
) STRICT;
CREATE INDEX exam_accommodations_booking ON exam_accommodations(booking_id);
CREATE INDEX exam_accommodations_status ON exam_accommodations(status, id);

CREATE TABLE exam_results (
	id INTEGER PRIMARY KEY,
	booking_id INTEGER NOT NULL UNIQUE REFERENCES exam_bookings(id),
	score_pct INTEGER NOT NULL CHECK (score_pct BETWEEN 0 AND 100),
	pass_mark_pct INTEGER NOT NULL CHECK (pass_mark_pct BETWEEN 1 AND 100),
	passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
	recorded_by INTEGER REFERENCES users(id),
	recorded_us INTEGER NOT NULL,
	released_us INTEGER,
	released_by INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX exam_results_released ON exam_results(released_us);
