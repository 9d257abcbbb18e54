/* Certificates and their verifiable credentials (issue 5):
 *   public documents a verifier needs — GET /.well-known/did.json (the issuer's DID document),
 *   GET /contexts/trade-credential/v1 (the JSON-LD context), GET /status/{purpose}/{n} (the
 *   signed status lists), GET /api/v1/credentials/{public_id} (the signed credential,
 *   application/vc: the holder, staff, or anyone once the holder made it public) and
 *   GET /api/v1/credentials/{public_id}/pdf (the printable certificate, same access);
 *   the register — GET /api/v1/register (rate-limited per address);
 *   certificates — GET /api/v1/certificates (staff), GET /api/v1/certificates/{id},
 *   GET /api/v1/me/certificates, GET /api/v1/persons/{id}/certificates,
 *   POST /api/v1/certificates/{id}/{suspend,reinstate,revoke,renew}, PUT …/{id}/public. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/timeutil.h"
#include "domain/certs.h"
#include "domain/issuer.h"
#include "domain/signkeys.h"
#include "domain/statuslists.h"
#include "domain/trades.h"
#include "http/ratelimit.h"
#include "json/jspec.h"
#include "pdf/cert_pdf.h"
#include "vc/offline.h"
#include "web/web.h"

/* ---- public documents ---- */

struct doc_ctx {
	struct api_op op;
	enum sl_purpose purpose;
	int64_t list_no;
	const char *public_id;
	const char *text;
	struct cert_rec cert;
};

static enum st_rc
did_tx(struct st_tx *tx, void *v)
{
	struct doc_ctx *c = v;
	api_op_reset(&c->op);
	return signkeys_did_document(tx, &c->op.out);
}

int
h_did_document(struct req *r)
{
	struct doc_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	enum st_rc rc = st_read(r->store, did_tx, c);
	if (rc != ST_OK) {
		api_reply_failure(r, rc, &c->op.err);
		return 0;
	}
	char *s = json_dumps(c->op.out, JSON_COMPACT);
	json_decref(c->op.out);
	reply_header(r, "Cache-Control", "public, max-age=300");
	reply_raw(r, 200, "application/did+json", s, strlen(s));
	free(s);
	return 0;
}

int
h_vc_context(struct req *r)
{
	json_t *doc = certs_context_document();
	char *s = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	/* The context never changes under this URL (a new version gets a new URL). */
	reply_header(r, "Cache-Control", "public, max-age=86400");
	reply_raw(r, 200, "application/ld+json", s, strlen(s));
	free(s);
	return 0;
}

static enum st_rc
status_tx(struct st_tx *tx, void *v)
{
	struct doc_ctx *c = v;
	int64_t updated = 0;
	return statuslists_credential(tx, c->op.a, c->purpose, c->list_no, &c->text, &updated);
}

int
h_status_list(struct req *r)
{
	struct doc_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	int p = statuslists_purpose_parse(r->args[0]);
	if (p < 0 || api_arg_id(r, 1, &c->list_no) != 0) {
		if (p < 0)
			reply_error(r, E_ROUTE_NOT_FOUND, NULL, NULL);
		return 0;
	}
	c->purpose = (enum sl_purpose)p;
	enum st_rc rc = st_read(r->store, status_tx, c);
	if (rc != ST_OK) {
		api_reply_failure(r, rc, &c->op.err);
		return 0;
	}
	char cc[48];
	snprintf(cc, sizeof(cc), "public, max-age=%d", STATUSLIST_TTL_MS / 1000);
	reply_header(r, "Cache-Control", cc);
	reply_raw(r, 200, "application/vc", c->text, strlen(c->text));
	return 0;
}

static enum st_rc
cred_tx(struct st_tx *tx, void *v)
{
	struct doc_ctx *c = v;
	return certs_by_public_id(tx, c->op.a, c->public_id, &c->cert);
}

/* Loads the certificate of the {public_id} argument and checks the caller may download it;
 * replies 404 (never 403: a private certificate is not revealed) and returns -1 otherwise. */
static int
load_downloadable(struct req *r, struct doc_ctx *c)
{
	api_op_init(&c->op, r, 200);
	c->public_id = r->args[0];
	enum st_rc rc = strlen(c->public_id) > 40 ? ST_NOTFOUND : st_read(r->store, cred_tx, c);
	if (rc == ST_OK && !certs_may_download(r->who, &c->cert))
		rc = ST_NOTFOUND;
	if (rc != ST_OK) {
		api_reply_failure(r, rc, &c->op.err);
		return -1;
	}
	return 0;
}

int
h_credential_get(struct req *r)
{
	struct doc_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (load_downloadable(r, c) != 0)
		return 0;
	reply_header(r, "Cache-Control", "private, no-cache");
	reply_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "inline; filename=\"%s.json\"", c->cert.number));
	reply_raw(r, 200, "application/vc", c->cert.credential, strlen(c->cert.credential));
	return 0;
}

