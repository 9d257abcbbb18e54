/* certs: issuing, reading, suspending, reinstating, revoking, renewing and publishing
 * certificates; the credential document and its JSON-LD context; the public register. */
#include "domain/certs.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/issuer.h"
#include "domain/signkeys.h"
#include "domain/statuslists.h"
#include "domain/trades.h"
#include "text/text.h"
#include "vc/proof.h"

static const char *const kind_names[] = { "apprenticeship", "qualification" };

const char *
cert_kind_name(enum cert_kind k)
{
	return kind_names[k];
}

const char *
cert_status_now(const struct cert_rec *c, int32_t today)
{
	if (strcmp(c->status, "valid") != 0)
		return c->status;
	int32_t exp;
	if (c->expires_on && date_parse(c->expires_on, &exp) == 0 && exp < today)
		return "expired";
	return "valid";
}

static int
is_staff(const struct principal *who)
{
	return who != NULL && (RB(who->role) & ROLES_STAFF) != 0;
}

static int
is_holder(const struct principal *who, const struct cert_rec *c)
{
	return who != NULL && who->role == ROLE_CLIENT && who->person_id != 0 &&
	    who->person_id == c->person_id;
}

int
certs_may_download(const struct principal *who, const struct cert_rec *c)
{
	return c->is_public || is_holder(who, c) || is_staff(who);
}

/* ---- rows ---- */

static const char *
opt_text(struct arena *a, const struct st_row *row, int col)
{
	return st_isnull(row, col) ? NULL : arena_strdup(a, st_text(row, col));
}

struct rec_ctx {
	struct arena *a;
	struct cert_rec *one;   /* fills this when set */
	json_t *items;          /* else appends certs_json */
	enum lang lang;
	int n;
	int64_t last;
};

static void
rec_fill(struct arena *a, const struct st_row *row, struct cert_rec *c)
{
	c->id = st_i64(row, 0);
	c->public_id = arena_strdup(a, st_text(row, 1));
	c->number = arena_strdup(a, st_text(row, 2));
	c->kind = arena_strdup(a, st_text(row, 3));
	c->person_id = st_i64(row, 4);
	c->trade_code = arena_strdup(a, st_text(row, 5));
	c->red_seal = (int)st_i64(row, 6);
	c->issued_on = arena_strdup(a, st_text(row, 7));
	c->expires_on = opt_text(a, row, 8);
	c->status = arena_strdup(a, st_text(row, 9));
	c->status_reason = opt_text(a, row, 10);
	c->list_no = st_i64(row, 11);
	c->status_index = st_i64(row, 12);
	c->case_id = st_isnull(row, 13) ? 0 : st_i64(row, 13);
	c->source_ref = opt_text(a, row, 14);
	c->is_public = (int)st_i64(row, 15);
	c->credential = arena_strdup(a, st_text(row, 16));
	c->issued_us = st_i64(row, 17);
	c->updated_us = st_i64(row, 18);
	c->version = st_i64(row, 19);
	c->given_name = arena_strdup(a, st_text(row, 20));
	c->family_name = arena_strdup(a, st_text(row, 21));
	c->provisional = (int)st_i64(row, 22);
	c->renewals = (int)st_i64(row, 23);
}

static int
rec_row(void *ctx, const struct st_row *row)
{
	struct rec_ctx *r = ctx;
	if (r->one) {
		rec_fill(r->a, row, r->one);
		r->n = 1;
		return 1;
	}
	struct cert_rec c;
	rec_fill(r->a, row, &c);
	json_array_append_new(r->items, certs_json(r->a, &c, r->lang));
	r->n++;
	r->last = c.id;
	return 0;
}

static enum st_rc
load_one(struct st_tx *tx, struct arena *a, enum st_query q, const struct st_param *p, size_t n,
    struct cert_rec *out)
{
	struct rec_ctx r = { .a = a, .one = out };
	enum st_rc rc = st_exec(tx, q, p, n, rec_row, &r, NULL);
	if (rc == ST_OK && r.n == 0)
		rc = ST_NOTFOUND;
	return rc;
}

