// An independent check of a credential passerelle issued: Digital Bazaar's verifiable-credential
// libraries (vc, data-integrity with the eddsa-jcs-2022 cryptosuite, Bitstring Status List),
// fully offline. Every document comes from the bundled contexts or from the input file; any other
// URL is refused, so nothing is ever fetched.
//
//     node tests/interop/verify.mjs INPUT.json
//
// INPUT.json: {"credential": {...}, "did_document": {...}, "context_url": "...", "context": {...},
//              "status_lists": {"<statusListCredential URL>": {...}, ...}}
// Prints one JSON line and exits 0 whatever the outcome (the caller decides):
//     {"verified": bool, "proof_ok": bool,
//      "status": {"revocation": bool|null, "suspension": bool|null},
//      "status_verified": bool|null, "jsonld_ok": bool, "jsonld_errors": [...],
//      "errors": [...], "loaded": [...]}
// "verified" is verifyCredential's own answer, which is true for a revoked or suspended
// credential: the status bits must be read as well. "proof_ok" is the credential's proof
// (signature, key listed for assertion, issuer = key controller). A status bit is null when the
// status was not checked or its list could not be verified. eddsa-jcs-2022 never reads a JSON-LD
// context, so "jsonld_ok" says whether the credential and its status lists also expand as JSON-LD
// in safe mode (every term defined, no value dropped), as a JSON-LD-aware verifier would require.
// Exits 2 on unusable input.

import {readFileSync} from 'node:fs';

import jsonld from 'jsonld';

import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {securityLoader} from '@digitalbazaar/security-document-loader';
import * as vc from '@digitalbazaar/vc';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

// A belt over the loader's braces: no library may reach the network behind its back.
globalThis.fetch = async url => {
	throw new Error(`network access refused (offline verifier): ${url}`);
};

function usage(msg) {
	process.stderr.write(`verify.mjs: ${msg}\nusage: node verify.mjs INPUT.json\n`);
	process.exit(2);
}

// The bundled contexts (VC 1.1/2.0, DID v1, ...) plus the documents given, and nothing else.
function offlineLoader(input, loaded) {
	const base = securityLoader();
	const did = input.did_document;
	base.addStatic(did.id, did);
	// did:web cannot be resolved offline: each key is served under its own id, as a resolver
	// dereferencing the DID URL would, with the DID document's context.
	for (const vm of did.verificationMethod || []) {
		base.addStatic(vm.id, {'@context': did['@context'], ...vm});
	}
	base.addStatic(input.context_url, input.context);
	for (const [url, doc] of Object.entries(input.status_lists || {})) {
		base.addStatic(url, doc);
	}
	const load = base.build();
	return async url => {
		loaded.push(url);
		if (!base.documents.has(url)) {
			throw new Error(`not available offline: ${url}`);
		}
		return load(url);
	};
}

function errorMessages(e, out) {
	if (!e) {
		return out;
	}
	if (Array.isArray(e)) {
		e.forEach(x => errorMessages(x, out));
		return out;
	}
	out.push(e.message || String(e));
	if (e.errors) {
		errorMessages(e.errors, out);
	}
	if (e.cause) {
		errorMessages(e.cause, out);
	}
	return out;
}

// Safe mode turns every dropped term or value into an error instead of silently losing it.
async function expandSafely(name, doc, documentLoader, errors) {
	try {
		await jsonld.expand(doc, {documentLoader, safe: true});
	} catch (e) {
		errors.push(`${name}: ${errorMessages(e, []).join('; ')}` +
			(e.details?.event ? ` (${JSON.stringify(e.details.event.details ?? e.details.event)})` : ''));
	}
}

async function main() {
	if (process.argv.length !== 3) {
		usage('one input file expected');
	}
	let input;
	try {
		input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
	} catch (e) {
		usage(e.message);
	}
	for (const k of ['credential', 'did_document', 'context_url', 'context']) {
		if (!input[k]) {
			usage(`"${k}" is missing`);
		}
	}
	const loaded = [];
	const documentLoader = offlineLoader(input, loaded);
	const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
	const out = {
		verified: false,
		proof_ok: false,
		status: {revocation: null, suspension: null},
		status_verified: null,
		jsonld_ok: false,
		jsonld_errors: [],
		errors: [],
		loaded
	};
	let result;
	try {
		result = await vc.verifyCredential({
			credential: input.credential, suite, documentLoader, checkStatus
		});
	} catch (e) {
		errorMessages(e, out.errors);
		process.stdout.write(JSON.stringify(out) + '\n');
		return;
	}
	out.verified = result.verified === true;
	// The proof results (jsonld-signatures): one per proof, each with the purpose check.
	out.proof_ok = Array.isArray(result.results) && result.results.length > 0 &&
		result.results.every(r => r.verified === true);
	errorMessages(result.error, out.errors);
	for (const r of result.results || []) {
		errorMessages(r.error, out.errors);
	}
	await expandSafely('credential', input.credential, documentLoader, out.jsonld_errors);
	for (const [url, doc] of Object.entries(input.status_lists || {})) {
		await expandSafely(url, doc, documentLoader, out.jsonld_errors);
	}
	out.jsonld_ok = out.jsonld_errors.length === 0;
	const sr = result.statusResult;
	if (sr) {
		out.status_verified = sr.verified === true;
		errorMessages(sr.error, out.errors);
		for (const r of sr.results || []) {
			const purpose = r.credentialStatus?.statusPurpose;
			if (r.verified === true && purpose in out.status) {
				out.status[purpose] = r.status === true;
			}
			errorMessages(r.error, out.errors);
		}
	}
	process.stdout.write(JSON.stringify(out) + '\n');
}

await main();
