-- Client segments (domain/segments.c): a manager's named rules (JSON: age band, region,
-- language, self-identified groups with consent, program used), evaluated on demand; reports
-- publish only suppressed counts (domain/suppress.c).
CREATE TABLE segments (
	id INTEGER PRIMARY KEY,
	name_en TEXT NOT NULL,
	name_fr TEXT NOT NULL,
	rules TEXT NOT NULL,
	created_by INTEGER REFERENCES users(id),
	created_us INTEGER NOT NULL,
	updated_us INTEGER NOT NULL
) STRICT;
