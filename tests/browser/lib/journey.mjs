// A journey: steps that depend on each other. Each step is one counted check; after a failed
// step the rest are listed as skipped (not counted), and a screenshot of the page it failed on
// goes to the artifacts (fail-<journey>-<n>.png).
import path from 'node:path';
import { errText } from './report.mjs';

export function slugify(s) {
	return String(s).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'x';
}

export class Journey {
	constructor(env, label, page) {
		this.env = env;
		this.rep = env.rep;
		this.label = label;
		this.page = page;
		this.dead = null;
		this.n = 0;
	}

	get alive() {
		return this.dead === null;
	}

	async step(name, fn) {
		this.n++;
		if (this.dead !== null) {
			this.rep.print(`  skipped ${this.rep.prefix()}${this.label}: ${name}`);
			return undefined;
		}
		try {
			const v = await fn();
			this.rep.ok(`${this.label}: ${name}`);
			return v === undefined ? true : v;
		} catch (e) {
			this.dead = name;
			let shot = '';
			if (this.page && !this.page.isClosed()) {
				const file = `fail-${slugify(this.label)}-${String(this.n).padStart(2, '0')}.png`;
				try {
					await this.page.screenshot({ path: path.join(this.env.artifacts, file), fullPage: true,
						timeout: 10000 });
					shot = ` [screenshot ${file}; page ${this.page.url()}]`;
				} catch {
					/* no screenshot */
				}
			}
			this.rep.fail(`${this.label}: ${name}`, errText(e) + shot);
			return undefined;
		}
	}

	// A check that does not end the journey.
	check(cond, name, detail) {
		if (this.dead !== null) {
			this.rep.print(`  skipped ${this.rep.prefix()}${this.label}: ${name}`);
			return false;
		}
		return this.rep.check(cond, `${this.label}: ${name}`, detail);
	}
}
