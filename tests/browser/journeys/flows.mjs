// The registration journey's pieces, written once for both drivers (mouse or keyboard only):
// create an account, the agreement wizard, the case page and its actions, signing in and out.
// Every move goes through a link, button or form of the pages (the menu, the case links);
// only the first page of a journey is opened by address.
import { DEMO_PASSWORD, sqlStr } from '../lib/server.mjs';
import { TEXT, plain } from '../lib/texts.mjs';
import { pathOf, problem, submitButton } from '../lib/pages.mjs';

export const SPONSOR = 'sponsor@demo.passerelle.ca';
export const ADVISOR = 'advisor.province@demo.passerelle.ca';
export const CLIENT = 'client@demo.passerelle.ca';
export const ADMIN = 'admin@demo.passerelle.ca';

export function newPerson(env, tag, lang, given) {
	return {
		given: given ?? (lang === 'fr' ? 'Amélie' : 'Amelia'),
		family: `Testeur-${tag}-${env.runId}`,
		birth: [2001, 4, 15],
		email: `brw-${tag}-${env.runId}@example.org`,
		password: 'Browser-test-pass-2026',
		lang,
	};
}

export function startDate() {
	const d = new Date(Date.now() + 30 * 86400 * 1000);
	return [d.getFullYear(), d.getMonth() + 1, d.getDate()];
}

export async function ensureOk(page, what) {
	const p = await problem(page);
	if (p)
		throw new Error(`${what}: ${p}`);
}

function expectPath(page, re, what) {
	const p = pathOf(page.url());
	if (!re.test(p))
		throw new Error(`${what}: landed on ${p}, expected ${re}`);
}

// A link by its exact target (relative, as the pages write them, or absolute).
export function linkTo(page, href, scope = 'body') {
	const origin = new URL(page.url()).origin;
	return page.locator(`${scope} a[href="${href}"], ${scope} a[href="${origin}${href}"]`);
}

export function createAccountPlan(lang, p) {
	const t = TEXT[lang];
	return [
		{ kind: 'text', what: 'given name', label: t.givenName, names: ['given_name'], value: p.given },
		{ kind: 'text', what: 'family name', label: t.familyName, names: ['family_name'], value: p.family },
		{ kind: 'date', what: 'birth date', group: t.birth, value: p.birth },
		{ kind: 'radio', what: 'preferred language', group: t.language, option: t.langOwn,
			names: ['language', 'lang', 'preferred_language'], value: lang },
		{ kind: 'text', what: 'email', label: t.email, names: ['email'], value: p.email },
		{ kind: 'text', what: 'password', label: t.password, names: ['password'], value: p.password },
		{ kind: 'text', what: 'password confirmation', label: t.passwordConfirm,
			names: ['password_confirm', 'password2', 'confirm_password'], value: p.password },
	];
}

export function signInPlan(lang, email, password) {
	const t = TEXT[lang];
	return [
		{ kind: 'text', what: 'sign-in email', label: t.email, names: ['email'], value: email },
		{ kind: 'text', what: 'sign-in password', label: t.password, names: ['password'], value: password },
	];
}

export async function createAccount(d, env, lang, person) {
	const page = d.page;
	if (!pathOf(page.url()).startsWith(`/${lang}`)) {
		const st = await d.open(`${env.base}/${lang}`);
		if (st >= 400)
			throw new Error(`/${lang} answered ${st}`);
	}
	await d.follow(linkTo(page, `/${lang}/create-account`), 'the "Create an account" link');
	await ensureOk(page, 'the create-account page');
	await d.fill(createAccountPlan(lang, person));
	await d.submit(submitButton(page), 'the create-account button');
	await ensureOk(page, 'after creating the account');
	expectPath(page, new RegExp(`^/${lang}/my-files`), 'after creating the account');
}

