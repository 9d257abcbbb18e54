/* The program engine over a real store: a training agreement from draft to completion,
 * every refusal (illegal transition, wrong role, missing field, guard, out of scope), the
 * service-standard clock with a pause, hours, and the audit hash chain with tampering. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/timeutil.h"
#include "domain/accounts.h"
#include "domain/audit.h"
#include "domain/cases.h"
#include "domain/certs.h"
#include "domain/crypto.h"
#include "domain/engine.h"
#include "domain/hours.h"
#include "domain/orgs.h"
#include "domain/persons.h"
#include "domain/program.h"
#include "domain/signkeys.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "t.h"
#include "vc/proof.h"

#define DAY INT64_C(86400000000)

static struct store *st;
static char dir[] = "/tmp/passerelle-engine-XXXXXX";
static int64_t region_a, region_b, sponsor_org, other_org, person_id, other_person;
static int64_t uid_advisor, uid_sponsor, uid_client;
static struct principal advisor, advisor_b, sponsor, client, auditor;

struct op {
	struct arena a;
	json_t *out;
	struct dom_err err;
	/* inputs */
	struct transition_in tr;
	struct agreement_in ag;
	struct hours_in h;
	const struct principal *who;
	int64_t id;
	int approve;
};

static void
op_clean(struct op *o)
{
	json_decref(o->out);
	json_decref(o->err.extra);
	arena_free(&o->a);
	memset(o, 0, sizeof(*o));
}

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

static enum st_rc
setup_tx(struct st_tx *tx, void *v)
{
	int n;
	enum st_rc rc = trades_sync(tx, &n);
	struct st_param ra[] = { SP_NUL, SP_STR("region"), SP_STR("A"), SP_STR("Region A"), SP_STR("Région A") };
	struct st_param rb[] = { SP_NUL, SP_STR("region"), SP_STR("B"), SP_STR("Region B"), SP_STR("Région B") };
	if (rc == ST_OK)
		rc = st_exec(tx, Q_REGION_INSERT, ra, 5, id_row, &region_a, NULL);
	if (rc == ST_OK)
		rc = st_exec(tx, Q_REGION_INSERT, rb, 5, id_row, &region_b, NULL);
	struct arena a;
	arena_init(&a);
	struct principal sys = { .role = ROLE_ADMIN, .all_regions = 1 };
	struct dom_err err = { 0 };
	json_t *out = NULL;
	struct org_in o = { .kind = 0, .name_en = "Côté Electric Ltd.", .name_fr = "Électricité Côté ltée",
		.region_id = region_a, .has_region = 1 };
	if (rc == ST_OK && (rc = org_create(tx, &a, &sys, &o, &out, &err)) == ST_OK)
		sponsor_org = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	o.name_en = "Other Plumbing";
	o.name_fr = "Plomberie autre";
	if (rc == ST_OK && (rc = org_create(tx, &a, &sys, &o, &out, &err)) == ST_OK)
		other_org = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	struct person_in p = { .given_name = "Élodie", .family_name = "Tremblay",
		.birth_date = date_from_ymd(2001, 5, 4), .sin = "193456787" };
	if (rc == ST_OK && (rc = person_create(tx, &a, &sys, &p, &out, &err)) == ST_OK)
		person_id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	struct person_in q = { .given_name = "Liam", .family_name = "Smith",
		.birth_date = date_from_ymd(1999, 1, 2) };
	if (rc == ST_OK && (rc = person_create(tx, &a, &sys, &q, &out, &err)) == ST_OK)
		other_person = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	/* The accounts acting below (events and hours name real users). */
	struct user_in u = { .email = "adv@example.org", .display_name = "Adv", .pw_hash = "x",
		.role = ROLE_ADVISOR, .region_id = region_a };
	if (rc == ST_OK)
		rc = account_create(tx, &sys, &u, &uid_advisor, &err);
	u = (struct user_in){ .email = "sp@example.org", .display_name = "Sp", .pw_hash = "x",
		.role = ROLE_SPONSOR, .org_id = sponsor_org };
	if (rc == ST_OK)
		rc = account_create(tx, &sys, &u, &uid_sponsor, &err);
	u = (struct user_in){ .email = "cl@example.org", .display_name = "Cl", .pw_hash = "x",
		.role = ROLE_CLIENT, .person_id = person_id };
	if (rc == ST_OK)
		rc = account_create(tx, &sys, &u, &uid_client, &err);
	arena_free(&a);
	return rc;
}

