-- The service network: catchment areas with their service system manager and rollout,
-- points of service with their services, languages, hours, closures and outreach schedules,
-- client contacts and satisfaction answers.
-- Conventions as in 0001: *_us integer UTC microseconds, dates 'YYYY-MM-DD', times 'HH:MM'
-- (local time of the configured zone), booleans 0/1, JSON text validated in C.

-- One row per catchment area (regions.kind = 'catchment'): who manages it and when it moves.
CREATE TABLE catchments (
	region_id INTEGER PRIMARY KEY REFERENCES regions(id),
	ssm_org_id INTEGER REFERENCES organisations(id),      -- service system manager
	phase TEXT NOT NULL CHECK (phase IN ('prototype', 'phase1', 'phase2', 'later')),
	updated_us INTEGER NOT NULL
) STRICT;

-- Milestones of a catchment's transition, planned and actual.
CREATE TABLE catchment_milestones (
	region_id INTEGER NOT NULL REFERENCES catchments(region_id),
	kind TEXT NOT NULL CHECK (kind IN ('selection_announced', 'transition_start',
		'transition_end', 'integrated_live')),
	planned_date TEXT,
	actual_date TEXT,
	PRIMARY KEY (region_id, kind)
) STRICT;

-- Service providers working under a catchment's service system manager.
CREATE TABLE catchment_providers (
	region_id INTEGER NOT NULL REFERENCES catchments(region_id),
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	PRIMARY KEY (region_id, org_id)
) STRICT;

CREATE TABLE points (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,                            -- stable key for imports
	kind TEXT NOT NULL CHECK (kind IN ('service_centre', 'regional_hub', 'exam_centre',
		'contact_centre', 'outreach_site', 'satellite_hub', 'virtual', 'partner_site')),
	name_en TEXT NOT NULL,
	name_fr TEXT NOT NULL,
	org_id INTEGER REFERENCES organisations(id),          -- who runs it
	region_id INTEGER NOT NULL REFERENCES regions(id),    -- its catchment (or region)
	address TEXT,
	municipality TEXT,
	postal_code TEXT,
	lat REAL,                                             -- WGS 84 degrees; NULL for virtual
	lon REAL,
	phone TEXT,
	email TEXT,
	capacity_per_week INTEGER CHECK (capacity_per_week IS NULL OR capacity_per_week >= 0),
	accessibility TEXT NOT NULL DEFAULT '[]',             -- JSON array of feature ids
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_us INTEGER NOT NULL,
	updated_us INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX points_region ON points(region_id, id);

-- The programs (services) a point offers: program ids of programs/*.json, or 'exams',
-- 'information', 'employment' for services not yet on the engine.
CREATE TABLE point_services (
	point_id INTEGER NOT NULL REFERENCES points(id),
	service TEXT NOT NULL,
	PRIMARY KEY (point_id, service)
) STRICT;

-- Languages served: 'en', 'fr', or an Indigenous language by name code (e.g. 'oj' Ojibwe,
-- 'cr' Cree, 'iu' Inuktitut, 'moh' Mohawk, 'oka'...).
CREATE TABLE point_languages (
	point_id INTEGER NOT NULL REFERENCES points(id),
	lang TEXT NOT NULL,
	PRIMARY KEY (point_id, lang)
) STRICT;

-- Weekly opening hours: one row per opening period (a day may have two, e.g. lunch closure).
CREATE TABLE point_hours (
	point_id INTEGER NOT NULL REFERENCES points(id),
	weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),   -- 0 = Sunday
	opens TEXT NOT NULL,
	closes TEXT NOT NULL,
	PRIMARY KEY (point_id, weekday, opens)
) STRICT;

-- Closures: a point closed on a date (statutory holidays are added by the business-day
-- calendar, not stored here), with a reason in both languages.
CREATE TABLE point_closures (
	point_id INTEGER NOT NULL REFERENCES points(id),
	date TEXT NOT NULL,
	reason_en TEXT NOT NULL,
	reason_fr TEXT NOT NULL,
	PRIMARY KEY (point_id, date)
) STRICT;

-- Scheduled mobile outreach: a visit pattern as an iCalendar recurrence (RFC 5545 RRULE),
-- first visit at dtstart (local date-time 'YYYY-MM-DDTHH:MM'), lasting duration_min.
-- exdates: JSON array of 'YYYY-MM-DD' visits cancelled; moved visits are rows of
-- outreach_exceptions.
CREATE TABLE outreach_schedules (
	id INTEGER PRIMARY KEY,
	point_id INTEGER NOT NULL REFERENCES points(id),      -- the outreach site visited
	host_point_id INTEGER REFERENCES points(id),          -- the hub the team comes from
	rrule TEXT NOT NULL,
	dtstart TEXT NOT NULL,
	duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 15 AND 1440),
	exdates TEXT NOT NULL DEFAULT '[]',
	note_en TEXT,
	note_fr TEXT,
	created_us INTEGER NOT NULL,
	updated_us INTEGER NOT NULL
) STRICT;
CREATE INDEX outreach_point ON outreach_schedules(point_id);

CREATE TABLE outreach_exceptions (
	schedule_id INTEGER NOT NULL REFERENCES outreach_schedules(id),
	original_date TEXT NOT NULL,                          -- the visit that moves
	new_start TEXT NOT NULL,                              -- 'YYYY-MM-DDTHH:MM' local
	PRIMARY KEY (schedule_id, original_date)
) STRICT;

-- Every interaction with a client.
CREATE TABLE contacts (
	id INTEGER PRIMARY KEY,
	channel TEXT NOT NULL CHECK (channel IN ('in_person', 'phone', 'email', 'chat', 'virtual',
		'outreach', 'assisted_phone')),
	point_id INTEGER REFERENCES points(id),
	lang TEXT NOT NULL,
	topic TEXT NOT NULL,                                  -- program id or service
	person_id INTEGER REFERENCES persons(id),
	arrived_us INTEGER NOT NULL,                          -- arrival, call start, e-mail received
	queued_us INTEGER,
	answered_us INTEGER,                                  -- NULL: abandoned / not answered yet
	ended_us INTEGER,
	resolved_first INTEGER NOT NULL DEFAULT 0 CHECK (resolved_first IN (0, 1)),
	outcome TEXT NOT NULL DEFAULT 'none' CHECK (outcome IN ('none', 'case', 'referral')),
	case_id INTEGER REFERENCES cases(id),
	external_id TEXT UNIQUE,                              -- telephony system's call id
	recorded_by INTEGER REFERENCES users(id),
	created_us INTEGER NOT NULL
) STRICT;
CREATE INDEX contacts_arrived ON contacts(arrived_us);
CREATE INDEX contacts_point ON contacts(point_id, arrived_us);
CREATE INDEX contacts_person ON contacts(person_id);

-- Satisfaction surveys: one answer per invitation token (stored hashed), tied to a contact
-- or a case.
CREATE TABLE survey_invitations (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	contact_id INTEGER REFERENCES contacts(id),
	case_id INTEGER REFERENCES cases(id),
	lang TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
	created_us INTEGER NOT NULL,
	expires_us INTEGER NOT NULL,
	answered_us INTEGER
) STRICT;

CREATE TABLE survey_answers (
	invitation_id INTEGER PRIMARY KEY REFERENCES survey_invitations(id),
	score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
	easy INTEGER CHECK (easy BETWEEN 1 AND 5),
	in_my_language INTEGER CHECK (in_my_language IN (0, 1)),
	comment TEXT,
	created_us INTEGER NOT NULL
) STRICT;