enum st_rc
certs_by_public_id(struct st_tx *tx, struct arena *a, const char *public_id, struct cert_rec *out)
{
	struct st_param p[] = { SP_STR(public_id) };
	return load_one(tx, a, Q_CERT_BY_PUBLIC, p, 1, out);
}

enum st_rc
certs_by_number(struct st_tx *tx, struct arena *a, const char *number, struct cert_rec *out)
{
	struct st_param p[] = { SP_STR(number) };
	return load_one(tx, a, Q_CERT_BY_NUMBER, p, 1, out);
}

enum st_rc
certs_load(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    struct cert_rec *out)
{
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc = load_one(tx, a, Q_CERT_BY_ID, p, 1, out);
	if (rc == ST_OK && !is_staff(who) && !is_holder(who, out))
		rc = ST_NOTFOUND;
	return rc;
}

int
cert_trade_allows_provisional(const struct trade *t)
{
	return t != NULL && t->compulsory;
}

/* Whether c may be renewed on day today: it expires, is not revoked, is within its window,
 * and (provisional) has renewals left. */
static int
cert_renewable(const struct cert_rec *c, int32_t today)
{
	int32_t exp;
	if (c->expires_on == NULL || date_parse(c->expires_on, &exp) != 0 ||
	    strcmp(c->status, "revoked") == 0)
		return 0;
	if (c->provisional)
		return c->renewals < CERT_PROVISIONAL_RENEWALS &&
		    today >= exp - CERT_PROVISIONAL_WINDOW_DAYS;
	return today >= exp - CERT_RENEW_WINDOW_DAYS;
}

json_t *
certs_json(struct arena *a, const struct cert_rec *c, enum lang lang)
{
	const struct trade *t = trades_find(c->trade_code);
	int32_t today = date_of_us_local(time_now_us());
	char issued[32], updated[32];
	time_format_us(c->issued_us, issued);
	time_format_us(c->updated_us, updated);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:b, s:s, s:s?, s:s, s:s,"
	    " s:s?, s:b, s:s, s:s, s:I, s:s, s:s}",
	    "id", (json_int_t)c->id, "public_id", c->public_id, "number", c->number,
	    "kind", c->kind, "person_id", (json_int_t)c->person_id,
	    "given_name", c->given_name, "family_name", c->family_name,
	    "trade_code", c->trade_code, "red_seal", c->red_seal,
	    "issued_on", c->issued_on, "expires_on", c->expires_on,
	    "status", c->status, "status_now", cert_status_now(c, today),
	    "status_reason", c->status_reason, "public", c->is_public,
	    "issued", issued, "updated", updated, "version", (json_int_t)c->version,
	    "verify_url", arena_printf(a, "%s/v/%s", issuer_base(), c->public_id),
	    "credential_url", arena_printf(a, "%s/api/v1/credentials/%s", issuer_base(), c->public_id));
	if (t)
		json_object_set_new(o, "trade_name", json_string(lang == LANG_FR ? t->name_fr : t->name_en));
	json_object_set_new(o, "provisional", json_boolean(c->provisional));
	if (c->expires_on)
		json_object_set_new(o, "renewable", json_boolean(cert_renewable(c, today)));
	return o;
}

/* ---- the credential document ---- */

static json_t *
lang_map(const char *en, const char *fr)
{
	return json_pack("[{s:s, s:s}, {s:s, s:s}]", "@value", en, "@language", "en",
	    "@value", fr, "@language", "fr");
}

static const char *const kind_type[] = { "CertificateOfApprenticeship", "CertificateOfQualification" };
static const char *const kind_en[] = { "Certificate of Apprenticeship", "Certificate of Qualification" };
static const char *const kind_fr[] = { "Certificat d’apprentissage", "Certificat de qualification" };

static char agency_en[160] = "passerelle", agency_fr[160] = "passerelle";

void
certs_configure(const char *name_en, const char *name_fr)
{
	snprintf(agency_en, sizeof(agency_en), "%s", name_en);
	snprintf(agency_fr, sizeof(agency_fr), "%s", name_fr);
}