static void
setup(void)
{
	setenv("TZ", "America/Toronto", 1);
	tzset();
	char err[600];
	CHECK(crypto_init() == 0);
	CHECK(crypto_set_field_key("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f") == 0);
	CHECK(programs_load(NULL, err, sizeof(err)) == 0);
	CHECK(mkdtemp(dir) != NULL);
	char path[256];
	snprintf(path, sizeof(path), "%s/t.db", dir);
	CHECK(st_open(path, &st) == ST_OK);
	CHECK(st_migrate(st, NULL) == ST_OK);
	int failed = -1;
	CHECK(st_check_queries(st, &failed) == ST_OK);
	CHECK_INT(failed, 0);
	CHECK(st_write(st, setup_tx, NULL) == ST_OK);
	advisor = (struct principal){ .user_id = uid_advisor, .role = ROLE_ADVISOR, .region_id = region_a };
	advisor_b = (struct principal){ .user_id = uid_advisor, .role = ROLE_ADVISOR, .region_id = region_b };
	sponsor = (struct principal){ .user_id = uid_sponsor, .role = ROLE_SPONSOR, .org_id = sponsor_org };
	client = (struct principal){ .user_id = uid_client, .role = ROLE_CLIENT, .person_id = person_id };
	auditor = (struct principal){ .role = ROLE_AUDITOR };
}

static enum st_rc
create_tx(struct st_tx *tx, void *v)
{
	struct op *o = v;
	struct case_rec rec;
	return agreement_create(tx, &o->a, o->who, &o->ag, LANG_EN, &rec, &o->out, &o->err);
}

static enum st_rc
transition_tx(struct st_tx *tx, void *v)
{
	struct op *o = v;
	return engine_transition(tx, &o->a, o->who, &o->tr, LANG_FR, &o->out, &o->err);
}

static enum st_rc
get_tx(struct st_tx *tx, void *v)
{
	struct op *o = v;
	struct case_rec c;
	enum st_rc rc = case_load(tx, &o->a, o->who, o->id, &c);
	if (rc == ST_OK)
		rc = case_full_json(tx, &o->a, o->who, &c, LANG_EN, &o->out);
	return rc;
}

static enum st_rc
hours_tx(struct st_tx *tx, void *v)
{
	struct op *o = v;
	return hours_log(tx, &o->a, o->who, &o->h, &o->out, &o->err);
}

static enum st_rc
decide_tx(struct st_tx *tx, void *v)
{
	struct op *o = v;
	return hours_decide(tx, &o->a, o->who, o->id, o->approve, o->approve ? NULL : "no", &o->out,
	    &o->err);
}

/* Runs one transition; returns the outcome and leaves the refusal in *e (copied). */
static enum st_rc
step(int64_t id, const struct principal *who, const char *tr, const char *field, const char *val,
    enum err_id *e)
{
	struct op o = { 0 };
	json_t *fields = json_object();
	if (field)
		json_object_set_new(fields, field, json_string(val));
	o.tr = (struct transition_in){ .case_id = id, .transition = tr, .fields = fields };
	o.who = who;
	enum st_rc rc = st_write(st, transition_tx, &o);
	if (e)
		*e = o.err.e;
	json_decref(fields);
	op_clean(&o);
	return rc;
}

static int64_t agreement;

