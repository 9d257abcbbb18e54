#include "domain/program.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/embedded.h"
#include "core/xalloc.h"
#include "domain/roles.h"

const char *const program_guard_names[] = { "required_hours_approved", NULL };
const char *const program_action_names[] = { "assign_registration_number",
	"issue_certificate_of_apprenticeship", NULL };

#define MAX_PROGRAMS 32

static struct program *programs[MAX_PROGRAMS];
static size_t nprograms;

/* Parsing context: the file name and the first error. */
struct pctx {
	const char *file;
	char *err;
	size_t errn;
	int failed;
};

__attribute__((format(printf, 2, 3))) static int
fail(struct pctx *c, const char *fmt, ...)
{
	if (!c->failed) {
		char msg[512];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		snprintf(c->err, c->errn, "program file %s: %s", c->file, msg);
		c->failed = 1;
	}
	return -1;
}

static int
get_str(struct pctx *c, json_t *o, const char *key, int required, const char **out,
    const char *where)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL) {
		if (required)
			return fail(c, "%s: \"%s\" is missing", where, key);
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v) || json_string_length(v) == 0)
		return fail(c, "%s: \"%s\" must be a non-empty string", where, key);
	*out = xstrdup(json_string_value(v));
	return 0;
}

static int
get_i18n(struct pctx *c, json_t *o, const char *key, struct i18n *out, const char *where)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_object(v))
		return fail(c, "%s: \"%s\" must be an object with \"en\" and \"fr\"", where, key);
	char w[160];
	snprintf(w, sizeof(w), "%s.%s", where, key);
	if (get_str(c, v, "en", 1, &out->en, w) || get_str(c, v, "fr", 1, &out->fr, w))
		return -1;
	if (json_object_size(v) != 2)
		return fail(c, "%s: only \"en\" and \"fr\" are allowed", w);
	return 0;
}

/* Rejects keys not in allowed (NULL-terminated): a typo in a program file must not pass. */
static int
check_keys(struct pctx *c, json_t *o, const char *const *allowed, const char *where)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		int ok = 0;
		for (const char *const *a = allowed; *a; a++)
			ok |= strcmp(*a, key) == 0;
		if (!ok)
			return fail(c, "%s: unknown key \"%s\"", where, key);
	}
	return 0;
}

static int
name_index(const char *const *names, const char *s)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static int
parse_fields(struct pctx *c, json_t *arr, struct prog_transition *t, const char *where)
{
	static const char *const keys[] = { "name", "type", "required", "min", "max", "label", NULL };
	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return fail(c, "%s: \"fields\" must be an array", where);
	t->nfields = (int)json_array_size(arr);
	t->fields = xcalloc((size_t)t->nfields, sizeof(*t->fields));
	for (int i = 0; i < t->nfields; i++) {
		json_t *f = json_array_get(arr, (size_t)i);
		struct prog_field *pf = &t->fields[i];
		char w[160];
		snprintf(w, sizeof(w), "%s.fields[%d]", where, i);
		const char *type = NULL;
		if (!json_is_object(f))
			return fail(c, "%s must be an object", w);
		if (check_keys(c, f, keys, w) || get_str(c, f, "name", 1, &pf->name, w) ||
		    get_str(c, f, "type", 1, &type, w) || get_i18n(c, f, "label", &pf->label, w)) {
			free((char *)type);
			return -1;
		}
		if (strcmp(type, "string") == 0)
			pf->type = PF_STRING;
		else if (strcmp(type, "date") == 0)
			pf->type = PF_DATE;
		else if (strcmp(type, "integer") == 0)
			pf->type = PF_INTEGER;
		else {
			free((char *)type);
			return fail(c, "%s: type must be string, date or integer", w);
		}
		free((char *)type);
		json_t *req = json_object_get(f, "required");
		if (req && !json_is_boolean(req))
			return fail(c, "%s: \"required\" must be true or false", w);
		pf->required = json_is_true(req);
		json_t *mn = json_object_get(f, "min"), *mx = json_object_get(f, "max");
		if ((mn && !json_is_integer(mn)) || (mx && !json_is_integer(mx)))
			return fail(c, "%s: \"min\"/\"max\" must be integers", w);
		pf->min = mn ? json_integer_value(mn) : (pf->type == PF_STRING ? 0 : INT64_MIN);
		pf->max = mx ? json_integer_value(mx) : (pf->type == PF_STRING ? 2000 : INT64_MAX);
		if (pf->min > pf->max)
			return fail(c, "%s: \"min\" is greater than \"max\"", w);
		for (int j = 0; j < i; j++)
			if (strcmp(t->fields[j].name, pf->name) == 0)
				return fail(c, "%s: field \"%s\" declared twice", w, pf->name);
	}
	return 0;
}