/* The printable certificate: both languages, the QR code of the verification page and, on
 * a second page, the whole signed credential as an offline QR code ("VC1:" payload). */
int
h_credential_pdf(struct req *r)
{
	struct doc_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (load_downloadable(r, c) != 0)
		return 0;
	struct cert_rec *k = &c->cert;
	const struct trade *t = trades_find(k->trade_code);
	json_t *vc = json_loads(k->credential, 0, NULL);
	struct buf offline = { 0 }, pdf = { 0 };
	int qualification = strcmp(k->kind, "qualification") == 0;
	struct cert_pdf in = {
		.holder_name = arena_printf(&r->arena, "%s %s", k->given_name, k->family_name),
		.type_en = qualification ? "Certificate of Qualification" : "Certificate of Apprenticeship",
		.type_fr = qualification ? "Certificat de qualification" : "Certificat d’apprentissage",
		.trade_en = t ? t->name_en : k->trade_code,
		.trade_fr = t ? t->name_fr : k->trade_code,
		.trade_code = k->trade_code,
		.red_seal = k->red_seal != 0,
		.provisional = k->provisional != 0,
		.number = k->number,
		.issued = k->issued_on,
		.expires = k->expires_on,
		.agency_en = web_settings.agency_en,
		.agency_fr = web_settings.agency_fr,
		.verify_url = arena_printf(&r->arena, "%s/v/%s", issuer_base(), k->public_id),
	};
	if (vc != NULL && offline_encode(vc, &offline) == 0)
		in.offline_payload = offline.p;
	json_decref(vc);
	int bad = cert_pdf_render(&in, &pdf);
	buf_free(&offline);
	if (bad) {
		buf_free(&pdf);
		reply_error(r, E_INTERNAL, NULL, NULL);
		return 0;
	}
	reply_header(r, "Cache-Control", "private, no-cache");
	reply_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "inline; filename=\"%s.pdf\"", k->number));
	reply_raw(r, 200, "application/pdf", pdf.p, pdf.n);
	buf_free(&pdf);
	return 0;
}

/* ---- the register ---- */

static struct ratelimit register_limit;
static pthread_once_t register_once = PTHREAD_ONCE_INIT;

/* 20 searches at once, then one every 3 seconds per address: enough for people, too slow to
 * copy the register. */
static void
register_limit_init(void)
{
	ratelimit_init(&register_limit, 20, 1.0 / 3.0);
}

struct register_ctx {
	struct api_op op;
	const char *name, *trade, *number;
};

static enum st_rc
register_tx(struct st_tx *tx, void *v)
{
	struct register_ctx *c = v;
	api_op_reset(&c->op);
	return certs_register(tx, c->op.a, c->name, c->trade, c->number, c->op.lang, &c->op.out,
	    &c->op.err);
}

int
api_register_allowed(struct req *r)
{
	pthread_once(&register_once, register_limit_init);
	int wait = ratelimit_take(&register_limit, req_client_ip(r), time_mono_us());
	if (wait > 0) {
		char s[16];
		snprintf(s, sizeof(s), "%d", wait);
		reply_header(r, "Retry-After", s);
	}
	return wait == 0;
}

int
h_register_search(struct req *r)
{
	if (!api_register_allowed(r)) {
		reply_error(r, E_RATE_LIMITED, NULL, NULL);
		return 0;
	}
	struct register_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	c->name = req_query(r, "name");
	c->trade = req_query(r, "trade");
	c->number = req_query(r, "number");
	if ((c->name && strlen(c->name) > 200) || (c->trade && strlen(c->trade) > 8) ||
	    (c->number && strlen(c->number) > 32)) {
		reply_error(r, E_QUERY_PARAM, NULL, NULL);
		return 0;
	}
	return api_read(r, register_tx, &c->op);
}

/* ---- certificates ---- */

struct cert_ctx {
	struct api_op op;
	int64_t id;
	struct cert_filter f;
	int64_t next;
	enum cert_action act;
	const char *reason;
	int64_t version;
	int on;
};

static enum st_rc
get_tx(struct st_tx *tx, void *v)
{
	struct cert_ctx *c = v;
	api_op_reset(&c->op);
	struct cert_rec rec;
	enum st_rc rc = certs_load(tx, c->op.a, c->op.who, c->id, &rec);
	if (rc == ST_OK)
		c->op.out = certs_json(c->op.a, &rec, c->op.lang);
	return rc;
}

int
h_certificate_get(struct req *r)
{
	struct cert_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return api_read(r, get_tx, &c->op);
}

