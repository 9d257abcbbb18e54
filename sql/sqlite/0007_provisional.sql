-- Provisional Certificates of Qualification: in a compulsory trade, an apprentice who completed
-- the agreement may work for 90 days (renewable twice) while waiting to pass the exam. The
-- certificate of qualification earned later replaces it (same number and public id).
ALTER TABLE certificates ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1));
ALTER TABLE certificates ADD COLUMN renewals INTEGER NOT NULL DEFAULT 0;