/* Builds the unsigned credential of c (id, kind, names, trade, dates, status entries). */
static json_t *
credential_build(struct arena *a, const struct cert_rec *c, int64_t valid_from_us)
{
	const struct trade *t = trades_find(c->trade_code);
	enum cert_kind k = strcmp(c->kind, "qualification") == 0 ? CERT_QUALIFICATION : CERT_APPRENTICESHIP;
	char from[32];
	time_format_us(valid_from_us, from);
	json_t *cert = json_pack("{s:s, s:s, s:o, s:s, s:s}",
	    "type", kind_type[k], "certificateNumber", c->number,
	    "trade", lang_map(t->name_en, t->name_fr), "tradeCode", c->trade_code,
	    "jurisdiction", "CA-ON");
	if (c->provisional)
		json_object_set_new(cert, "provisional", json_true());
	if (c->red_seal)
		json_object_set_new(cert, "endorsement", json_pack("{s:s, s:o}",
		    "type", "RedSealEndorsement", "name",
		    lang_map("Red Seal endorsement", "Sceau rouge")));
	json_t *status = json_array();
	for (int p = 0; p < 2; p++) {
		const char *url = statuslists_url(a, (enum sl_purpose)p, c->list_no);
		char idx[24];
		snprintf(idx, sizeof(idx), "%lld", (long long)c->status_index);
		json_array_append_new(status, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		    "id", arena_printf(a, "%s#%s", url, idx), "type", "BitstringStatusListEntry",
		    "statusPurpose", statuslists_purpose_name((enum sl_purpose)p),
		    "statusListIndex", idx, "statusListCredential", url));
	}
	json_t *doc = json_pack("{s:[s, s], s:s, s:[s, s], s:o, s:{s:s, s:o}, s:s}",
	    "@context", "https://www.w3.org/ns/credentials/v2", issuer_context(),
	    "id", arena_printf(a, "%s/api/v1/credentials/%s", issuer_base(), c->public_id),
	    "type", "VerifiableCredential", "TradeCertificateCredential",
	    "name", lang_map(arena_printf(a, "%s%s – %s", c->provisional ? "Provisional " : "",
	        kind_en[k], t->name_en), arena_printf(a, "%s%s – %s", kind_fr[k],
	        c->provisional ? " provisoire" : "", t->name_fr)),
	    "issuer", "id", issuer_did(), "name", lang_map(agency_en, agency_fr),
	    "validFrom", from);
	if (c->expires_on)
		json_object_set_new(doc, "validUntil", json_string(arena_printf(a, "%sT23:59:59Z",
		    c->expires_on)));
	json_object_set_new(doc, "credentialSubject", json_pack("{s:s, s:s, s:s, s:o}",
	    "type", "TradePerson", "givenName", c->given_name, "familyName", c->family_name,
	    "certificate", cert));
	json_object_set_new(doc, "credentialStatus", status);
	return doc;
}

