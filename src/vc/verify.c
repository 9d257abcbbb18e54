/* verify: every check a relying party makes on a credential, with nothing but the credential,
 * the issuer's DID document and the status lists. The signature alone is not enough (CREDENTIALS.md
 * §8): the key must belong to the issuer and be listed for assertions, the dates must hold, and
 * a set status bit means revoked or suspended even though the proof is valid. */
#include "vc/verify.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xalloc.h"
#include "i18n/msg.h"
#include "vc/multibase.h"
#include "vc/proof.h"
#include "vc/statuslist.h"

#define VC2_CONTEXT "https://www.w3.org/ns/credentials/v2"

static void
report_add(struct verify_report *r, const char *id, int ok, const char *code, int msg,
    const char *a1, const char *a2, const char *a3)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->checks = xreallocarray(r->checks, r->cap, sizeof(*r->checks));
	}
	struct verify_check *c = &r->checks[r->n++];
	const char *args[3] = { a1 ? a1 : "", a2 ? a2 : "", a3 ? a3 : "" };
	struct arena a;
	arena_init(&a);
	c->id = id;
	c->ok = ok;
	c->code = code;
	c->text[LANG_EN] = xstrdup(msgf_v(&a, LANG_EN, msg, args, 3));
	c->text[LANG_FR] = xstrdup(msgf_v(&a, LANG_FR, msg, args, 3));
	arena_free(&a);
}

void
verify_report_free(struct verify_report *rep)
{
	for (size_t i = 0; i < rep->n; i++) {
		free(rep->checks[i].text[0]);
		free(rep->checks[i].text[1]);
	}
	free(rep->checks);
	memset(rep, 0, sizeof(*rep));
}

static int
has_string(const json_t *v, const char *want)
{
	if (json_is_string(v))
		return strcmp(json_string_value(v), want) == 0;
	for (size_t i = 0; json_is_array(v) && i < json_array_size(v); i++)
		if (json_is_string(json_array_get(v, i)) &&
		    strcmp(json_string_value(json_array_get(v, i)), want) == 0)
			return 1;
	return 0;
}

const char *
verify_issuer_id(const json_t *credential)
{
	const json_t *iss = json_object_get(credential, "issuer");
	if (json_is_object(iss))
		iss = json_object_get(iss, "id");
	const char *s = json_string_value(iss);
	return s != NULL && *s != '\0' ? s : NULL;
}

/* Appends to the report the failure of the VC 2.0 shape, or its success. */
static int
check_format(const json_t *cred, struct verify_report *r)
{
	const json_t *ctx = json_object_get(cred, "@context"), *sub;
	if (!json_is_object(cred)) {
		report_add(r, "format", 0, "not_object", MSG_VERIFY_FORMAT_NOT_OBJECT, 0, 0, 0);
		return 0;
	}
	if (json_is_array(ctx))
		ctx = json_array_get(ctx, 0);
	if (!json_is_string(ctx) || strcmp(json_string_value(ctx), VC2_CONTEXT) != 0) {
		report_add(r, "format", 0, "context", MSG_VERIFY_FORMAT_CONTEXT, 0, 0, 0);
		return 0;
	}
	if (!has_string(json_object_get(cred, "type"), "VerifiableCredential")) {
		report_add(r, "format", 0, "type", MSG_VERIFY_FORMAT_TYPE, 0, 0, 0);
		return 0;
	}
	if (verify_issuer_id(cred) == NULL) {
		report_add(r, "format", 0, "issuer", MSG_VERIFY_FORMAT_ISSUER, 0, 0, 0);
		return 0;
	}
	sub = json_object_get(cred, "credentialSubject");
	if (!json_is_object(sub) && !(json_is_array(sub) && json_array_size(sub) > 0)) {
		report_add(r, "format", 0, "subject", MSG_VERIFY_FORMAT_SUBJECT, 0, 0, 0);
		return 0;
	}
	report_add(r, "format", 1, "ok", MSG_VERIFY_FORMAT_OK, 0, 0, 0);
	return 1;
}

/* Whether a DID-document reference (absolute, or "#frag" relative to the document) is vm. */
static int
ref_is(const json_t *did_doc, const char *ref, const char *vm)
{
	if (ref == NULL || vm == NULL)
		return 0;
	if (ref[0] != '#')
		return strcmp(ref, vm) == 0;
	const char *did = json_string_value(json_object_get(did_doc, "id"));
	size_t n = did ? strlen(did) : 0;
	return did != NULL && strncmp(vm, did, n) == 0 && strcmp(vm + n, ref) == 0;
}

