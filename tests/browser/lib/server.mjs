// The server under test: a fresh database in a temp dir (migrate, then the demo seed), one
// `passerelle serve --port 0` on 127.0.0.1, stopped with SIGTERM by its own pid. Also the
// sqlite3 CLI for the checks that look at the database.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const DEMO_PASSWORD = 'passerelle-demo-2026';

const START_TIMEOUT_MS = 30000;
const STOP_TIMEOUT_MS = 10000;
const CLI_TIMEOUT_MS = 120000;

export class Server {
	constructor(binary, dir) {
		this.binary = path.resolve(binary);
		this.dir = dir;
		this.db = path.join(dir, 't.db');
		this.errPath = path.join(dir, 'server.stderr');
		this.proc = null;
		this.url = null;
		this.exitCode = undefined;
		this.env = { ...process.env };
		for (const k of Object.keys(this.env))
			if (k.startsWith('PASSERELLE_'))
				delete this.env[k];
		// The settings tests/api/harness.py uses: a throw-away field key and the fast
		// (test-only) password hashing.
		this.env.PASSERELLE_FIELD_KEY = randomBytes(32).toString('hex');
		this.env.PASSERELLE_PASSWORD_HASH = 'fast';
		this.env.PASSERELLE_LOG_LEVEL = 'warn';
	}

	cli(args) {
		const r = spawnSync(this.binary, args, { cwd: this.dir, env: this.env, encoding: 'utf8',
			timeout: CLI_TIMEOUT_MS });
		if (r.error || r.status !== 0)
			throw new Error(`passerelle ${args.join(' ')} failed (${r.error ? r.error.message : 'exit ' + r.status}): ` +
			    `${(r.stderr || '').slice(-1500)}`);
		return r.stdout;
	}

	prepare() {
		this.cli(['migrate', '--db', this.db]);
		this.cli(['seed', '--db', this.db, '--seed', '1', '--persons', '300', '--quiet']);
	}

	start() {
		const errFd = openSync(this.errPath, 'a');
		this.proc = spawn(this.binary, ['serve', '--db', this.db, '--bind', '127.0.0.1', '--port', '0'], {
			cwd: this.dir, env: this.env, stdio: ['ignore', 'pipe', errFd] });
		closeSync(errFd);
		this.proc.on('exit', (code, sig) => {
			this.exitCode = code === null ? sig : code;
		});
		return new Promise((resolve, reject) => {
			let buf = '';
			const timer = setTimeout(() => {
				this.kill();
				reject(new Error(`server did not print its URL within ${START_TIMEOUT_MS / 1000} s: ${buf} ${this.stderrTail()}`));
			}, START_TIMEOUT_MS);
			this.proc.stdout.on('data', (chunk) => {
				if (this.url)
					return;     // keep draining so the server never blocks on a full pipe
				buf += chunk.toString('utf8');
				const m = buf.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
				if (m) {
					clearTimeout(timer);
					this.url = m[1];
					resolve(this.url);
				}
			});
			this.proc.on('exit', () => {
				if (!this.url) {
					clearTimeout(timer);
					reject(new Error(`server exited (${this.exitCode}) before listening: ${buf} ${this.stderrTail()}`));
				}
			});
		});
	}

	alive() {
		return this.proc !== null && this.exitCode === undefined;
	}

	// SIGTERM, then SIGKILL after STOP_TIMEOUT_MS; resolves to the exit code (or signal name).
	stop() {
		if (!this.alive())
			return Promise.resolve(this.exitCode);
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.kill();
			}, STOP_TIMEOUT_MS);
			this.proc.once('exit', (code, sig) => {
				clearTimeout(timer);
				resolve(code === null ? sig : code);
			});
			this.proc.kill('SIGTERM');
		});
	}

	// Synchronous last resort (process exit handlers).
	kill() {
		if (this.alive()) {
			try {
				this.proc.kill('SIGKILL');
			} catch {
				/* already gone */
			}
		}
	}

	stderrTail(n = 2000) {
		try {
			return readFileSync(this.errPath, 'utf8').slice(-n);
		} catch {
			return '';
		}
	}

	// One value (first column of the first row) or all rows as arrays of strings.
	sqlRows(query) {
		const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', '-separator', '\t', this.db, query],
			{ encoding: 'utf8', timeout: 30000 });
		if (r.error || r.status !== 0)
			throw new Error(`sqlite3 failed: ${r.error ? r.error.message : r.stderr}`);
		return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
	}

	sql(query) {
		const rows = this.sqlRows(query);
		return rows.length ? rows[0][0] : null;
	}
}

// A literal for SQL text (the checks only pass values the tests made themselves).
export function sqlStr(s) {
	return `'${String(s).replace(/'/g, "''")}'`;
}
