-- Web drafts: the answers of a signed-in user's unfinished web journey (e.g. starting a
-- training agreement), saved between steps and kept when the session ends (WCAG 2.2.1: no
-- data lost on time-out). One draft per user and kind; data is a JSON object validated in C.

CREATE TABLE web_drafts (
	user_id INTEGER NOT NULL REFERENCES users(id),
	kind TEXT NOT NULL CHECK (kind IN ('agreement')),
	data TEXT NOT NULL,
	updated_us INTEGER NOT NULL,
	PRIMARY KEY (user_id, kind)
) STRICT;