static int
parse_transition_list(struct pctx *c, struct program *p, json_t *arr, int **out, int *n,
    const char *where, const char *key)
{
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return fail(c, "%s: \"%s\" must be a non-empty array of transition ids", where, key);
	*n = (int)json_array_size(arr);
	*out = xcalloc((size_t)*n, sizeof(int));
	for (int i = 0; i < *n; i++) {
		json_t *v = json_array_get(arr, (size_t)i);
		int idx = -1;
		for (int j = 0; json_is_string(v) && j < p->ntransitions; j++)
			if (strcmp(p->transitions[j].id, json_string_value(v)) == 0)
				idx = j;
		if (idx < 0)
			return fail(c, "%s: \"%s\" names an unknown transition", where, key);
		(*out)[i] = idx;
	}
	return 0;
}

static int
parse_program(struct pctx *c, json_t *root, struct program *p)
{
	static const char *const top_keys[] = { "id", "version", "label", "case_label", "initial",
		"states", "transitions", "standards", "notes", NULL };
	static const char *const state_keys[] = { "id", "label", "terminal", "clock", NULL };
	static const char *const tr_keys[] = { "id", "label", "from", "to", "roles", "fields",
		"guard", "action", NULL };
	static const char *const std_keys[] = { "id", "label", "start", "stop", "business_days",
		"hours", NULL };

	if (!json_is_object(root))
		return fail(c, "the file must hold one JSON object");
	if (check_keys(c, root, top_keys, "program") || get_str(c, root, "id", 1, &p->id, "program") ||
	    get_i18n(c, root, "label", &p->label, "program") ||
	    get_i18n(c, root, "case_label", &p->case_label, "program"))
		return -1;
	json_t *ver = json_object_get(root, "version");
	if (!json_is_integer(ver) || json_integer_value(ver) < 1)
		return fail(c, "\"version\" must be a positive integer");
	p->version = (int)json_integer_value(ver);

	json_t *states = json_object_get(root, "states");
	if (!json_is_array(states) || json_array_size(states) == 0)
		return fail(c, "\"states\" must be a non-empty array");
	p->nstates = (int)json_array_size(states);
	p->states = xcalloc((size_t)p->nstates, sizeof(*p->states));
	for (int i = 0; i < p->nstates; i++) {
		json_t *s = json_array_get(states, (size_t)i);
		char w[64];
		snprintf(w, sizeof(w), "states[%d]", i);
		if (!json_is_object(s))
			return fail(c, "%s must be an object", w);
		if (check_keys(c, s, state_keys, w) || get_str(c, s, "id", 1, &p->states[i].id, w) ||
		    get_i18n(c, s, "label", &p->states[i].label, w))
			return -1;
		json_t *term = json_object_get(s, "terminal"), *clock = json_object_get(s, "clock");
		if (term && !json_is_boolean(term))
			return fail(c, "%s: \"terminal\" must be true or false", w);
		p->states[i].terminal = json_is_true(term);
		if (clock && !(json_is_string(clock) && (strcmp(json_string_value(clock), "paused") == 0 ||
		    strcmp(json_string_value(clock), "running") == 0)))
			return fail(c, "%s: \"clock\" must be \"paused\" or \"running\"", w);
		p->states[i].clock_paused = clock && strcmp(json_string_value(clock), "paused") == 0;
		for (int j = 0; j < i; j++)
			if (strcmp(p->states[j].id, p->states[i].id) == 0)
				return fail(c, "state \"%s\" declared twice", p->states[i].id);
	}
	const char *initial = NULL;
	if (get_str(c, root, "initial", 1, &initial, "program"))
		return -1;
	p->initial = program_state_index(p, initial);
	free((char *)initial);
	if (p->initial < 0)
		return fail(c, "\"initial\" names an unknown state");

	json_t *trs = json_object_get(root, "transitions");
	if (!json_is_array(trs) || json_array_size(trs) == 0)
		return fail(c, "\"transitions\" must be a non-empty array");
	p->ntransitions = (int)json_array_size(trs);
	p->transitions = xcalloc((size_t)p->ntransitions, sizeof(*p->transitions));
	for (int i = 0; i < p->ntransitions; i++) {
		json_t *t = json_array_get(trs, (size_t)i);
		struct prog_transition *pt = &p->transitions[i];
		pt->guard = pt->action = -1;
		char w[96];
		snprintf(w, sizeof(w), "transitions[%d]", i);
		if (!json_is_object(t))
			return fail(c, "%s must be an object", w);
		const char *to = NULL, *guard = NULL, *action = NULL;
		if (check_keys(c, t, tr_keys, w) || get_str(c, t, "id", 1, &pt->id, w))
			return -1;
		snprintf(w, sizeof(w), "transition \"%s\"", pt->id);
		for (int j = 0; j < i; j++)
			if (strcmp(p->transitions[j].id, pt->id) == 0)
				return fail(c, "%s declared twice", w);
		if (get_i18n(c, t, "label", &pt->label, w) || get_str(c, t, "to", 1, &to, w))
			return -1;
		pt->to = program_state_index(p, to);
		free((char *)to);
		if (pt->to < 0)
			return fail(c, "%s: \"to\" names an unknown state", w);
		json_t *from = json_object_get(t, "from");
		if (!json_is_array(from) || json_array_size(from) == 0)
			return fail(c, "%s: \"from\" must be a non-empty array of states", w);
		pt->nfrom = (int)json_array_size(from);
		pt->from = xcalloc((size_t)pt->nfrom, sizeof(int));
		for (int j = 0; j < pt->nfrom; j++) {
			json_t *v = json_array_get(from, (size_t)j);
			pt->from[j] = json_is_string(v) ? program_state_index(p, json_string_value(v)) : -1;
			if (pt->from[j] < 0)
				return fail(c, "%s: \"from\" names an unknown state", w);
			if (p->states[pt->from[j]].terminal)
				return fail(c, "%s: leaves the terminal state \"%s\"", w,
				    p->states[pt->from[j]].id);
		}
		json_t *roles = json_object_get(t, "roles");
		if (!json_is_array(roles) || json_array_size(roles) == 0)
			return fail(c, "%s: \"roles\" must be a non-empty array", w);
		for (size_t j = 0; j < json_array_size(roles); j++) {
			json_t *v = json_array_get(roles, j);
			enum role r;
			if (!json_is_string(v) || role_parse(json_string_value(v), &r) != 0)
				return fail(c, "%s: unknown role in \"roles\"", w);
			pt->roles |= RB(r);
		}
		if (parse_fields(c, json_object_get(t, "fields"), pt, w))
			return -1;
		if (get_str(c, t, "guard", 0, &guard, w) || get_str(c, t, "action", 0, &action, w)) {
			free((char *)guard);
			return -1;
		}
		if (guard && (pt->guard = name_index(program_guard_names, guard)) < 0)
			fail(c, "%s: unknown guard \"%s\"", w, guard);
		if (action && (pt->action = name_index(program_action_names, action)) < 0)
			fail(c, "%s: unknown action \"%s\"", w, action);
		free((char *)guard);
		free((char *)action);
		if (c->failed)
			return -1;
	}

	json_t *stds = json_object_get(root, "standards");
	if (stds != NULL && !json_is_array(stds))
		return fail(c, "\"standards\" must be an array");
	p->nstandards = stds ? (int)json_array_size(stds) : 0;
	p->standards = xcalloc((size_t)p->nstandards, sizeof(*p->standards));
	for (int i = 0; i < p->nstandards; i++) {
		json_t *s = json_array_get(stds, (size_t)i);
		struct prog_standard *ps = &p->standards[i];
		char w[96];
		snprintf(w, sizeof(w), "standards[%d]", i);
		if (!json_is_object(s))
			return fail(c, "%s must be an object", w);
		if (check_keys(c, s, std_keys, w) || get_str(c, s, "id", 1, &ps->id, w) ||
		    get_i18n(c, s, "label", &ps->label, w) ||
		    parse_transition_list(c, p, json_object_get(s, "start"), &ps->start, &ps->nstart, w, "start") ||
		    parse_transition_list(c, p, json_object_get(s, "stop"), &ps->stop, &ps->nstop, w, "stop"))
			return -1;
		json_t *bd = json_object_get(s, "business_days"), *h = json_object_get(s, "hours");
		if ((bd == NULL) == (h == NULL))
			return fail(c, "%s: give exactly one of \"business_days\" or \"hours\"", w);
		json_t *v = bd ? bd : h;
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 3650)
			return fail(c, "%s: the target must be an integer from 1 to 3650", w);
		if (bd)
			ps->business_days = (int)json_integer_value(v);
		else
			ps->hours = (int)json_integer_value(v);
	}
	return 0;
}