static void
test_create(void)
{
	struct op o = { 0 };
	o.who = &client;
	o.ag = (struct agreement_in){ .org_id = sponsor_org, .trade_code = "309A",
		.start_date = date_today_utc() - 400 };
	CHECK(st_write(st, create_tx, &o) == ST_OK);
	agreement = json_integer_value(json_object_get(o.out, "id"));
	CHECK(agreement > 0);
	CHECK_STR(json_string_value(json_object_get(o.out, "state")), "draft");
	/* The client's own person, whatever they asked for; the sponsor's region. */
	CHECK_INT(json_integer_value(json_object_get(json_object_get(o.out, "apprentice"), "id")), person_id);
	CHECK_INT(json_integer_value(json_object_get(o.out, "region_id")), region_a);
	op_clean(&o);

	/* References that do not exist, or a non-sponsor organisation, are refused. */
	o.who = &advisor;
	o.ag = (struct agreement_in){ .person_id = 999999, .org_id = sponsor_org, .trade_code = "309A" };
	CHECK(st_write(st, create_tx, &o) == ST_CONFLICT);
	CHECK_INT(o.err.e, E_REFERENCE);
	CHECK_STR(o.err.field, "person_id");
	op_clean(&o);
	o.who = &advisor;
	o.ag = (struct agreement_in){ .person_id = other_person, .org_id = sponsor_org, .trade_code = "999Z" };
	CHECK(st_write(st, create_tx, &o) == ST_CONFLICT);
	CHECK_STR(o.err.field, "trade_code");
	op_clean(&o);
	/* An advisor cannot open a case outside their region. */
	o.who = &advisor_b;
	o.ag = (struct agreement_in){ .person_id = other_person, .org_id = sponsor_org,
		.trade_code = "306A", .region_id = region_a, .has_region = 1 };
	CHECK(st_write(st, create_tx, &o) == ST_CONFLICT);
	CHECK_INT(o.err.e, E_FORBIDDEN);
	op_clean(&o);
}

static void
test_refusals(void)
{
	enum err_id e;
	/* Not possible from draft: 409 listing what is possible. */
	struct op o = { 0 };
	o.tr = (struct transition_in){ .case_id = agreement, .transition = "register" };
	o.who = &advisor;
	CHECK(st_write(st, transition_tx, &o) == ST_CONFLICT);
	CHECK_INT(o.err.e, E_TRANSITION_ILLEGAL);
	json_t *poss = json_object_get(o.err.extra, "possible_transitions");
	CHECK(json_array_size(poss) == 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(poss, 0), "id")), "submit");
	op_clean(&o);
	/* Unknown transition: also illegal. */
	CHECK(step(agreement, &advisor, "teleport", NULL, NULL, &e) == ST_CONFLICT);
	CHECK_INT(e, E_TRANSITION_ILLEGAL);
	/* Out of scope: another region's advisor, another sponsor, another client: not found. */
	struct principal other_sponsor = { .role = ROLE_SPONSOR, .org_id = other_org };
	struct principal other_client = { .role = ROLE_CLIENT, .person_id = other_person };
	CHECK(step(agreement, &advisor_b, "submit", NULL, NULL, &e) == ST_NOTFOUND);
	CHECK(step(agreement, &other_sponsor, "submit", NULL, NULL, &e) == ST_NOTFOUND);
	CHECK(step(agreement, &other_client, "submit", NULL, NULL, &e) == ST_NOTFOUND);
	/* The auditor sees it but may not act. */
	CHECK(step(agreement, &auditor, "submit", NULL, NULL, &e) == ST_CONFLICT);
	CHECK_INT(e, E_TRANSITION_ROLE);
	/* A sponsor may not submit for the apprentice. */
	CHECK(step(agreement, &sponsor, "submit", NULL, NULL, &e) == ST_CONFLICT);
	CHECK_INT(e, E_TRANSITION_ROLE);
}

