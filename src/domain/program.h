/* program: program definitions (case types) loaded from data files.
 *
 * A program file (programs/<id>.json, see programs/apprenticeship.json) declares bilingual
 * labels, states, transitions (from-states, to-state, roles allowed, the fields each requires,
 * an optional named guard and action) and service standards (start/stop transitions, target
 * in business days or hours; states with "clock": "paused" pause the clock).
 *
 * programs_load() reads every file once at start-up (the embedded copies, or a directory given
 * by configuration), validates them completely and fails with a message naming the file and
 * the problem. Afterwards the definitions are immutable and shared by all threads. */
#ifndef PASSERELLE_PROGRAM_H
#define PASSERELLE_PROGRAM_H
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct i18n {
	const char *en, *fr;
};

enum prog_field_type { PF_STRING, PF_DATE, PF_INTEGER };

struct prog_field {
	const char *name;
	enum prog_field_type type;
	int required;
	int64_t min, max;          /* string: length in code points; integer: value */
	struct i18n label;
};

struct prog_state {
	const char *id;
	struct i18n label;
	int terminal;
	int clock_paused;
};

struct prog_transition {
	const char *id;
	struct i18n label;
	int *from;                 /* state indexes */
	int nfrom;
	int to;
	unsigned roles;            /* RB(ROLE_...) */
	struct prog_field *fields;
	int nfields;
	int guard;                 /* index into the guard registry, -1 none */
	int action;                /* index into the action registry, -1 none */
};

struct prog_standard {
	const char *id;
	struct i18n label;
	int *start, nstart;        /* transition indexes */
	int *stop, nstop;
	int business_days;         /* one of business_days / hours is > 0 */
	int hours;
};

struct program {
	const char *id;
	int version;
	struct i18n label, case_label;
	struct prog_state *states;
	int nstates;
	int initial;
	struct prog_transition *transitions;
	int ntransitions;
	struct prog_standard *standards;
	int nstandards;
};

/* Names of guards and actions a program file may reference (engine.c implements them). */
extern const char *const program_guard_names[];
extern const char *const program_action_names[];

/* Parses and validates one program file. 0 ok with *out owned (program_free); -1 with a
 * message in err. */
int program_parse(const char *name, const char *json, size_t len, struct program **out,
    char *err, size_t errn);
void program_free(struct program *p);

/* Loads all programs: from dir (every *.json) when dir is non-NULL, else the embedded files.
 * 0 ok; -1 with a message. Replaces any previously loaded set (start-up only). */
int programs_load(const char *dir, char *err, size_t errn);
void programs_unload(void);
const struct program *program_get(const char *id);
const struct program *program_at(size_t i);   /* NULL past the end */

int program_state_index(const struct program *p, const char *state);
const struct prog_transition *program_transition(const struct program *p, const char *id);
const char *i18n_pick(const struct i18n *t, enum lang lang);

#endif
