#!/usr/bin/env node
// passerelle's browser test suite (see README.md): a fresh demo database, one server, one
// headless Chromium; page inventory with axe in both languages, error states, the registration
// journey (mouse, keyboard only, without JavaScript), escaping and the session time-out warning.
//
//   node tests/browser/run.mjs --binary build/passerelle [--artifacts DIR] [--keep]
//        [--only inventory,errors,registration,keyboard,nojs,escaping,session] [--deadline SECONDS]
//
// Prints "ok …" / "FAILED …" per check, a summary per family, the artifacts directory, and last
// "N passed, N failed"; exits 1 on any failure.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import { Report, errText } from './lib/report.mjs';
import { Server } from './lib/server.mjs';
import { Browser, CHROMIUM } from './lib/browser.mjs';
import { inventory } from './journeys/inventory.mjs';
import { errors } from './journeys/errors.mjs';
import { registration, keyboard, nojs } from './journeys/registration.mjs';
import { escaping } from './journeys/escaping.mjs';
import { session } from './journeys/session.mjs';

const FAMILIES = { inventory, errors, registration, keyboard, nojs, escaping, session };

function parseArgs(argv) {
	const a = { binary: null, artifacts: 'build/browser-artifacts', keep: false, only: null, deadline: 480 };
	for (let i = 0; i < argv.length; i++) {
		const k = argv[i];
		const v = () => {
			if (i + 1 >= argv.length)
				usage(`${k} needs a value`);
			return argv[++i];
		};
		if (k === '--binary')
			a.binary = v();
		else if (k === '--artifacts')
			a.artifacts = v();
		else if (k === '--keep')
			a.keep = true;
		else if (k === '--only')
			a.only = v().split(',').map((s) => s.trim()).filter(Boolean);
		else if (k === '--deadline')
			a.deadline = Number(v());
		else if (k === '--help' || k === '-h')
			usage(null);
		else
			usage(`unknown argument ${k}`);
	}
	if (!a.binary)
		usage('--binary is required');
	for (const f of a.only ?? [])
		if (!FAMILIES[f])
			usage(`unknown family ${f} (${Object.keys(FAMILIES).join(', ')})`);
	if (!(a.deadline > 0))
		usage('--deadline must be a positive number of seconds');
	return a;
}

function usage(msg) {
	if (msg)
		console.error(`run.mjs: ${msg}`);
	console.error('usage: node tests/browser/run.mjs --binary PATH [--artifacts DIR] [--keep] [--only a,b] [--deadline S]');
	console.error(`families: ${Object.keys(FAMILIES).join(', ')}`);
	if (msg) {
		console.log('0 passed, 1 failed');
		process.exit(2);
	}
	process.exit(0);
}

const args = parseArgs(process.argv.slice(2));
const rep = new Report();
const t0 = Date.now();
const artifacts = path.resolve(args.artifacts);
let tmp = null;
let srv = null;
let br = null;
let finishing = null;
let deadlineTimer = null;

// Closes everything and prints the totals; cut: the run was cut short (deadline, signal) and
// why, counted as one failure.
async function finish(cut = null) {
	if (finishing)
		return finishing;
	const w = rep.freeze();
	if (cut)
		w.fail(cut);
	finishing = (async () => {
		clearTimeout(deadlineTimer);
		if (w.family && w.family.name !== 'run')
			w.end();
		if (!w.family)
			w.begin('run');
		if (br) {
			await Promise.race([br.close(), new Promise((r) => setTimeout(r, 15000))]);
			br = null;
		}
		if (srv && srv.proc) {
			const alive = srv.alive();
			w.check(alive, 'the server ran to the end (no crash)',
				`exit ${srv.exitCode}; its stderr ends:\n${srv.stderrTail()}`);
			if (alive) {
				const code = await srv.stop();
				w.check(code === 0, 'the server stops cleanly on SIGTERM', `exit ${code}`);
			}
		}
		w.end();
		if (tmp && !args.keep)
			rmSync(tmp, { recursive: true, force: true });
		else if (tmp)
			w.print(`kept ${tmp} (database t.db, server.stderr)`);
		w.print(`time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		if (rep.failures.length) {
			w.print(`failures (${rep.failures.length}):`);
			for (const f of rep.failures.slice(0, 60))
				w.print(`  - ${f}`);
			if (rep.failures.length > 60)
				w.print(`  … and ${rep.failures.length - 60} more`);
		}
		w.print(`artifacts: ${artifacts}`);
		try {
			writeFileSync(path.join(artifacts, 'log.txt'), rep.lines.join('\n') + '\n');
		} catch {
			/* the artifacts dir may be what failed */
		}
		process.stdout.write(`${rep.passed} passed, ${rep.failed} failed\n`);
		process.exit(rep.failed ? 1 : 0);
	})();
	return finishing;
}

process.on('exit', () => {
	if (srv)
		srv.kill();    // last resort: never leave the server behind
});
for (const sig of ['SIGINT', 'SIGTERM']) {
	process.on(sig, () => {
		finish(`interrupted by ${sig}`);
	});
}

async function main() {
	deadlineTimer = setTimeout(() => {
		finish(`the run passed its deadline of ${args.deadline} s; stopped`);
	}, args.deadline * 1000);

	rep.begin('setup');
	if (!rep.check(existsSync(CHROMIUM), `${CHROMIUM} is installed`, 'apt-get install -y chromium'))
		return;
	if (!rep.check(existsSync(args.binary), `${args.binary} exists`))
		return;
	mkdirSync(artifacts, { recursive: true });
	for (const f of readdirSync(artifacts))
		if (/\.(png|txt|json)$/.test(f))
			unlinkSync(path.join(artifacts, f));
	tmp = mkdtempSync(path.join(os.tmpdir(), 'passerelle-browser-'));
	srv = new Server(args.binary, tmp);
	try {
		srv.prepare();
		rep.ok('migrate + seed (--seed 1 --persons 300) a fresh database');
		const url = await srv.start();
		rep.ok(`server listening on ${url}`);
		br = new Browser(url, tmp);
		await br.launch();
		rep.ok('Chromium started');
	} catch (e) {
		rep.fail(`setup: ${errText(e)}`);
		return;
	}
	rep.end();

	const env = { rep, br, base: srv.url, srv, artifacts, shared: {}, axeLog: [],
		runId: Date.now().toString(36) + randomBytes(2).toString('hex') };
	for (const [name, fn] of Object.entries(FAMILIES)) {
		if (args.only && !args.only.includes(name))
			continue;
		try {
			await fn(env);
		} catch (e) {
			rep.fail(`${name} stopped: ${errText(e)}`);
			if (rep.family)
				rep.end();
		}
		await br.closeContexts();
	}

	rep.begin('run');
	rep.check(br.blocked.length === 0, 'no request left the server under test (all others aborted)',
		br.blocked.slice(0, 30).join('\n'));
	rep.check(br.jsErrors.length === 0, 'no JavaScript error or Content-Security-Policy report on any page',
		[...new Set(br.jsErrors)].slice(0, 30).join('\n'));
	writeFileSync(path.join(artifacts, 'axe-violations.json'), JSON.stringify(env.axeLog, null, 1) + '\n');
}

main().then(() => finish(), (e) => finish(`the runner failed: ${e && e.stack ? e.stack : e}`));