static void
test_lifecycle(void)
{
	enum err_id e;
	CHECK(step(agreement, &client, "submit", NULL, NULL, &e) == ST_OK);
	CHECK(step(agreement, &client, "sign_apprentice", "colour", "red", &e) == ST_CONFLICT);
	CHECK_INT(e, E_FIELD_UNKNOWN);
	CHECK(step(agreement, &client, "sign_apprentice", NULL, NULL, &e) == ST_OK);
	/* The sponsor must name its signatory. */
	CHECK(step(agreement, &sponsor, "sign_sponsor", NULL, NULL, &e) == ST_CONFLICT);
	CHECK_INT(e, E_FIELD_REQUIRED);
	CHECK(step(agreement, &sponsor, "sign_sponsor", "signatory", "   ", &e) == ST_CONFLICT);
	CHECK_INT(e, E_FIELD_TOO_SHORT);
	CHECK(step(agreement, &sponsor, "sign_sponsor", "signatory", "Marc Côté", &e) == ST_OK);
	/* Information requested: the clock pauses. */
	CHECK(step(agreement, &advisor, "request_information", "reason", "Ratio?", &e) == ST_OK);
	struct op o = { .id = agreement, .who = &advisor };
	CHECK(st_read(st, get_tx, &o) == ST_OK);
	json_t *clock = json_array_get(json_object_get(o.out, "service_standards"), 0);
	CHECK_STR(json_string_value(json_object_get(clock, "standard")), "registration_decision");
	CHECK(json_is_true(json_object_get(clock, "paused")));
	CHECK(json_is_false(json_object_get(clock, "breached")));
	op_clean(&o);
	CHECK(step(agreement, &sponsor, "provide_information", "note", "Two journeypersons.", &e) == ST_OK);
	CHECK(step(agreement, &advisor, "register", NULL, NULL, &e) == ST_OK);
	o = (struct op){ .id = agreement, .who = &client };
	CHECK(st_read(st, get_tx, &o) == ST_OK);
	const char *reg = json_string_value(json_object_get(o.out, "registration_number"));
	CHECK(reg != NULL && strncmp(reg, "ON-AP-", 6) == 0);
	clock = json_array_get(json_object_get(o.out, "service_standards"), 0);
	CHECK(json_is_true(json_object_get(clock, "met")));
	/* The client now can take no step. */
	CHECK_INT(json_array_size(json_object_get(o.out, "transitions")), 0);
	op_clean(&o);
	CHECK(step(agreement, &sponsor, "activate", NULL, NULL, &e) == ST_OK);
	/* Completion needs the trade's 9000 hours approved. */
	CHECK(step(agreement, &advisor, "complete", NULL, NULL, &e) == ST_CONFLICT);
	CHECK_INT(e, E_HOURS_INSUFFICIENT);
}

/* ---- the certificate issued on completion ---- */

static enum st_rc
key_tx(struct st_tx *tx, void *v)
{
	struct arena a;
	arena_init(&a);
	const char *id = NULL;
	enum st_rc rc = signkeys_generate(tx, &a, time_now_us(), &id);
	arena_free(&a);
	return rc;
}

static int
count_row(void *ctx, const struct st_row *row)
{
	(*(int *)ctx)++;
	return 0;
}

static enum st_rc
count_tx(struct st_tx *tx, void *v)
{
	return st_exec(tx, Q_CERT_OF_PERSON, (struct st_param[]){ SP_INT(person_id) }, 1, count_row, v,
	    NULL);
}

static int
count_certificates(void)
{
	int n = 0;
	CHECK(st_read(st, count_tx, &n) == ST_OK);
	return n;
}

/* The person's certificate: of apprenticeship, in the agreement's trade, with the person's
 * names, and its signature verifies with the active key (and fails once altered). */