int
program_parse(const char *name, const char *json, size_t len, struct program **out, char *err,
    size_t errn)
{
	struct pctx c = { name, err, errn, 0 };
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		fail(&c, "line %d: %s", jerr.line, jerr.text);
		return -1;
	}
	struct program *p = xcalloc(1, sizeof(*p));
	int rc = parse_program(&c, root, p);
	json_decref(root);
	if (rc != 0) {
		program_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

static void
i18n_free(struct i18n *t)
{
	free((char *)t->en);
	free((char *)t->fr);
}

void
program_free(struct program *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->nstates; i++) {
		free((char *)p->states[i].id);
		i18n_free(&p->states[i].label);
	}
	for (int i = 0; i < p->ntransitions; i++) {
		struct prog_transition *t = &p->transitions[i];
		free((char *)t->id);
		i18n_free(&t->label);
		free(t->from);
		for (int j = 0; j < t->nfields; j++) {
			free((char *)t->fields[j].name);
			i18n_free(&t->fields[j].label);
		}
		free(t->fields);
	}
	for (int i = 0; i < p->nstandards; i++) {
		free((char *)p->standards[i].id);
		i18n_free(&p->standards[i].label);
		free(p->standards[i].start);
		free(p->standards[i].stop);
	}
	free(p->states);
	free(p->transitions);
	free(p->standards);
	free((char *)p->id);
	i18n_free(&p->label);
	i18n_free(&p->case_label);
	free(p);
}

