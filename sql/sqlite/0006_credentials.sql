-- Certificates issued as verifiable credentials: the issuer's signing keys, the certificates
-- with their exact signed documents, and the two Bitstring Status Lists (revocation and
-- suspension) that say, publicly and without a call home, whether a certificate still holds.

-- Ed25519 keys of the issuer (did:web of the public base URL). The seed is sealed with the
-- field key; the public key stays listed in the DID document after rotation so that older
-- certificates keep verifying. Exactly one key is active for new signatures.
CREATE TABLE signing_keys (
	id INTEGER PRIMARY KEY,
	key_id TEXT NOT NULL UNIQUE,            -- fragment of the verification method: key-2026-01
	public_multibase TEXT NOT NULL UNIQUE,  -- z6Mk...
	seed_sealed BLOB NOT NULL,
	active INTEGER NOT NULL CHECK (active IN (0, 1)),
	created_us INTEGER NOT NULL,
	retired_us INTEGER
) STRICT;

-- One row per status list. bits: the uncompressed bitstring (16 KiB = 131,072 entries);
-- credential: the signed BitstringStatusListCredential served as is, re-signed on change.
CREATE TABLE status_lists (
	id INTEGER PRIMARY KEY,
	purpose TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
	list_no INTEGER NOT NULL,
	bits BLOB NOT NULL,
	credential TEXT NOT NULL,
	used INTEGER NOT NULL DEFAULT 0,        -- indexes handed out
	updated_us INTEGER NOT NULL,
	UNIQUE (purpose, list_no)
) STRICT;

CREATE TABLE certificates (
	id INTEGER PRIMARY KEY,
	public_id TEXT NOT NULL UNIQUE,         -- opaque, random (100 bits): URLs and QR codes
	number TEXT NOT NULL UNIQUE,            -- human-readable: CQ-309A-000123
	kind TEXT NOT NULL CHECK (kind IN ('apprenticeship', 'qualification')),
	person_id INTEGER NOT NULL REFERENCES persons(id),
	trade_code TEXT NOT NULL REFERENCES trades(code),
	red_seal INTEGER NOT NULL DEFAULT 0 CHECK (red_seal IN (0, 1)),
	issued_on TEXT NOT NULL,                -- YYYY-MM-DD
	expires_on TEXT,                        -- compulsory trades: renewed every year
	status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'suspended', 'revoked')),
	status_reason TEXT,
	list_no INTEGER NOT NULL,               -- same list number and index in both lists
	status_index INTEGER NOT NULL,
	case_id INTEGER REFERENCES cases(id),   -- the completed agreement (apprenticeship)
	source_ref TEXT,                        -- the exam result that earned it (qualification)
	public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
	credential TEXT NOT NULL,               -- the exact signed document, as issued
	issued_us INTEGER NOT NULL,
	updated_us INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (list_no, status_index)
) STRICT;
CREATE INDEX certificates_person ON certificates(person_id, id);
CREATE INDEX certificates_trade ON certificates(trade_code, id);
CREATE INDEX certificates_expiry ON certificates(expires_on) WHERE expires_on IS NOT NULL;
-- One certificate of each kind per person and trade.
CREATE UNIQUE INDEX certificates_one ON certificates(person_id, trade_code, kind);

-- Earlier signed versions of a certificate (before a renewal or an added endorsement).
CREATE TABLE certificate_versions (
	id INTEGER PRIMARY KEY,
	certificate_id INTEGER NOT NULL REFERENCES certificates(id),
	credential TEXT NOT NULL,
	replaced_us INTEGER NOT NULL
) STRICT;
CREATE INDEX certificate_versions_cert ON certificate_versions(certificate_id, id);
