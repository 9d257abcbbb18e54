// One headless Chromium for the whole run (a persistent context on a fresh profile dir:
// launch() with a --user-data-dir argument is refused) and one fresh browser context per role or
// journey. Every context aborts and records any request that is not to the server under test,
// and records JavaScript errors and Content-Security-Policy reports from the pages.
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'package.json'));
const pw = require('playwright-core');
const axeMod = require('@axe-core/playwright');

export const chromium = pw.chromium ?? pw.default.chromium;
export const AxeBuilder = axeMod.default?.default ?? axeMod.AxeBuilder ?? axeMod.default;

export const CHROMIUM = '/usr/bin/chromium';
export const ACTION_TIMEOUT_MS = 15000;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
	'--disable-dev-shm-usage'];

export class Browser {
	constructor(baseUrl, tmp) {
		this.base = baseUrl;
		this.origin = new URL(baseUrl).origin;
		this.tmp = tmp;
		this.main = null;           // the persistent context (owns the browser)
		this.contexts = [];
		this.blocked = [];          // requests aborted because they left the server
		this.jsErrors = [];         // uncaught exceptions and CSP violations
	}

	async launch() {
		const profile = mkdtempSync(path.join(this.tmp, 'profile-'));
		this.main = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM, headless: true, args: ARGS,
			viewport: { width: 1280, height: 800 }, locale: 'en-CA',
		});
		await this.guard(this.main, 'main');
		for (const p of this.main.pages())
			await p.close();
	}

	// A fresh context (its own cookies); opts go to browser.newContext (javaScriptEnabled, …).
	async context(label, opts = {}) {
		const ctx = await this.main.browser().newContext({
			viewport: { width: 1280, height: 800 }, locale: 'en-CA', ...opts });
		await this.guard(ctx, label);
		this.contexts.push(ctx);
		return ctx;
	}

	async guard(ctx, label) {
		ctx.setDefaultTimeout(ACTION_TIMEOUT_MS);
		ctx.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
		await ctx.route('**/*', (route) => {
			const u = route.request().url();
			let ok = false;
			try {
				const url = new URL(u);
				ok = url.origin === this.origin || url.protocol === 'data:' || url.protocol === 'blob:' ||
				    u === 'about:blank';
			} catch {
				ok = false;
			}
			if (ok)
				return route.continue();
			this.blocked.push(`${label}: ${u}`);
			return route.abort('blockedbyclient');
		});
		ctx.on('weberror', (e) => {
			this.jsErrors.push(`${label}: ${e.page() ? e.page().url() : '?'}: ${e.error().message}`);
		});
		ctx.on('console', (m) => {
			const t = m.text();
			if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(t))
				this.jsErrors.push(`${label}: ${m.page() ? m.page().url() : '?'}: ${t}`);
		});
	}

	async closeContexts() {
		for (const c of this.contexts.splice(0))
			await c.close().catch(() => {});
	}

	async close() {
		await this.closeContexts();
		if (this.main)
			await this.main.close().catch(() => {});
		this.main = null;
	}
}