export async function signIn(d, env, lang, email, password = DEMO_PASSWORD) {
	const page = d.page;
	if (!pathOf(page.url()).startsWith(`/${lang}/sign-in`))
		await d.follow(linkTo(page, `/${lang}/sign-in`, 'nav'), 'the "Sign in" link');
	await ensureOk(page, 'the sign-in page');
	await d.fill(signInPlan(lang, email, password));
	await d.submit(submitButton(page), 'the sign-in button');
	await ensureOk(page, `after signing in as ${email}`);
	if ((await page.locator('.pl-header__name').count()) === 0)
		throw new Error(`after signing in as ${email}: no signed-in user in the header at ${pathOf(page.url())}`);
}

export async function signOut(d) {
	const page = d.page;
	await d.submit(page.locator('form.pl-header__form button[type="submit"]'), 'the "Sign out" button');
	await ensureOk(page, 'after signing out');
	if ((await page.locator('.pl-header__name').count()) !== 0)
		throw new Error('still signed in after "Sign out"');
}

// Which question a wizard page asks: by its address, else by what the form holds.
async function stepKind(page, lang) {
	const t = TEXT[lang];
	const slug = (pathOf(page.url()).match(/\/agreements\/new\/([^/?#]+)/) || [])[1] || '';
	if (/check|review|summary|confirm/.test(slug))
		return 'check';
	if (/sponsor|employer/.test(slug))
		return 'sponsor';
	if (/trade/.test(slug))
		return 'trade';
	if (/start|date/.test(slug))
		return 'start date';
	if (/lang/.test(slug))
		return 'language';
	const main = page.locator('main');
	const h1 = await main.locator('h1').first().innerText().catch(() => '');
	if (t.checkAnswers.test(h1))
		return 'check';
	if (await main.locator('select').count())
		return 'trade';
	if (await main.getByLabel(t.year, { exact: true }).count())
		return 'start date';
	if (await main.locator('input[type="radio"]').count())
		return 'language';
	if (await main.locator('input[type="text"], input:not([type])').count())
		return 'sponsor';
	return `unknown (${pathOf(page.url())})`;
}

async function stepPlan(page, lang, kind, sponsorNumber) {
	const t = TEXT[lang];
	const main = page.locator('main');
	switch (kind) {
	case 'sponsor':
		return [{ kind: 'text', what: 'sponsor number', label: t.sponsorNumber,
			names: ['sponsor', 'sponsor_number', 'sponsor_id', 'org_id'], value: sponsorNumber }];
	case 'trade':
		if (await main.locator('select').count())
			return [{ kind: 'select', what: 'trade', label: t.trade, names: ['trade', 'trade_code'],
				option: t.tradeOption }];
		if (await main.locator('input[type="radio"]').count())
			return [{ kind: 'radio', what: 'trade', group: t.trade, option: t.tradeOption,
				names: ['trade', 'trade_code'], value: '309A' }];
		return [{ kind: 'text', what: 'trade', label: t.trade, names: ['trade', 'trade_code'], value: '309A' }];
	case 'start date':
		return [{ kind: 'date', what: 'start date', group: t.startDate, value: startDate() }];
	case 'language':
		return [{ kind: 'radio', what: 'language of the agreement', group: t.language, option: t.langOwn,
			names: ['language', 'lang'], value: lang }];
	default:
		throw new Error(`a wizard page the test does not know: ${kind}`);
	}
}

// From a signed-in client's page: the menu's "Start a training agreement", "Start now", each
// question, "Check your answers", Submit → the confirmation. Returns the case id.
export async function startAgreement(d, env, j, lang, sponsorNumber) {
	const page = d.page;
	const t = TEXT[lang];
	const ok = await j.step('"Start a training agreement" → "Start now"', async () => {
		await d.follow(linkTo(page, `/${lang}/agreements/new`, 'nav'), 'the "Start a training agreement" link');
		await ensureOk(page, 'the agreement start page');
		const main = page.locator('main');
		let start = main.getByRole('link', { name: t.startNow });
		if ((await start.count()) === 0)
			start = main.getByRole('button', { name: t.startNow });
		if ((await start.count()) === 0)
			throw new Error(`no "Start now" link or button on ${pathOf(page.url())}`);
		await d.follow(start, '"Start now"');
	});
	if (!ok)
		return null;
	const seen = [];
	for (let k = 0; k < 10; k++) {
		const here = pathOf(page.url());
		const m = here.match(/\/agreements\/(\d+)\/confirmation/);
		if (m) {
			const id = Number(m[1]);
			const shown = await j.step(`confirmation page with a reference (after ${seen.join(' → ')})`, async () => {
				await ensureOk(page, 'the confirmation page');
				const text = plain(await page.locator('main').innerText());
				if (!t.reference.test(text) || !/\d/.test(text))
					throw new Error(`the confirmation page shows no reference: "${text.slice(0, 300)}"`);
				for (const want of ['sponsor', 'trade', 'start date', 'language', 'check'])
					if (!seen.includes(want))
						env.rep.note(`the wizard did not ask "${want}" (pages: ${seen.join(' → ')})`);
			});
			return shown ? id : null;
		}
		let kind = null;
		const done = await j.step(`wizard page ${here}`, async () => {
			await ensureOk(page, 'the wizard');
			kind = await stepKind(page, lang);
			seen.push(kind);
			if (kind === 'check') {
				const text = plain(await page.locator('main').innerText());
				if (!/309A|electric|électric/i.test(text))
					throw new Error(`"Check your answers" does not show the trade: "${text.slice(0, 300)}"`);
				let b = submitButton(page, t.submit);
				if ((await b.count()) === 0)
					b = submitButton(page);
				await d.submit(b, 'the Submit button');
			} else {
				await d.fill(await stepPlan(page, lang, kind, sponsorNumber));
				await d.submit(submitButton(page), 'the Continue button');
			}
			await ensureOk(page, `after answering "${kind}"`);
		});
		if (!done)
			return null;
	}
	await j.step('the wizard ends on a confirmation page', async () => {
		throw new Error(`no confirmation after ${seen.join(' → ')}`);
	});
	return null;
}

// Follows the link to the case from the page the browser is on, else from the menu page navPath
// (through its "Next page" links when paging). Returns false when no page links to it.
export async function openCase(d, lang, caseId, navPath, { paging = false } = {}) {
	const page = d.page;
	const t = TEXT[lang];
	const href = `/${lang}/cases/${caseId}`;
	let l = linkTo(page, href, 'main');
	if ((await l.count()) === 0) {
		await d.follow(linkTo(page, `/${lang}${navPath}`, 'nav'), `the ${navPath} link in the menu`);
		await ensureOk(page, navPath);
		l = linkTo(page, href, 'main');
		for (let k = 0; paging && k < 40 && (await l.count()) === 0; k++) {
			const next = page.locator('main a[rel="next"]').or(page.locator('main').getByRole('link', { name: t.nextPage }));
			if ((await next.count()) === 0)
				break;
			await d.follow(next.first(), 'the "Next page" link');
			await ensureOk(page, `${navPath} (page ${k + 2})`);
			l = linkTo(page, href, 'main');
		}
	}
	if ((await l.count()) === 0)
		return false;
	await d.follow(l.first(), `the link to case ${caseId}`);
	await ensureOk(page, `the case page ${href}`);
	return true;
}

// On the case page: the action's link, its form (plan), the confirm button.
export async function caseAction(d, lang, caseId, action, plan = []) {
	const page = d.page;
	const href = `/${lang}/cases/${caseId}/actions/${action}`;
	const l = linkTo(page, href, 'main');
	if ((await l.count()) === 0)
		throw new Error(`the case page ${pathOf(page.url())} has no link to ${href}`);
	await d.follow(l.first(), `the "${action}" action`);
	await ensureOk(page, `the ${action} page`);
	if (plan.length)
		await d.fill(plan);
	await d.submit(submitButton(page), `the ${action} confirm button`);
	await ensureOk(page, `after ${action}`);
}

export function caseState(env, caseId) {
	return env.srv.sql(`SELECT state FROM cases WHERE id = ${Number(caseId)}`);
}

export function expectState(env, caseId, want) {
	const got = caseState(env, caseId);
	if (got !== want)
		throw new Error(`case ${caseId} is "${got}" in the database, expected "${want}"`);
}

// The sponsor number the client types: the one the sponsor's page shows when it did, else the
// sponsor's organisation id from the database.
export function sponsorNumber(env) {
	if (env.shared.sponsorNumber)
		return env.shared.sponsorNumber;
	return env.srv.sql(`SELECT org_id FROM users WHERE email = ${sqlStr(SPONSOR)}`);
}

// The whole journey: a new client registers an agreement, signs it; the sponsor signs; the
// advisor registers it. Returns the case id (or null).
export async function registration(env, d, j, lang, person, { full = true } = {}) {
	const t = TEXT[lang];
	const page = d.page;
	if (!(await j.step(`create an account (${person.email}) → my files`, () => createAccount(d, env, lang, person))))
		return null;
	j.check(env.srv.sql(`SELECT count(*) FROM users WHERE email = ${sqlStr(person.email)} AND role = 'client'`) === '1',
		'the new account is a client in the database');
	const caseId = await startAgreement(d, env, j, lang, sponsorNumber(env));
	if (!caseId)
		return null;
	await j.step(`case ${caseId} is "submitted" in the database and belongs to the new client`, async () => {
		expectState(env, caseId, 'submitted');
		const owner = env.srv.sql(`SELECT u.email FROM cases c JOIN users u ON u.person_id = c.person_id ` +
		    `WHERE c.id = ${caseId}`);
		if (owner !== person.email)
			throw new Error(`case ${caseId} belongs to ${owner}`);
	});
	await j.step('the client opens the case page', async () => {
		if (!(await openCase(d, lang, caseId, '/my-files')))
			throw new Error(`neither the confirmation nor "My files" links to /${lang}/cases/${caseId}`);
	});
	await j.step('"Sign as the apprentice" → confirm', async () => {
		await caseAction(d, lang, caseId, 'sign_apprentice');
		expectState(env, caseId, 'apprentice_signed');
	});
	if (!full)
		return caseId;
	await j.step('sign out', () => signOut(d));
	await j.step(`sign in as ${SPONSOR}`, () => signIn(d, env, lang, SPONSOR));
	await j.step('"To sign" lists the agreement → case page', async () => {
		if (!(await openCase(d, lang, caseId, '/to-sign')))
			throw new Error(`/${lang}/to-sign does not link to /${lang}/cases/${caseId}`);
	});
	await j.step('"Sign as the sponsor" with the signatory → confirm', async () => {
		await caseAction(d, lang, caseId, 'sign_sponsor', [{ kind: 'text', what: 'signatory',
			label: t.signatory, names: ['signatory'], value: 'Jeanne Ouellet' }]);
		expectState(env, caseId, 'sponsor_signed');
	});
	await j.step('sign out', () => signOut(d));
	await j.step(`sign in as ${ADVISOR}`, () => signIn(d, env, lang, ADVISOR));
	await j.step('the work queue lists the agreement → case page', async () => {
		if (!(await openCase(d, lang, caseId, '/queue', { paging: true })))
			throw new Error(`no page of /${lang}/queue links to /${lang}/cases/${caseId}`);
	});
	await j.step('"Register the agreement" → the case page shows "registered" and the number', async () => {
		await caseAction(d, lang, caseId, 'register');
		expectState(env, caseId, 'registered');
		const ref = env.srv.sql(`SELECT ref_no FROM cases WHERE id = ${caseId}`);
		const text = plain(await page.locator('main').innerText());
		if (!ref || !text.includes(ref))
			throw new Error(`the page does not show the registration number ${ref}: "${text.slice(0, 300)}"`);
		if (!t.registered.test(text))
			throw new Error(`the page does not say the agreement is registered (${t.registered})`);
		if (!/^ON-AP-\d{4}-\d{6}$/.test(ref))
			throw new Error(`registration number ${ref} is not ON-AP-YYYY-NNNNNN`);
	});
	return caseId;
}