static enum st_rc
cert_check_tx(struct st_tx *tx, void *v)
{
	struct arena a;
	arena_init(&a);
	struct principal staff = { .role = ROLE_ADMIN };
	json_t *mine = NULL;
	enum st_rc rc = certs_of_person(tx, &a, &staff, person_id, LANG_EN, &mine);
	CHECK(rc == ST_OK);
	json_t *c = json_array_get(json_object_get(mine, "items"), 0);
	CHECK_STR(json_string_value(json_object_get(c, "kind")), "apprenticeship");
	json_t *q = json_array_get(json_object_get(mine, "items"), 1);
	CHECK_STR(json_string_value(json_object_get(q, "kind")), "qualification");
	CHECK(json_is_true(json_object_get(q, "provisional")));
	char until[11];
	date_format(date_of_us_local(time_now_us()) + CERT_PROVISIONAL_DAYS - 1, until);
	CHECK_STR(json_string_value(json_object_get(q, "expires_on")), until);
	struct cert_rec rec;
	CHECK(certs_load(tx, &a, &staff, json_integer_value(json_object_get(c, "id")), &rec) == ST_OK);
	CHECK_STR(rec.given_name, "Élodie");
	const char *vm = NULL;
	uint8_t sk[64];
	CHECK(signkeys_active(tx, &a, &vm, sk) == ST_OK);
	json_t *doc = json_loads(rec.credential, 0, NULL);
	CHECK(doc != NULL);
	CHECK_STR(proof_method(doc), vm);
	CHECK(proof_verify(doc, sk + 32) == PROOF_OK); /* libsodium: the public key is sk's tail */
	json_object_set_new(json_object_get(doc, "credentialSubject"), "familyName", json_string("Tremblax"));
	CHECK(proof_verify(doc, sk + 32) == PROOF_SIGNATURE);
	json_decref(doc);
	json_decref(mine);
	arena_free(&a);
	return ST_OK;
}

