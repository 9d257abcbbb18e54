/* trades: the Ontario trades catalogue (Skilled Trades Ontario trade codes, bilingual names,
 * sector, compulsory / Red Seal flags, published training hours).
 * The catalogue is data/trades.csv, compiled into the binary (core/embedded.h) and parsed
 * once on first use; trades_parse() is exposed so the file can be validated by tests and
 * by import tools. See data/trades.README.md for the columns and their sources. */
#ifndef PASSERELLE_TRADES_H
#define PASSERELLE_TRADES_H
#include <stddef.h>

enum trade_sector {
	SECTOR_CONSTRUCTION,
	SECTOR_INDUSTRIAL,
	SECTOR_MOTIVE_POWER,
	SECTOR_SERVICE,
};

struct trade {
	char code[8];                   /* "309A": three digits, one or two capitals */
	const char *name_en, *name_fr;  /* UTF-8, non-empty */
	enum trade_sector sector;
	int compulsory, red_seal;       /* 0 or 1 */
	int hours;                      /* on-the-job + in-school; 0 = not published */
	/* Search keys of the names (text_search_key: accents and case removed), computed once
	 * for the embedded catalogue so a search never normalises the catalogue again; NULL
	 * in a catalogue from trades_parse. */
	const char *key_en, *key_fr;
};

/* Parses a catalogue CSV (RFC 4180, header line first, UTF-8, optional BOM).
 * Returns 0 and sets *out (owned by the caller, release with trades_free) and *n;
 * or returns -1 with *out = NULL, *n = 0 and, when err is not NULL, a message naming the
 * line and the problem in err (size errn). Rejected: wrong header, wrong column count,
 * empty code or name, code not [0-9]{3}[A-Z]{1,2}, unknown sector, flags other than 0/1,
 * hours that are not an integer in 1..20000 (empty means not published), duplicate codes,
 * names with control characters or invalid UTF-8, malformed quoting. */
int trades_parse(const char *csv, size_t len, struct trade **out, size_t *n, char *err,
    size_t errn);
void trades_free(struct trade *t, size_t n);

/* The embedded catalogue, in file order; parsed once (thread-safe). Aborts with a log line
 * if data/trades.csv is missing or invalid (the unit test validates it). Never freed. */
const struct trade *trades_all(size_t *n);
/* Exact, case-sensitive code lookup in the embedded catalogue; NULL if unknown. */
const struct trade *trades_find(const char *code);
/* "construction", "industrial", "motive_power", "service"; NULL when out of range. */
const char *trade_sector_name(enum trade_sector s);

#endif