static enum st_rc
mine_tx(struct st_tx *tx, void *v)
{
	struct cert_ctx *c = v;
	api_op_reset(&c->op);
	return certs_mine(tx, c->op.a, c->op.who, c->op.lang, &c->op.out);
}

int
h_my_certificates(struct req *r)
{
	struct cert_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	return api_read(r, mine_tx, &c->op);
}

static enum st_rc
person_tx(struct st_tx *tx, void *v)
{
	struct cert_ctx *c = v;
	api_op_reset(&c->op);
	return certs_of_person(tx, c->op.a, c->op.who, c->id, c->op.lang, &c->op.out);
}

int
h_person_certificates(struct req *r)
{
	struct cert_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return api_read(r, person_tx, &c->op);
}

static enum st_rc
list_tx(struct st_tx *tx, void *v)
{
	struct cert_ctx *c = v;
	api_op_reset(&c->op);
	return certs_list(tx, c->op.a, &c->f, c->op.lang, &c->op.out, &c->next);
}

int
h_certificates_list(struct req *r)
{
	static const char *const statuses[] = { "valid", "suspended", "revoked", NULL };
	static const char *const csv[] = { "number", "kind", "trade_code", "given_name",
		"family_name", "issued_on", "expires_on", "status_now", "red_seal", NULL };
	struct cert_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	struct api_page pg;
	if (api_page(r, &pg) != 0 || api_query_enum(r, "status", statuses, &c->f.status) != 0)
		return 0;
	c->f.trade_code = req_query(r, "trade");
	c->f.due_before = req_query(r, "expires_before");
	int32_t day;
	if ((c->f.due_before && date_parse(c->f.due_before, &day) != 0) ||
	    (c->f.trade_code && strlen(c->f.trade_code) > 8)) {
		reply_error(r, E_QUERY_PARAM, c->f.due_before ? "expires_before" : "trade", NULL);
		return 0;
	}
	c->f.after = pg.after;
	c->f.limit = pg.limit;
	return api_read_page(r, list_tx, &c->op, &c->next, csv);
}

struct status_body {
	const char *reason;
	int64_t version;
};

static enum st_rc
status_change_tx(struct st_tx *tx, void *v)
{
	struct cert_ctx *c = v;
	api_op_reset(&c->op);
	return certs_set_status(tx, c->op.a, c->op.who, c->id, c->act, c->reason, c->version,
	    c->op.lang, &c->op.out, &c->op.err);
}

/* Each handler declares the same body spec itself: tests/api/test_openapi.py reads a
 * route's jspec from its handler's own body. */
static int
status_change(struct req *r, enum cert_action act, const struct jfield *spec)
{
	struct cert_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	struct status_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	api_op_init(&c->op, r, 200);
	c->act = act;
	c->reason = b.reason;
	c->version = b.version;
	return req_write(r, status_change_tx, c, api_op_reply);
}

int
h_certificate_suspend(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("reason", struct status_body, reason, 1, 2000, JF_REQUIRED),
		JF_INT("version", struct status_body, version, 1, INT64_MAX, 0),
		JF_END
	};
	return status_change(r, CERT_SUSPEND, spec);
}

int
h_certificate_reinstate(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("reason", struct status_body, reason, 1, 2000, JF_REQUIRED),
		JF_INT("version", struct status_body, version, 1, INT64_MAX, 0),
		JF_END
	};
	return status_change(r, CERT_REINSTATE, spec);
}

int
h_certificate_revoke(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("reason", struct status_body, reason, 1, 2000, JF_REQUIRED),
		JF_INT("version", struct status_body, version, 1, INT64_MAX, 0),
		JF_END
	};
	return status_change(r, CERT_REVOKE, spec);
}

static enum st_rc
renew_tx(struct st_tx *tx, void *v)
{
	struct cert_ctx *c = v;
	api_op_reset(&c->op);
	return certs_renew(tx, c->op.a, c->op.who, c->id, c->op.lang, &c->op.out, &c->op.err);
}

int
h_certificate_renew(struct req *r)
{
	struct cert_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	api_op_init(&c->op, r, 200);
	return req_write(r, renew_tx, c, api_op_reply);
}

struct public_body {
	int public;
};

static enum st_rc
public_tx(struct st_tx *tx, void *v)
{
	struct cert_ctx *c = v;
	api_op_reset(&c->op);
	return certs_set_public(tx, c->op.a, c->op.who, c->id, c->on, c->op.lang, &c->op.out,
	    &c->op.err);
}

int
h_certificate_public(struct req *r)
{
	static const struct jfield spec[] = {
		JF_BOOL("public", struct public_body, public, JF_REQUIRED),
		JF_END
	};
	struct cert_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	struct public_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	api_op_init(&c->op, r, 200);
	c->on = b.public;
	return req_write(r, public_tx, c, api_op_reply);
}