static void
test_hours(void)
{
	int32_t today = date_today_utc();
	struct op o = { .who = &sponsor };
	o.h = (struct hours_in){ .case_id = agreement, .period_start = today - 380,
		.period_end = today - 10, .hours = 8500 };
	CHECK(st_write(st, hours_tx, &o) == ST_OK);
	int64_t first = json_integer_value(json_object_get(o.out, "id"));
	op_clean(&o);
	/* Overlapping, future, or too many hours for the period: refused. */
	o = (struct op){ .who = &sponsor };
	o.h = (struct hours_in){ .case_id = agreement, .period_start = today - 20, .period_end = today - 5,
		.hours = 10 };
	CHECK(st_write(st, hours_tx, &o) == ST_CONFLICT);
	CHECK_INT(o.err.e, E_HOURS_OVERLAP);
	op_clean(&o);
	o = (struct op){ .who = &sponsor };
	o.h = (struct hours_in){ .case_id = agreement, .period_start = today - 9, .period_end = today + 3,
		.hours = 10 };
	CHECK(st_write(st, hours_tx, &o) == ST_CONFLICT);
	CHECK_INT(o.err.e, E_HOURS_PERIOD);
	op_clean(&o);
	o = (struct op){ .who = &sponsor };
	o.h = (struct hours_in){ .case_id = agreement, .period_start = today - 9, .period_end = today - 9,
		.hours = 25 };
	CHECK(st_write(st, hours_tx, &o) == ST_CONFLICT);
	CHECK_INT(o.err.e, E_HOURS_PERIOD);
	op_clean(&o);
	/* A client cannot log hours. */
	o = (struct op){ .who = &client };
	o.h = (struct hours_in){ .case_id = agreement, .period_start = today - 9, .period_end = today - 9,
		.hours = 8 };
	CHECK(st_write(st, hours_tx, &o) == ST_CONFLICT);
	CHECK_INT(o.err.e, E_FORBIDDEN);
	op_clean(&o);
	o = (struct op){ .who = &sponsor };
	o.h = (struct hours_in){ .case_id = agreement, .period_start = today - 9, .period_end = today - 1,
		.hours = 4400 / 100 };
	CHECK(st_write(st, hours_tx, &o) == ST_OK);
	int64_t second = json_integer_value(json_object_get(o.out, "id"));
	op_clean(&o);
	/* Only an advisor decides; a decided entry cannot be decided again. */
	o = (struct op){ .who = &sponsor, .id = first, .approve = 1 };
	CHECK(st_write(st, decide_tx, &o) == ST_CONFLICT);
	op_clean(&o);
	o = (struct op){ .who = &advisor, .id = first, .approve = 1 };
	CHECK(st_write(st, decide_tx, &o) == ST_OK);
	op_clean(&o);
	o = (struct op){ .who = &advisor, .id = first, .approve = 0 };
	CHECK(st_write(st, decide_tx, &o) == ST_CONFLICT);
	CHECK_INT(o.err.e, E_HOURS_DECIDED);
	op_clean(&o);
	enum err_id e;
	CHECK(step(agreement, &advisor, "complete", NULL, NULL, &e) == ST_CONFLICT);
	CHECK_INT(e, E_HOURS_INSUFFICIENT);
	/* Log the rest and approve: now it completes. */
	o = (struct op){ .who = &sponsor };
	o.h = (struct hours_in){ .case_id = agreement, .period_start = today - 400,
		.period_end = today - 381, .hours = 456 };
	CHECK(st_write(st, hours_tx, &o) == ST_OK);
	int64_t third = json_integer_value(json_object_get(o.out, "id"));
	op_clean(&o);
	int64_t ids[] = { second, third };
	for (int i = 0; i < 2; i++) {
		o = (struct op){ .who = &advisor, .id = ids[i], .approve = 1 };
		CHECK(st_write(st, decide_tx, &o) == ST_OK);
		op_clean(&o);
	}
	/* Completion issues the Certificate of Apprenticeship in the same transaction: with no
	 * signing key it is refused, and nothing changes. */
	CHECK(step(agreement, &advisor, "complete", NULL, NULL, &e) == ST_CONFLICT);
	CHECK_INT(e, E_CERT_NO_KEY);
	CHECK_INT(count_certificates(), 0);
	CHECK(st_write(st, key_tx, NULL) == ST_OK);
	CHECK(step(agreement, &advisor, "complete", NULL, NULL, &e) == ST_OK);
	/* 309A is compulsory: with the Certificate of Apprenticeship, a provisional Certificate of
	 * Qualification for 90 days while the exam is still to pass. */
	CHECK_INT(count_certificates(), 2);
	CHECK(st_read(st, cert_check_tx, NULL) == ST_OK);
	CHECK(step(agreement, &advisor, "suspend", "reason", "x", &e) == ST_CONFLICT);
	CHECK_INT(e, E_TRANSITION_ILLEGAL);
}

static enum st_rc
verify_tx(struct st_tx *tx, void *v)
{
	return audit_verify(tx, v);
}

static enum st_rc
tamper_tx(struct st_tx *tx, void *v)
{
	return st_exec_sql(tx, v);
}

static void
test_audit(void)
{
	struct audit_report rep;
	CHECK(st_read(st, verify_tx, &rep) == ST_OK);
	CHECK_INT(rep.first_bad_id, 0);
	CHECK(rep.checked > 15);
	/* Edit one event's payload: the chain names it. */
	/* The application cannot change an event ... */
	CHECK(st_write(st, tamper_tx, "UPDATE events SET payload = '{}' WHERE id = 7") != ST_OK);
	CHECK(st_write(st, tamper_tx, "DELETE FROM events WHERE id = 7") != ST_OK);
	/* ... but someone with the file can: the chain names the edited event. */
	CHECK(st_write(st, tamper_tx, "DROP TRIGGER events_no_update; UPDATE events SET payload = '{}' WHERE id = 7") == ST_OK);
	CHECK(st_read(st, verify_tx, &rep) == ST_OK);
	CHECK_INT(rep.first_bad_id, 7);
}

static void
teardown(void)
{
	st_close(st);
	char path[300];
	static const char *const files[] = { "t.db", "t.db-wal", "t.db-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	programs_unload();
}

T_MAIN(T(setup), T(test_create), T(test_refusals), T(test_lifecycle), T(test_hours),
    T(test_audit), T(teardown))