/* Signs doc with the active key; *out (arena) is the compact signed text. */
static enum st_rc
sign_doc(struct st_tx *tx, struct arena *a, json_t *doc, int64_t now_us, const char **out,
    struct dom_err *err)
{
	const char *vm = NULL;
	uint8_t sk[64];
	enum st_rc rc = signkeys_active(tx, a, &vm, sk);
	if (rc == ST_NOTFOUND)
		return dom_refuse(err, E_CERT_NO_KEY, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	char created[32];
	time_format_us(now_us, created);
	int bad = proof_sign(doc, vm, created, sk);
	sodium_memzero(sk, sizeof(sk));
	if (bad)
		return ST_ERROR;
	char *s = json_dumps(doc, JSON_COMPACT);
	if (s == NULL)
		return ST_ERROR;
	*out = arena_strdup(a, s);
	free(s);
	return ST_OK;
}

/* base32 (RFC 4648 alphabet, lower case, no padding) of 13 random bytes: 21 characters. */
static const char *
new_public_id(struct arena *a)
{
	static const char alpha[] = "abcdefghijklmnopqrstuvwxyz234567";
	uint8_t raw[13];
	randombytes_buf(raw, sizeof(raw));
	char *s = arena_alloc(a, 22);
	unsigned acc = 0, bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < sizeof(raw); i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 5) {
			s[o++] = alpha[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		s[o++] = alpha[(acc << (5 - bits)) & 31];
	s[o] = '\0';
	return s;
}

static enum st_rc
audit_cert(struct st_tx *tx, const struct principal *who, const struct cert_rec *c,
    const char *type, json_t *payload)
{
	json_object_set_new(payload, "number", json_string(c->number));
	struct audit_event ev = { "certificate", c->id, c->case_id, type, NULL, NULL, payload };
	enum st_rc rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}

static int32_t
plus_one_year(int32_t day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	return date_from_ymd(y + 1, m, d);
}

/* Re-signs c (fields already changed in memory) and stores it, keeping the previous document. */
static enum st_rc
reissue(struct st_tx *tx, struct arena *a, struct cert_rec *c, const char *source_ref,
    int64_t now_us, struct dom_err *err)
{
	json_t *doc = credential_build(a, c, now_us);
	const char *signed_text = NULL;
	enum st_rc rc = sign_doc(tx, a, doc, now_us, &signed_text, err);
	json_decref(doc);
	if (rc != ST_OK)
		return rc;
	struct st_param vp[] = { SP_INT(c->id), SP_STR(c->credential), SP_INT(now_us) };
	if ((rc = st_exec(tx, Q_CERT_VERSION_INSERT, vp, 3, NULL, NULL, NULL)) != ST_OK)
		return rc;
	struct st_param up[] = { SP_INT(c->id), SP_INT(c->red_seal), SP_STR(c->expires_on),
		SP_STR(signed_text), SP_INT(now_us), SP_STR(source_ref), SP_INT(c->provisional),
		SP_INT(c->renewals), SP_STR(c->issued_on) };
	if ((rc = st_exec(tx, Q_CERT_REISSUE, up, 9, NULL, NULL, NULL)) != ST_OK)
		return rc;
	c->credential = signed_text;
	c->version++;
	c->updated_us = now_us;
	return ST_OK;
}

struct names_ctx {
	struct arena *a;
	const char *given, *family;
};

static int
names_row(void *ctx, const struct st_row *row)
{
	struct names_ctx *n = ctx;
	n->given = arena_strdup(n->a, st_text(row, 0));
	n->family = arena_strdup(n->a, st_text(row, 1));
	return 1;
}

enum st_rc
certs_issue(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct cert_issue_in *in, int64_t *cert_id, struct dom_err *err)
{
	const struct trade *t = trades_find(in->trade_code);
	if (t == NULL)
		return dom_refuse(err, E_REFERENCE, "trade_code", NULL);
	int red_seal = in->kind == CERT_QUALIFICATION && in->red_seal && t->red_seal;
	int provisional = in->kind == CERT_QUALIFICATION && in->provisional;
	if (provisional && (red_seal || !cert_trade_allows_provisional(t)))
		return dom_refuse(err, E_CERT_EXISTS, NULL, NULL);
	int64_t now = time_now_us();
	int32_t today = date_of_us_local(now);
	char day[11];
	/* No key, no certificate: said before anything is allocated or written. */
	const char *vm = NULL;
	uint8_t sk[64];
	enum st_rc krc = signkeys_active(tx, a, &vm, sk);
	sodium_memzero(sk, sizeof(sk));
	if (krc == ST_NOTFOUND)
		return dom_refuse(err, E_CERT_NO_KEY, NULL, NULL);
	if (krc != ST_OK)
		return krc;
	struct cert_rec existing;
	struct st_param fp[] = { SP_INT(in->person_id), SP_STR(in->trade_code),
		SP_STR(kind_names[in->kind]) };
	enum st_rc rc = load_one(tx, a, Q_CERT_FIND, fp, 3, &existing);
	if (rc == ST_OK && existing.provisional && !provisional &&
	    strcmp(existing.status, "revoked") != 0) {
		/* The exam passed: the provisional certificate becomes the certificate of
		 * qualification, from today, under the same number and public id. */
		existing.provisional = 0;
		existing.renewals = 0;
		existing.red_seal = red_seal;
		date_format(today, day);
		existing.issued_on = arena_strdup(a, day);
		existing.expires_on = NULL;
		if (t->compulsory) {
			date_format(plus_one_year(today) - 1, day);
			existing.expires_on = arena_strdup(a, day);
		}
		if ((rc = reissue(tx, a, &existing, in->source_ref, now, err)) != ST_OK)
			return rc;
		if (cert_id)
			*cert_id = existing.id;
		return audit_cert(tx, who, &existing, "certificate.qualified",
		    json_pack("{s:b, s:s?, s:s?}", "red_seal", red_seal, "expires_on", existing.expires_on,
		    "source", in->source_ref));
	}
	if (rc == ST_OK) {
		if (!red_seal || existing.red_seal || existing.provisional ||
		    strcmp(existing.status, "revoked") == 0)
			return dom_refuse(err, E_CERT_EXISTS, NULL, NULL);
		existing.red_seal = 1;
		if ((rc = reissue(tx, a, &existing, in->source_ref, now, err)) != ST_OK)
			return rc;
		if (cert_id)
			*cert_id = existing.id;
		return audit_cert(tx, who, &existing, "certificate.endorsed",
		    json_pack("{s:s, s:s?}", "endorsement", "red_seal", "source", in->source_ref));
	}
	if (rc != ST_NOTFOUND)
		return rc;

	struct cert_rec c = { 0 };
	c.kind = kind_names[in->kind];
	c.person_id = in->person_id;
	c.trade_code = t->code;
	c.red_seal = red_seal;
	c.case_id = in->case_id;
	c.source_ref = in->source_ref;
	c.status = "valid";
	c.public_id = new_public_id(a);
	struct names_ctx nm = { a, NULL, NULL };
	struct st_param pp[] = { SP_INT(in->person_id) };
	if ((rc = st_exec(tx, Q_CERT_PERSON_NAMES, pp, 1, names_row, &nm, NULL)) != ST_OK)
		return rc;
	if (nm.given == NULL)
		return dom_refuse(err, E_REFERENCE, "person_id", NULL);
	c.given_name = nm.given;
	c.family_name = nm.family;
	c.provisional = provisional;
	date_format(today, day);
	c.issued_on = arena_strdup(a, day);
	if (provisional) {
		date_format(today + CERT_PROVISIONAL_DAYS - 1, day);
		c.expires_on = arena_strdup(a, day);
	} else if (in->kind == CERT_QUALIFICATION && t->compulsory) {
		date_format(plus_one_year(today) - 1, day);
		c.expires_on = arena_strdup(a, day);
	}
	/* Number: CQ-309A-000123 (CA- for apprenticeship), one sequence per kind. */
	char counter[24];
	snprintf(counter, sizeof(counter), "certno-%s", kind_names[in->kind]);
	int64_t seq = 0;
	struct st_param np[] = { SP_STR(counter) };
	rc = st_one_i64(tx, Q_COUNTER_NEXT, np, 1, &seq);
	if (rc == ST_NOTFOUND)
		rc = st_one_i64(tx, Q_COUNTER_INIT, np, 1, &seq);
	if (rc != ST_OK)
		return rc;
	c.number = arena_printf(a, "%s-%s-%06lld", in->kind == CERT_QUALIFICATION ? "CQ" : "CA",
	    t->code, (long long)seq);
	if ((rc = statuslists_allocate(tx, a, now, &c.list_no, &c.status_index)) != ST_OK)
		return rc;
	json_t *doc = credential_build(a, &c, now);
	const char *signed_text = NULL;
	rc = sign_doc(tx, a, doc, now, &signed_text, err);
	json_decref(doc);
	if (rc != ST_OK)
		return rc;
	struct st_param ip[] = { SP_STR(c.public_id), SP_STR(c.number), SP_STR(c.kind),
		SP_INT(c.person_id), SP_STR(c.trade_code), SP_INT(c.red_seal), SP_STR(c.issued_on),
		SP_STR(c.expires_on), SP_INT(c.list_no), SP_INT(c.status_index),
		SP_OPTINT(c.case_id != 0, c.case_id), SP_STR(c.source_ref), SP_STR(signed_text),
		SP_INT(now), SP_INT(c.provisional) };
	if ((rc = st_one_i64(tx, Q_CERT_INSERT, ip, 15, &c.id)) != ST_OK)
		return rc;
	if (cert_id)
		*cert_id = c.id;
	return audit_cert(tx, who, &c, "certificate.issued", json_pack("{s:s, s:s, s:b, s:b, s:s?, s:s?}",
	    "kind", c.kind, "trade_code", c.trade_code, "red_seal", c.red_seal,
	    "provisional", c.provisional, "expires_on", c.expires_on, "source", c.source_ref));
}

/* ---- reads ---- */

static enum st_rc
person_certs(struct st_tx *tx, struct arena *a, int64_t person_id, enum lang lang, json_t **out)
{
	struct rec_ctx r = { .a = a, .items = json_array(), .lang = lang };
	struct st_param p[] = { SP_INT(person_id) };
	enum st_rc rc = st_exec(tx, Q_CERT_OF_PERSON, p, 1, rec_row, &r, NULL);
	if (rc != ST_OK) {
		json_decref(r.items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", r.items);
	return ST_OK;
}

enum st_rc
certs_mine(struct st_tx *tx, struct arena *a, const struct principal *who, enum lang lang,
    json_t **out)
{
	if (who == NULL || who->person_id == 0) {
		*out = json_pack("{s:[]}", "items");
		return ST_OK;
	}
	return person_certs(tx, a, who->person_id, lang, out);
}

enum st_rc
certs_of_person(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t person_id,
    enum lang lang, json_t **out)
{
	if (!is_staff(who))
		return ST_NOTFOUND;
	return person_certs(tx, a, person_id, lang, out);
}

enum st_rc
certs_list(struct st_tx *tx, struct arena *a, const struct cert_filter *f, enum lang lang,
    json_t **out, int64_t *next)
{
	struct rec_ctx r = { .a = a, .items = json_array(), .lang = lang };
	const char *due = f->due_before ? f->due_before : "";
	struct st_param p[] = { SP_INT(f->after), SP_STR(f->status ? f->status : ""),
		SP_STR(f->trade_code ? f->trade_code : ""), SP_INT(*due != '\0'), SP_STR(due),
		SP_INT(f->limit) };
	enum st_rc rc = st_exec(tx, Q_CERT_LIST, p, 6, rec_row, &r, NULL);
	if (rc != ST_OK) {
		json_decref(r.items);
		return rc;
	}
	*next = r.n == f->limit ? r.last : 0;
	*out = r.items;
	return ST_OK;
}

/* ---- changes ---- */

static int
may_certify(const struct principal *who)
{
	return who != NULL && (who->role == ROLE_EXAM_ADMIN || who->role == ROLE_ADMIN);
}

enum st_rc
certs_set_status(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    enum cert_action act, const char *reason, int64_t expect_version, enum lang lang,
    json_t **out, struct dom_err *err)
{
	struct cert_rec c;
	enum st_rc rc = certs_load(tx, a, who, id, &c);
	if (rc != ST_OK)
		return rc;
	if (!may_certify(who))
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	if (expect_version && expect_version != c.version)
		return dom_refuse(err, E_VERSION, "version", NULL);
	static const char *const from_ok[] = { "valid", "suspended", NULL };
	const char *to;
	int ok;
	switch (act) {
	case CERT_SUSPEND:
		ok = strcmp(c.status, "valid") == 0;
		to = "suspended";
		break;
	case CERT_REINSTATE:
		ok = strcmp(c.status, "suspended") == 0;
		to = "valid";
		break;
	default:
		ok = strcmp(c.status, from_ok[0]) == 0 || strcmp(c.status, from_ok[1]) == 0;
		to = "revoked";
		break;
	}
	if (!ok)
		return dom_refuse(err, E_CERT_STATUS, NULL, NULL);
	int64_t now = time_now_us();
	struct st_param sp[] = { SP_INT(c.id), SP_STR(to), SP_STR(reason), SP_INT(now),
		SP_INT(c.version) };
	int64_t changed = 0;
	if ((rc = st_exec(tx, Q_CERT_SET_STATUS, sp, 5, NULL, NULL, &changed)) != ST_OK)
		return rc;
	if (changed != 1)
		return dom_refuse(err, E_VERSION, NULL, NULL);
	/* The lists say what the status says: suspension bit while suspended; revocation bit,
	 * suspension cleared, once revoked. */
	if (act == CERT_SUSPEND || act == CERT_REINSTATE || strcmp(c.status, "suspended") == 0)
		rc = statuslists_set(tx, a, SL_SUSPENSION, c.list_no, c.status_index,
		    act == CERT_SUSPEND, now);
	if (rc == ST_OK && act == CERT_REVOKE)
		rc = statuslists_set(tx, a, SL_REVOCATION, c.list_no, c.status_index, 1, now);
	if (rc != ST_OK)
		return rc;
	static const char *const types[] = { "certificate.suspended", "certificate.reinstated",
		"certificate.revoked" };
	if ((rc = audit_cert(tx, who, &c, types[act], json_pack("{s:s, s:s, s:s}", "from", c.status,
	    "to", to, "reason", reason))) != ST_OK)
		return rc;
	if ((rc = certs_load(tx, a, who, id, &c)) != ST_OK)
		return rc;
	*out = certs_json(a, &c, lang);
	return ST_OK;
}

enum st_rc
certs_renew(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    enum lang lang, json_t **out, struct dom_err *err)
{
	struct cert_rec c;
	enum st_rc rc = certs_load(tx, a, who, id, &c);
	if (rc != ST_OK)
		return rc;
	if (!is_holder(who, &c) && !may_certify(who))
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	int64_t now = time_now_us();
	int32_t today = date_of_us_local(now), exp;
	if (!cert_renewable(&c, today) || date_parse(c.expires_on, &exp) != 0)
		return dom_refuse(err, E_CERT_RENEWAL, NULL, NULL);
	/* A year (provisional: 90 days) from the old expiry, or from today when it has lapsed. */
	int32_t from = exp >= today ? exp + 1 : today;
	char day[11];
	date_format(c.provisional ? from + CERT_PROVISIONAL_DAYS - 1 : plus_one_year(from) - 1, day);
	c.renewals += c.provisional;
	const char *old = c.expires_on;
	c.expires_on = arena_strdup(a, day);
	if ((rc = reissue(tx, a, &c, NULL, now, err)) != ST_OK)
		return rc;
	if ((rc = audit_cert(tx, who, &c, "certificate.renewed", json_pack("{s:s, s:s}",
	    "expires_before", old, "expires_on", c.expires_on))) != ST_OK)
		return rc;
	if ((rc = certs_load(tx, a, who, id, &c)) != ST_OK)
		return rc;
	*out = certs_json(a, &c, lang);
	return ST_OK;
}

enum st_rc
certs_set_public(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    int on, enum lang lang, json_t **out, struct dom_err *err)
{
	struct cert_rec c;
	enum st_rc rc = certs_load(tx, a, who, id, &c);
	if (rc != ST_OK)
		return rc;
	if (!is_holder(who, &c))
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	int64_t now = time_now_us();
	struct st_param p[] = { SP_INT(c.id), SP_INT(on != 0), SP_INT(now) };
	if ((rc = st_exec(tx, Q_CERT_SET_PUBLIC, p, 3, NULL, NULL, NULL)) != ST_OK)
		return rc;
	if ((rc = audit_cert(tx, who, &c, "certificate.visibility", json_pack("{s:b, s:b}",
	    "before", c.is_public, "after", on != 0))) != ST_OK)
		return rc;
	if ((rc = certs_load(tx, a, who, id, &c)) != ST_OK)
		return rc;
	*out = certs_json(a, &c, lang);
	return ST_OK;
}

/* ---- the public register ---- */

#define REGISTER_MAX 50

struct reg_ctx {
	json_t *items;
	enum lang lang;
	int32_t today;
};

static int
reg_row(void *ctx, const struct st_row *row)
{
	struct reg_ctx *r = ctx;
	struct cert_rec c = { .status = st_text(row, 2),
		.expires_on = st_isnull(row, 3) ? NULL : st_text(row, 3) };
	const struct trade *t = trades_find(st_text(row, 1));
	json_array_append_new(r->items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}",
	    "given_name", st_text(row, 5), "family_name", st_text(row, 6),
	    "trade_code", st_text(row, 1),
	    "trade_name", t ? (r->lang == LANG_FR ? t->name_fr : t->name_en) : st_text(row, 1),
	    "number", st_text(row, 0), "red_seal", (int)st_i64(row, 4)));
	json_object_set_new(json_array_get(r->items, json_array_size(r->items) - 1), "status",
	    json_string(cert_status_now(&c, r->today)));
	return 0;
}

enum st_rc
certs_register(struct st_tx *tx, struct arena *a, const char *name, const char *trade,
    const char *number, enum lang lang, json_t **out, struct dom_err *err)
{
	const char *pattern = "";
	if (number && *number) {
		name = NULL;
	} else {
		const char *key = name ? text_search_key(a, name) : NULL;
		size_t letters = 0;
		for (const char *p = key; p && *p; p++)
			letters += *p != ' ';
		if (key == NULL || letters < 2)
			return dom_refuse(err, E_REGISTER_QUERY, "name", NULL);
		pattern = arena_printf(a, "%%%s%%", key);
	}
	if (trade && *trade && trades_find(trade) == NULL)
		return dom_refuse(err, E_REFERENCE, "trade", NULL);
	struct reg_ctx r = { json_array(), lang, date_of_us_local(time_now_us()) };
	char upper[40] = "";
	if (number && *number) {
		size_t i = 0;
		for (; number[i] && i < sizeof(upper) - 1; i++)
			upper[i] = (number[i] >= 'a' && number[i] <= 'z') ? (char)(number[i] - 32) : number[i];
		upper[i] = '\0';
	}
	struct st_param p[] = { SP_STR(pattern), SP_STR(trade ? trade : ""), SP_STR(upper),
		SP_INT(REGISTER_MAX + 1) };
	enum st_rc rc = st_exec(tx, Q_CERT_REGISTER, p, 4, reg_row, &r, NULL);
	if (rc != ST_OK) {
		json_decref(r.items);
		return rc;
	}
	int more = json_array_size(r.items) > REGISTER_MAX;
	if (more)
		json_array_remove(r.items, REGISTER_MAX);
	*out = json_pack("{s:o, s:b}", "items", r.items, "more", more);
	return ST_OK;
}

/* ---- the JSON-LD context ---- */

json_t *
certs_context_document(void)
{
	const char *b = issuer_context();
	static const char *const terms[] = { "TradeCertificateCredential", "TradePerson",
		"CertificateOfQualification", "CertificateOfApprenticeship", "RedSealEndorsement",
		"certificate", "certificateNumber", "trade", "tradeCode", "jurisdiction",
		"endorsement", "provisional", NULL };
	json_t *ctx = json_pack("{s:f, s:b, s:s, s:s}", "@version", 1.1, "@protected", 1,
	    "givenName", "https://schema.org/givenName", "familyName", "https://schema.org/familyName");
	char iri[400];
	for (int i = 0; terms[i]; i++) {
		snprintf(iri, sizeof(iri), "%s#%s", b, terms[i]);
		json_object_set_new(ctx, terms[i], json_string(iri));
	}
	return json_pack("{s:o}", "@context", ctx);
}