static const json_t *
find_in(const json_t *did_doc, const json_t *list, const char *vm, int objects_only)
{
	if (json_is_object(list) || json_is_string(list)) {
		const json_t *one = list;
		if (json_is_object(one) && ref_is(did_doc, json_string_value(json_object_get(one,
		    "id")), vm))
			return one;
		if (!objects_only && json_is_string(one) && ref_is(did_doc, json_string_value(one), vm))
			return one;
		return NULL;
	}
	for (size_t i = 0; json_is_array(list) && i < json_array_size(list); i++) {
		const json_t *found = find_in(did_doc, json_array_get(list, i), vm, objects_only);
		if (found != NULL)
			return found;
	}
	return NULL;
}

enum key_rc { KEY_OK, KEY_UNKNOWN, KEY_NOT_ASSERTION, KEY_INVALID };

/* Resolves vm in the DID document: the method object (in verificationMethod, or embedded in
 * assertionMethod), listed for assertions, an Ed25519 Multikey. */
static enum key_rc
key_resolve(const json_t *did_doc, const char *vm, uint8_t pk[32], const char **controller)
{
	*controller = NULL;
	if (did_doc == NULL || vm == NULL)
		return KEY_UNKNOWN;
	const json_t *am = json_object_get(did_doc, "assertionMethod");
	const json_t *m = find_in(did_doc, json_object_get(did_doc, "verificationMethod"), vm, 1);
	if (m == NULL)
		m = find_in(did_doc, am, vm, 1);
	if (m == NULL)
		return KEY_UNKNOWN;
	*controller = json_string_value(json_object_get(m, "controller"));
	if (find_in(did_doc, am, vm, 0) == NULL)
		return KEY_NOT_ASSERTION;
	if (!has_string(json_object_get(m, "type"), "Multikey") ||
	    multikey_decode(json_string_value(json_object_get(m, "publicKeyMultibase")), pk) != 0)
		return KEY_INVALID;
	return KEY_OK;
}

static void
check_proof_shape(enum proof_rc rc, struct verify_report *r)
{
	switch (rc) {
	case PROOF_OK:
	case PROOF_SIGNATURE:
		report_add(r, "proof", 1, "ok", MSG_VERIFY_PROOF_OK, 0, 0, 0);
		break;
	case PROOF_MISSING:
		report_add(r, "proof", 0, "missing", MSG_VERIFY_PROOF_MISSING, 0, 0, 0);
		break;
	case PROOF_MALFORMED:
		report_add(r, "proof", 0, "malformed", MSG_VERIFY_PROOF_MALFORMED, 0, 0, 0);
		break;
	case PROOF_CONTEXT:
		report_add(r, "proof", 0, "context", MSG_VERIFY_PROOF_CONTEXT, 0, 0, 0);
		break;
	case PROOF_VALUE:
		report_add(r, "proof", 0, "value", MSG_VERIFY_PROOF_VALUE, 0, 0, 0);
		break;
	}
}

static void
check_issuer(const char *issuer, const json_t *did_doc, const char *controller, int key_found,
    struct verify_report *r)
{
	const char *did = json_string_value(json_object_get(did_doc, "id"));
	if (did_doc == NULL)
		report_add(r, "issuer", 0, "no_did", MSG_VERIFY_ISSUER_NO_DID, issuer, 0, 0);
	else if (issuer == NULL || did == NULL || strcmp(issuer, did) != 0)
		report_add(r, "issuer", 0, "did_mismatch", MSG_VERIFY_ISSUER_DID, issuer,
		    did ? did : "?", 0);
	else if (controller != NULL && strcmp(controller, issuer) != 0)
		report_add(r, "issuer", 0, "controller", MSG_VERIFY_ISSUER_CONTROLLER, issuer,
		    controller, 0);
	else if (controller == NULL && !key_found)
		/* the key check reports the unknown key; the DID document is the issuer's */
		report_add(r, "issuer", 1, "ok", MSG_VERIFY_ISSUER_DID_OK, issuer, 0, 0);
	else if (controller == NULL)
		/* a method with no controller cannot be tied to the issuer */
		report_add(r, "issuer", 0, "controller", MSG_VERIFY_ISSUER_CONTROLLER, issuer, "?", 0);
	else
		report_add(r, "issuer", 1, "ok", MSG_VERIFY_ISSUER_OK, issuer, 0, 0);
}

