// The run's results: every check is counted as passed or failed and printed as one "ok …" or
// "FAILED …" line (details indented under a failure); notes are printed but not counted. The
// whole output is also kept for the artifacts (log.txt).

export class Report {
	constructor() {
		this.passed = 0;
		this.failed = 0;
		this.lines = [];
		this.family = null;
		this.families = [];     // { name, passed, failed, ms }
		this.failures = [];     // "family: name" of each failure, for the closing list
	}

	// After freeze() only the returned writer counts and prints: the checks still running when
	// the run is cut short (deadline, signal) fail against a closed browser and are not news.
	freeze() {
		this.frozen = true;
		const through = (fn) => (...a) => {
			this.frozen = false;
			try {
				return fn.apply(this, a);
			} finally {
				this.frozen = true;
			}
		};
		const self = this;
		return { ok: through(this.ok), fail: through(this.fail), check: through(this.check),
			note: through(this.note), print: through(this.print), begin: through(this.begin),
			end: through(this.end), get family() {
				return self.family;
			} };
	}

	print(line) {
		if (this.frozen)
			return;
		this.lines.push(line);
		process.stdout.write(line + '\n');
	}

	begin(name) {
		if (this.frozen)
			return;
		this.end();
		this.family = { name, passed: 0, failed: 0, t0: Date.now() };
		this.print(`-- ${name}`);
	}

	end() {
		const f = this.family;
		if (!f || this.frozen)
			return;
		f.ms = Date.now() - f.t0;
		this.families.push(f);
		this.print(`== ${f.name}: ${f.passed} passed, ${f.failed} failed (${(f.ms / 1000).toFixed(1)} s)`);
		this.family = null;
	}

	ok(name) {
		if (this.frozen)
			return true;
		this.passed++;
		if (this.family)
			this.family.passed++;
		this.print(`ok ${this.prefix()}${name}`);
		return true;
	}

	fail(name, detail) {
		if (this.frozen)
			return false;
		this.failed++;
		if (this.family)
			this.family.failed++;
		this.print(`FAILED ${this.prefix()}${name}`);
		this.failures.push(`${this.prefix()}${name}`);
		if (detail !== undefined && detail !== null && detail !== '') {
			let d = typeof detail === 'string' ? detail : JSON.stringify(detail, null, 1);
			if (d.length > 4000)
				d = d.slice(0, 4000) + ' …';
			for (const l of d.split('\n'))
				this.print(`    ${l}`);
		}
		return false;
	}

	check(cond, name, detail) {
		return cond ? this.ok(name) : this.fail(name, typeof detail === 'function' ? detail() : detail);
	}

	note(text) {
		this.print(`  note: ${text}`);
	}

	prefix() {
		return this.family ? `${this.family.name}: ` : '';
	}
}

// Collects checks to print later as one block (pages checked side by side keep their lines
// together); flush() hands them to the main report in order.
export class Buffered {
	constructor(main) {
		this.main = main;
		this.items = [];
	}

	ok(name) {
		this.items.push(['ok', name]);
		return true;
	}

	fail(name, detail) {
		this.items.push(['fail', name, detail]);
		return false;
	}

	check(cond, name, detail) {
		return cond ? this.ok(name) : this.fail(name, typeof detail === 'function' ? detail() : detail);
	}

	note(text) {
		this.items.push(['note', text]);
	}

	print(line) {
		this.items.push(['print', line]);
	}

	prefix() {
		return this.main.prefix();
	}

	flush() {
		for (const [k, ...a] of this.items.splice(0))
			this.main[k](...a);
	}
}

// The first line of an error, without Playwright's call log.
export function errText(e) {
	const s = String(e && e.message ? e.message : e);
	return s.split('\n').filter((l) => l.trim() !== '' && !/^=+ ?logs ?=+$|^Call log:/i.test(l.trim()))
		.slice(0, 3).join(' | ');
}
