// Page helpers: navigation with the final HTTP status, fields found by label, form submits,
// sign-in / sign-out through the pages, axe, and what has the keyboard focus.
import { AxeBuilder, ACTION_TIMEOUT_MS } from './browser.mjs';
import { DEMO_PASSWORD } from './server.mjs';
import { TEXT } from './texts.mjs';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// A page that remembers the status of its last main-frame document response (after a POST and
// its 303, the status of the page it landed on).
export async function newPage(ctx) {
	const page = await ctx.newPage();
	page.lastStatus = null;
	page.on('response', (r) => {
		try {
			if (r.request().isNavigationRequest() && r.frame() === page.mainFrame())
				page.lastStatus = r.status();
		} catch {
			/* a detached frame */
		}
	});
	return page;
}

export async function goto(page, url) {
	const resp = await page.goto(url, { waitUntil: 'load' });
	page.lastStatus = resp ? resp.status() : page.lastStatus;
	return page.lastStatus;
}

// Runs action (a click or a key press) and waits for the main frame's next document.
export async function withNav(page, action) {
	const nav = page.waitForEvent('framenavigated', {
		predicate: (f) => f === page.mainFrame(), timeout: ACTION_TIMEOUT_MS });
	await action();
	await nav;
	await page.waitForLoadState('load');
	return page.lastStatus;
}

export function withTimeout(promise, ms, what) {
	let timer;
	return Promise.race([
		promise.finally(() => clearTimeout(timer)),
		new Promise((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
		}),
	]);
}

// What is wrong with the page the browser is on, for a journey step: an HTTP error or an
// error summary (null when neither).
export async function problem(page) {
	const st = page.lastStatus;
	const h1 = await page.locator('h1').first().innerText().catch(() => '');
	if (st !== null && st >= 400)
		return `HTTP ${st} at ${pathOf(page.url())} ("${h1}")${st === 404 ? ' (page missing or a placeholder?)' : ''}`;
	if (await page.locator('#error-summary').count()) {
		const items = await page.locator('#error-summary li').allInnerTexts();
		return `error summary at ${pathOf(page.url())}: ${items.join('; ')}`;
	}
	return null;
}

// A page's kind: its path without the query, numeric ids as {id}.
export function pageKind(u) {
	return pathOf(u).replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/{id}');
}

export function pathOf(u) {
	try {
		const x = new URL(u);
		return x.pathname + x.search;
	} catch {
		return String(u);
	}
}

// ---- fields ----

// Finds a form control by its visible label (spec.label, a RegExp or exact string) inside
// scope; failing that by one of spec.names, with a note saying the label did not match (and
// whether the control has any label at all). Throws when neither finds it.
export async function field(page, spec, rep, scope = null) {
	const root = scope ?? page.locator('main');
	if (spec.label) {
		const l = typeof spec.label === 'string' ?
			root.getByLabel(spec.label, { exact: true }) : root.getByLabel(spec.label);
		const n = await l.count();
		if (n >= 1) {
			if (n > 1 && rep && !spec.quietMany)
				rep.note(`${spec.what}: label ${spec.label} matches ${n} controls; using the first`);
			return l.first();
		}
	}
	for (const name of spec.names ?? []) {
		const l = root.locator(name.includes('[') ? name : `[name="${name}"]`);
		if (await l.count()) {
			const labelled = await l.first().evaluate((el) =>
				(el.labels && el.labels.length > 0) || el.hasAttribute('aria-labelledby') ||
				el.hasAttribute('aria-label'));
			if (rep)
				rep.note(`${spec.what}: no control labelled ${spec.label} at ${pathOf(page.url())}; found by name ` +
				    `${name}${labelled ? '' : ' — and it has NO label'}`);
			if (!labelled)
				throw new Error(`${spec.what}: the control named ${name} has no label`);
			return l.first();
		}
	}
	throw new Error(`${spec.what}: no control labelled ${spec.label}${spec.names ? ' or named ' +
	    spec.names.join('/') : ''} at ${pathOf(page.url())}`);
}

// The date group (a fieldset whose legend matches groupLabel, or the only one) → its three parts.
export async function dateParts(page, lang, groupLabel, rep, what) {
	const t = TEXT[lang];
	let scope = page.locator('main');
	if (groupLabel) {
		const g = page.locator('main').getByRole('group', { name: groupLabel });
		if (await g.count())
			scope = g.first();
	}
	const part = async (label, suffix) => field(page, { what: `${what} ${suffix}`, label,
		names: [`input[name$="_${suffix}"]`, `input[id$="-${suffix}"]`] }, rep, scope);
	return { y: await part(t.year, 'year'), m: await part(t.month, 'month'), d: await part(t.day, 'day') };
}

// The first submit button of the form in <main> (or the first whose name matches nameRe).
export function submitButton(page, nameRe = null) {
	const all = page.locator('main form').locator('button[type="submit"], input[type="submit"], button:not([type])');
	return nameRe ? all.filter({ hasText: nameRe }) : all;
}