static int
add_program(struct program *p, char *err, size_t errn)
{
	for (size_t i = 0; i < nprograms; i++)
		if (strcmp(programs[i]->id, p->id) == 0) {
			snprintf(err, errn, "program \"%s\" is defined twice", p->id);
			return -1;
		}
	if (nprograms == MAX_PROGRAMS) {
		snprintf(err, errn, "too many program files (at most %d)", MAX_PROGRAMS);
		return -1;
	}
	programs[nprograms++] = p;
	return 0;
}

static int
load_dir(const char *dir, char *err, size_t errn)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		snprintf(err, errn, "cannot open the programs directory %s", dir);
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (f == NULL) {
			snprintf(err, errn, "cannot read %s", path);
			rc = -1;
			break;
		}
		char *buf = NULL;
		size_t len = 0, cap = 0, got;
		do {
			if (cap - len < 4096)
				buf = xreallocarray(buf, cap = cap ? cap * 2 : 8192, 1);
			got = fread(buf + len, 1, cap - len, f);
			len += got;
		} while (got > 0 && len < (1u << 22));
		fclose(f);
		struct program *p;
		rc = program_parse(e->d_name, buf, len, &p, err, errn);
		free(buf);
		if (rc == 0 && (rc = add_program(p, err, errn)) != 0)
			program_free(p);
	}
	closedir(d);
	return rc;
}

int
programs_load(const char *dir, char *err, size_t errn)
{
	programs_unload();
	int rc = 0;
	if (dir != NULL) {
		rc = load_dir(dir, err, errn);
	} else {
		for (size_t i = 0; rc == 0 && i < embedded_count; i++) {
			const struct embedded_file *f = &embedded_files[i];
			if (strncmp(f->name, "programs/", 9) != 0)
				continue;
			struct program *p;
			rc = program_parse(f->name, (const char *)f->data, f->len, &p, err, errn);
			if (rc == 0 && (rc = add_program(p, err, errn)) != 0)
				program_free(p);
		}
	}
	if (rc == 0 && nprograms == 0) {
		snprintf(err, errn, "no program files found");
		rc = -1;
	}
	if (rc != 0)
		programs_unload();
	return rc;
}

void
programs_unload(void)
{
	for (size_t i = 0; i < nprograms; i++)
		program_free(programs[i]);
	nprograms = 0;
}

const struct program *
program_get(const char *id)
{
	for (size_t i = 0; id && i < nprograms; i++)
		if (strcmp(programs[i]->id, id) == 0)
			return programs[i];
	return NULL;
}

const struct program *
program_at(size_t i)
{
	return i < nprograms ? programs[i] : NULL;
}

int
program_state_index(const struct program *p, const char *state)
{
	for (int i = 0; state && i < p->nstates; i++)
		if (p->states[i].id && strcmp(p->states[i].id, state) == 0)
			return i;
	return -1;
}

const struct prog_transition *
program_transition(const struct program *p, const char *id)
{
	for (int i = 0; id && i < p->ntransitions; i++)
		if (strcmp(p->transitions[i].id, id) == 0)
			return &p->transitions[i];
	return NULL;
}

const char *
i18n_pick(const struct i18n *t, enum lang lang)
{
	return lang == LANG_FR ? t->fr : t->en;
}