static void
check_key(const char *vm, enum key_rc krc, struct verify_report *r)
{
	const char *v = vm ? vm : "?";
	switch (krc) {
	case KEY_OK:
		report_add(r, "key", 1, "ok", MSG_VERIFY_KEY_OK, v, 0, 0);
		break;
	case KEY_UNKNOWN:
		report_add(r, "key", 0, "key_unknown", MSG_VERIFY_KEY_UNKNOWN, v, 0, 0);
		break;
	case KEY_NOT_ASSERTION:
		report_add(r, "key", 0, "key_not_assertion", MSG_VERIFY_KEY_NOT_ASSERTION, v, 0, 0);
		break;
	case KEY_INVALID:
		report_add(r, "key", 0, "key_invalid", MSG_VERIFY_KEY_INVALID, v, 0, 0);
		break;
	}
}

static void
check_dates(const json_t *cred, time_t now, struct verify_report *r)
{
	const json_t *from = json_object_get(cred, "validFrom");
	const json_t *until = json_object_get(cred, "validUntil");
	int64_t t;
	/* validFrom is optional in VC 2.0: no date, no check. */
	if (from != NULL) {
		const char *s = json_string_value(from);
		if (proof_parse_datetime(s, &t) != 0)
			report_add(r, "valid_from", 0, "date_invalid", MSG_VERIFY_VALID_FROM_BAD,
			    s ? s : "?", 0, 0);
		else if ((int64_t)now < t)
			report_add(r, "valid_from", 0, "not_yet_valid", MSG_VERIFY_VALID_FROM_FUTURE, s,
			    0, 0);
		else
			report_add(r, "valid_from", 1, "ok", MSG_VERIFY_VALID_FROM_OK, s, 0, 0);
	}
	if (until != NULL) {
		const char *s = json_string_value(until);
		if (proof_parse_datetime(s, &t) != 0)
			report_add(r, "valid_until", 0, "date_invalid", MSG_VERIFY_VALID_UNTIL_BAD,
			    s ? s : "?", 0, 0);
		else if ((int64_t)now >= t)
			report_add(r, "valid_until", 0, "expired", MSG_VERIFY_VALID_UNTIL_EXPIRED, s,
			    0, 0);
		else
			report_add(r, "valid_until", 1, "ok", MSG_VERIFY_VALID_UNTIL_OK, s, 0, 0);
	}
}