export async function submitMain(page, nameRe = null) {
	let b = submitButton(page, nameRe);
	if (nameRe && (await b.count()) === 0)
		b = submitButton(page);
	if ((await b.count()) === 0)
		throw new Error(`no submit button in main at ${pathOf(page.url())}`);
	return withNav(page, () => b.first().click());
}

// ---- signing in and out through the pages ----

export async function signInForm(page, base, lang, email, password, rep) {
	const t = TEXT[lang];
	const st = await goto(page, `${base}/${lang}/sign-in`);
	if (st >= 400)
		throw new Error(`/${lang}/sign-in answered ${st} (page missing or a placeholder?)`);
	await (await field(page, { what: 'sign-in email', label: t.email, names: ['email'] }, rep)).fill(email);
	await (await field(page, { what: 'sign-in password', label: t.password, names: ['password'] }, rep)).fill(password);
	await submitMain(page);
	const p = await problem(page);
	if (p)
		throw new Error(`signing in as ${email}: ${p}`);
	if ((await page.locator('.pl-header__name').count()) === 0)
		throw new Error(`signing in as ${email}: the header does not show a signed-in user at ${pathOf(page.url())}`);
}

// Signs in through the form; when the form fails, counts the failure and signs in through the
// API (POST /api/v1/session sets the same cookie) so the role's pages can still be checked.
export async function signIn(page, base, lang, email, rep, { password = DEMO_PASSWORD, fallback = true } = {}) {
	try {
		await signInForm(page, base, lang, email, password, rep);
		rep.ok(`sign in as ${email} through /${lang}/sign-in`);
		return 'form';
	} catch (e) {
		rep.fail(`sign in as ${email} through /${lang}/sign-in`, e.message);
		if (!fallback)
			return null;
		const r = await page.context().request.post(`${base}/api/v1/session`,
			{ data: { email, password }, failOnStatusCode: false });
		if (r.status() !== 201) {
			rep.note(`API sign-in as ${email} also failed: HTTP ${r.status()}`);
			return null;
		}
		rep.note(`signed in as ${email} through the API instead, to check the pages`);
		return 'api';
	}
}

// ---- axe ----

// Legacy mode runs axe.run in the page itself (injected through the DevTools protocol, so the
// pages' Content-Security-Policy does not apply) instead of opening a blank helper page for
// each analysis: the same rules and results for our single-origin pages (no iframes), about
// twice as fast here (≈1 s instead of 2.5–4 s a page on 2 cores).
export async function axe(page, include = null) {
	let b = new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true);
	if (include)
		b = b.include(include);
	const res = await withTimeout(b.analyze(), 30000, 'axe');
	return res.violations;
}

export function fmtViolations(vs) {
	const out = [];
	for (const v of vs) {
		for (const n of v.nodes.slice(0, 6))
			out.push(`${v.id} [${v.impact}] ${JSON.stringify(n.target)}: ${v.help}` +
			    (n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}` : ''));
		if (v.nodes.length > 6)
			out.push(`${v.id}: … and ${v.nodes.length - 6} more`);
	}
	return out.join('\n');
}

// ---- focus ----

// What has the focus (runs in the page): tag, type, name, id, href, label text, whether it is
// in <main>, and whether a focus indicator is drawn (a visible outline or a box-shadow on the
// element; for radios and checkboxes, whose ODS ring is drawn by the label's ::before).
export function activeInfo() {
	const el = document.activeElement;
	if (!el || el === document.body || el === document.documentElement)
		return { tag: 'BODY', desc: 'body', focusVisible: true };
	const drawn = (s) => (s.boxShadow && s.boxShadow !== 'none') ||
	    (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 &&
	     !/rgba\(\s*\d+,\s*\d+,\s*\d+,\s*0\s*\)|transparent/.test(s.outlineColor));
	let vis = drawn(getComputedStyle(el));
	const lab = el.labels && el.labels[0];
	if (!vis && lab && (el.type === 'radio' || el.type === 'checkbox'))
		vis = drawn(getComputedStyle(lab, '::before')) || drawn(getComputedStyle(lab, '::after')) ||
		    drawn(getComputedStyle(lab));
	const label = lab ? lab.innerText : (el.getAttribute('aria-label') || '');
	const text = (el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 80);
	const href = el.getAttribute('href') || '';
	return {
		tag: el.tagName, type: el.type || '', name: el.getAttribute('name') || '', id: el.id || '',
		href, label: label.trim().replace(/\s+/g, ' '), text, inMain: !!el.closest('main'),
		checked: !!el.checked,
		selected: el.tagName === 'SELECT' && el.selectedIndex >= 0 ? el.options[el.selectedIndex].text : '',
		desc: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : ''}` +
		    `${href ? '[href=' + href + ']' : ''} "${(label || text).slice(0, 40)}"`,
		focusVisible: vis,
	};
}

