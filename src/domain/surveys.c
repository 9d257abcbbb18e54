/* surveys: invitations by token, single-use answers, and the results by channel, point of
 * service and program (see surveys.h). */
#include "domain/surveys.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/crypto.h"

#define DAY_US INT64_C(86400000000)

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

/* A token as crypto_token makes them: 43 URL-safe base64 characters. */
static bool
token_ok(const char *t)
{
	if (t == NULL || strlen(t) != 43)
		return false;
	return strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == 43;
}

enum st_rc
survey_invite(struct st_tx *tx, const struct principal *who, int64_t contact_id,
    int64_t case_id, const char *lang, const char *token, int64_t *id)
{
	char hash[65];
	crypto_token_hash(token, hash);
	int64_t now = time_now_us();
	struct st_param p[] = { SP_STR(hash), SP_OPTINT(contact_id > 0, contact_id),
		SP_OPTINT(case_id > 0, case_id), SP_STR(lang && strcmp(lang, "fr") == 0 ? "fr" : "en"),
		SP_INT(now), SP_INT(now + SURVEY_TTL_DAYS * DAY_US) };
	*id = 0;
	enum st_rc rc = st_exec(tx, Q_SURVEY_INSERT, p, 6, id_row, id, NULL);
	if (rc != ST_OK)
		return rc;
	json_t *payload = json_pack("{s:I,s:I}", "contact_id", (json_int_t)contact_id, "case_id",
	    (json_int_t)case_id);
	struct audit_event ev = { "survey", *id, case_id, "survey.invited", NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}

struct inv {
	int64_t id, expires_us, answered_us;
	bool fr, found;
};

static int
inv_row(void *ctx, const struct st_row *row)
{
	struct inv *v = ctx;
	v->found = true;
	v->id = st_i64(row, 0);
	v->fr = strcmp(st_text(row, 3), "fr") == 0;
	v->expires_us = st_i64(row, 4);
	v->answered_us = st_isnull(row, 5) ? 0 : st_i64(row, 5);
	return 1;
}

static enum st_rc
inv_load(struct st_tx *tx, const char *token, struct inv *v)
{
	memset(v, 0, sizeof(*v));
	if (!token_ok(token))
		return ST_NOTFOUND;
	char hash[65];
	crypto_token_hash(token, hash);
	struct st_param p[] = { SP_STR(hash) };
	enum st_rc rc = st_exec(tx, Q_SURVEY_BY_HASH, p, 1, inv_row, v, NULL);
	if (rc == ST_OK && !v->found)
		return ST_NOTFOUND;
	return rc;
}

enum st_rc
survey_find(struct st_tx *tx, const char *token, enum survey_state *state, const char **lang)
{
	struct inv v;
	enum st_rc rc = inv_load(tx, token, &v);
	if (rc != ST_OK)
		return rc;
	*lang = v.fr ? "fr" : "en";
	*state = v.answered_us ? SURVEY_ANSWERED : v.expires_us <= time_now_us() ? SURVEY_EXPIRED :
	    SURVEY_OPEN;
	return ST_OK;
}

enum st_rc
survey_respond(struct st_tx *tx, const char *token, const struct survey_answer *ans,
    struct dom_err *err)
{
	struct inv v;
	enum st_rc rc = inv_load(tx, token, &v);
	if (rc != ST_OK)
		return rc;
	if (ans->score < 1 || ans->score > 5)
		return dom_refuse(err, E_FIELD_RANGE, "score", NULL);
	if (ans->easy < 0 || ans->easy > 5)
		return dom_refuse(err, E_FIELD_RANGE, "easy", NULL);
	int64_t now = time_now_us(), n = 0;
	struct st_param mp[] = { SP_INT(v.id), SP_INT(now) };
	if ((rc = st_exec(tx, Q_SURVEY_MARK_ANSWERED, mp, 2, NULL, NULL, &n)) != ST_OK)
		return rc;
	if (n != 1)
		return dom_refuse(err, E_CONFLICT, NULL, NULL);
	const char *comment = ans->comment && *ans->comment ? ans->comment : NULL;
	struct st_param p[] = { SP_INT(v.id), SP_INT(ans->score), SP_OPTINT(ans->easy > 0, ans->easy),
		SP_OPTINT(ans->in_my_language >= 0, ans->in_my_language), SP_STR(comment), SP_INT(now) };
	if ((rc = st_exec(tx, Q_SURVEY_ANSWER_INSERT, p, 6, NULL, NULL, NULL)) != ST_OK)
		return rc;
	/* The comment stays out of the audit trail: it may hold what the client wrote about
	 * themselves. */
	json_t *payload = json_pack("{s:i,s:b}", "score", ans->score, "comment", comment != NULL);
	struct audit_event ev = { "survey", v.id, 0, "survey.answered", NULL, NULL, payload };
	rc = audit_append(tx, NULL, &ev, NULL);
	json_decref(payload);
	return rc;
}

/* ---- results ---- */

struct group {
	int64_t n, score_sum, easy_n, easy_sum, lang_n, lang_yes;
};

struct results_ctx {
	json_t *channel, *point, *program, *names, *comments;
	int64_t answers;
	int with_comments;
};

static void
group_add(json_t *map, const char *key, const struct st_row *row)
{
	json_t *g = json_object_get(map, key);
	if (g == NULL) {
		g = json_pack("[IIIIII]", (json_int_t)0, (json_int_t)0, (json_int_t)0, (json_int_t)0,
		    (json_int_t)0, (json_int_t)0);
		json_object_set_new(map, key, g);
	}
	int64_t v[6];
	for (int i = 0; i < 6; i++)
		v[i] = json_integer_value(json_array_get(g, (size_t)i));
	v[0]++;
	v[1] += st_i64(row, 5);
	if (!st_isnull(row, 6)) {
		v[2]++;
		v[3] += st_i64(row, 6);
	}
	if (!st_isnull(row, 7)) {
		v[4]++;
		v[5] += st_i64(row, 7);
	}
	for (int i = 0; i < 6; i++)
		json_array_set_new(g, (size_t)i, json_integer(v[i]));
}

static int
results_row(void *ctx, const struct st_row *row)
{
	struct results_ctx *c = ctx;
	c->answers++;
	const char *ch = st_text(row, 0);
	group_add(c->channel, *ch ? ch : "none", row);
	char pk[24];
	snprintf(pk, sizeof(pk), "%lld", (long long)st_i64(row, 1));
	group_add(c->point, pk, row);
	if (st_i64(row, 1) > 0 && json_object_get(c->names, pk) == NULL)
		json_object_set_new(c->names, pk, json_pack("{s:s,s:s}", "en", st_text(row, 2), "fr",
		    st_text(row, 3)));
	const char *prog = st_text(row, 4);
	group_add(c->program, *prog ? prog : "none", row);
	if (c->with_comments && !st_isnull(row, 8) &&
	    json_array_size(c->comments) < SURVEY_COMMENTS_SHOWN) {
		char d[11];
		date_format(date_of_us_local(st_i64(row, 9)), d);
		json_array_append_new(c->comments, json_pack("{s:s,s:I,s:s,s:s}", "date", d, "score",
		    (json_int_t)st_i64(row, 5), "channel", *ch ? ch : "none", "comment",
		    st_text(row, 8)));
	}
	return 0;
}

static json_t *
avg(int64_t sum, int64_t n, int pct)
{
	if (n == 0)
		return json_null();
	return json_real(round((pct ? 1000.0 : 10.0) * (double)sum / (double)n) / 10.0);
}

static json_t *
groups_json(json_t *map, json_t *names)
{
	json_t *out = json_array(), *g;
	const char *key;
	json_object_foreach(map, key, g) {
		int64_t v[6];
		for (int i = 0; i < 6; i++)
			v[i] = json_integer_value(json_array_get(g, (size_t)i));
		json_t *o = json_pack("{s:s,s:I,s:o,s:o,s:I,s:o,s:I}", "key", key, "answers",
		    (json_int_t)v[0], "score", avg(v[1], v[0], 0), "easy", avg(v[3], v[2], 0),
		    "easy_answers", (json_int_t)v[2], "in_language_pct", avg(v[5], v[4], 1),
		    "language_answers", (json_int_t)v[4]);
		json_t *nm = names ? json_object_get(names, key) : NULL;
		if (nm) {
			json_object_set(o, "name_en", json_object_get(nm, "en"));
			json_object_set(o, "name_fr", json_object_get(nm, "fr"));
		}
		json_array_append_new(out, o);
	}
	return out;
}

enum st_rc
survey_results(struct st_tx *tx, const struct contact_filter *f, int with_comments, json_t **out)
{
	struct results_ctx c = { json_object(), json_object(), json_object(), json_object(),
		json_array(), 0, with_comments };
	const char *ch = f->channel >= 0 && f->channel < CH__COUNT ? contact_channels[f->channel] : "";
	struct st_param p[] = { SP_INT(date_start_us_local(f->from)),
		SP_INT(date_start_us_local(f->to + 1)), SP_INT(f->point_id), SP_STR(ch) };
	enum st_rc rc = st_exec(tx, Q_SURVEY_RESULTS, p, 4, results_row, &c, NULL);
	/* Groups come in the order first met (newest answer first); pages order them. */
	*out = json_pack("{s:I,s:o,s:o,s:o}", "answers", (json_int_t)c.answers, "by_channel",
	    groups_json(c.channel, NULL), "by_point", groups_json(c.point, c.names), "by_program",
	    groups_json(c.program, NULL));
	if (with_comments)
		json_object_set(*out, "comments", c.comments);
	json_decref(c.channel);
	json_decref(c.point);
	json_decref(c.program);
	json_decref(c.names);
	json_decref(c.comments);
	return rc;
}