/* A base-10 index without sign or leading zeros, below 2^32. */
static int
parse_index(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 10 || (n > 1 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static void
check_status_entry(const json_t *entry, const char *issuer, const json_t *did_doc,
    verify_fetch_fn fetch, void *ctx, struct verify_report *r)
{
	const char *purpose = json_string_value(json_object_get(entry, "statusPurpose"));
	const char *index_s = json_string_value(json_object_get(entry, "statusListIndex"));
	const char *url = json_string_value(json_object_get(entry, "statusListCredential"));
	const json_t *size = json_object_get(entry, "statusSize");
	uint32_t index;
	/* Only one-bit statuses (the default statusSize) are issued and understood here. */
	if (!has_string(json_object_get(entry, "type"), "BitstringStatusListEntry") ||
	    purpose == NULL || url == NULL || parse_index(index_s, &index) != 0 ||
	    (size != NULL && !(json_is_number(size) && json_number_value(size) == 1))) {
		report_add(r, "status", 0, "entry_invalid", MSG_VERIFY_STATUS_ENTRY_BAD, 0, 0, 0);
		return;
	}
	json_t *list = fetch ? fetch(url, ctx) : NULL;
	if (list == NULL) {
		report_add(r, "status", 0, "list_missing", MSG_VERIFY_STATUS_LIST_MISSING, url, purpose,
		    0);
		return;
	}
	uint8_t pk[32], *bits = NULL;
	size_t nbytes = 0;
	const char *controller;
	const char *list_issuer = verify_issuer_id(list);
	const json_t *sub = json_object_get(list, "credentialSubject");
	if (key_resolve(did_doc, proof_method(list), pk, &controller) != KEY_OK ||
	    controller == NULL || issuer == NULL || strcmp(controller, issuer) != 0 ||
	    proof_verify(list, pk) != PROOF_OK)
		report_add(r, "status", 0, "list_signature", MSG_VERIFY_STATUS_LIST_SIGNATURE, url, 0,
		    0);
	else if (list_issuer == NULL || strcmp(list_issuer, issuer) != 0)
		report_add(r, "status", 0, "list_issuer", MSG_VERIFY_STATUS_LIST_ISSUER, url,
		    list_issuer ? list_issuer : "?", 0);
	else if (!has_string(json_object_get(list, "type"), "BitstringStatusListCredential") ||
	    !has_string(json_object_get(sub, "type"), "BitstringStatusList") ||
	    !has_string(json_object_get(sub, "statusPurpose"), purpose))
		report_add(r, "status", 0, "list_purpose", MSG_VERIFY_STATUS_LIST_PURPOSE, url,
		    purpose, 0);
	else if (statuslist_decode(json_string_value(json_object_get(sub, "encodedList")), &bits,
	    &nbytes) != 0)
		report_add(r, "status", 0, "list_short", MSG_VERIFY_STATUS_LIST_SHORT, url, 0, 0);
	else if ((uint64_t)index >= (uint64_t)nbytes * 8)
		report_add(r, "status", 0, "index_range", MSG_VERIFY_STATUS_INDEX_RANGE, url, index_s,
		    0);
	else if (statuslist_get(bits, index)) {
		if (strcmp(purpose, "revocation") == 0)
			report_add(r, "status", 0, "revoked", MSG_VERIFY_STATUS_REVOKED, url, index_s, 0);
		else if (strcmp(purpose, "suspension") == 0)
			report_add(r, "status", 0, "suspended", MSG_VERIFY_STATUS_SUSPENDED, url,
			    index_s, 0);
		else
			report_add(r, "status", 0, "status_set", MSG_VERIFY_STATUS_SET, url, index_s,
			    purpose);
	} else {
		if (strcmp(purpose, "revocation") == 0)
			report_add(r, "status", 1, "ok", MSG_VERIFY_STATUS_NOT_REVOKED, url, index_s, 0);
		else if (strcmp(purpose, "suspension") == 0)
			report_add(r, "status", 1, "ok", MSG_VERIFY_STATUS_NOT_SUSPENDED, url, index_s,
			    0);
		else
			report_add(r, "status", 1, "ok", MSG_VERIFY_STATUS_NOT_SET, url, index_s,
			    purpose);
	}
	free(bits);
	json_decref(list);
}

int
verify_credential(const json_t *cred, const json_t *did_doc, verify_fetch_fn fetch, void *ctx,
    time_t now, struct verify_report *r)
{
	memset(r, 0, sizeof(*r));
	if (!check_format(cred, r) && !json_is_object(cred)) {
		r->ok = 0;
		return 0;
	}
	const char *issuer = verify_issuer_id(cred);
	enum proof_rc shape = proof_check(cred);
	check_proof_shape(shape, r);

	const char *vm = proof_method(cred), *controller = NULL;
	uint8_t pk[32];
	enum key_rc krc = key_resolve(did_doc, vm, pk, &controller);
	check_issuer(issuer, did_doc, controller, krc != KEY_UNKNOWN, r);
	check_key(vm, krc, r);
	if (shape != PROOF_OK || krc != KEY_OK)
		report_add(r, "signature", 0, "unchecked", MSG_VERIFY_SIGNATURE_UNCHECKED, 0, 0, 0);
	else if (proof_verify(cred, pk) != PROOF_OK)
		report_add(r, "signature", 0, "signature", MSG_VERIFY_SIGNATURE_BAD, 0, 0, 0);
	else
		report_add(r, "signature", 1, "ok", MSG_VERIFY_SIGNATURE_OK, 0, 0, 0);

	check_dates(cred, now, r);

	const json_t *status = json_object_get(cred, "credentialStatus");
	if (json_is_object(status))
		check_status_entry(status, issuer, did_doc, fetch, ctx, r);
	else if (json_is_array(status))
		for (size_t i = 0; i < json_array_size(status); i++)
			check_status_entry(json_array_get(status, i), issuer, did_doc, fetch, ctx, r);
	else if (status != NULL)
		report_add(r, "status", 0, "entry_invalid", MSG_VERIFY_STATUS_ENTRY_BAD, 0, 0, 0);

	r->ok = r->n > 0;
	for (size_t i = 0; i < r->n; i++)
		if (!r->checks[i].ok)
			r->ok = 0;
	return r->ok;
}

json_t *
verify_did_key_document(const char *did)
{
	uint8_t pk[32];
	if (did == NULL || strncmp(did, "did:key:", 8) != 0 || multikey_decode(did + 8, pk) != 0)
		return NULL;
	const char *mk = did + 8;
	size_t n = strlen(did) + 1 + strlen(mk) + 1;
	char *vm = xmalloc(n);
	snprintf(vm, n, "%s#%s", did, mk);
	json_t *doc = json_pack("{s:[s,s], s:s, s:[{s:s, s:s, s:s, s:s}], s:[s]}",
	    "@context", "https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1",
	    "id", did, "verificationMethod", "id", vm, "type", "Multikey", "controller", did,
	    "publicKeyMultibase", mk, "assertionMethod", vm);
	free(vm);
	return doc;
}
