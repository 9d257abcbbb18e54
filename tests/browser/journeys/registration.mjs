// 3. The registration journey through the pages, in English and in French (a new client each).
// 4. The same journey in English with the keyboard only, the focus visible at every stop.
// 5. With JavaScript off: the client's part (account, wizard, confirmation, signing).
import path from 'node:path';
import { KeyboardDriver, MouseDriver } from '../lib/drivers.mjs';
import { Journey, slugify } from '../lib/journey.mjs';
import { axe, fmtViolations, goto, newPage, pageKind, submitMain } from '../lib/pages.mjs';
import { errText } from '../lib/report.mjs';
import { errorPageChecks } from './errors.mjs';
import { newPerson, registration as journey } from './flows.mjs';

// The pages a journey passes through that the inventory does not list (the wizard's other
// steps, the confirmation, the action forms, …): axe and one h1 on the first visit of each
// kind of page (ids replaced by {id}), and a screenshot <lang>-journey-<slug>-1280.png.
function auditor(env, lang, seen) {
	return async (page) => {
		const st = page.lastStatus;
		if (st !== null && st >= 400)
			return;    // the journey step reports it
		const kind = pageKind(page.url());
		if (seen.has(kind))
			return;
		seen.add(kind);
		const name = `${lang} page ${kind} (reached in the journey)`;
		try {
			const v = await axe(page);
			for (const x of v)
				env.axeLog.push({ page: name, id: x.id, impact: x.impact, help: x.help, targets: x.nodes.map((n) => n.target) });
			env.rep.check(v.length === 0, `${name}: axe 0 violations`, fmtViolations(v));
			const h1 = await page.locator('h1').count();
			env.rep.check(h1 === 1, `${name}: exactly one h1`, `${h1} h1 elements`);
			await page.screenshot({ path: path.join(env.artifacts, `${lang}-journey-${slugify(kind.slice(3))}-1280.png`),
				fullPage: true });
		} catch (e) {
			env.rep.fail(`${name}: ${errText(e)}`);
		}
	};
}

export async function registration(env) {
	const { rep, br, base } = env;
	rep.begin('registration');
	for (const lang of ['en', 'fr']) {
		const ctx = await br.context(`registration-${lang}`);
		const page = await newPage(ctx);
		const d = new MouseDriver(page, lang, rep);
		d.afterNav = auditor(env, lang, new Set(env.shared.inventoried ?? []));
		await d.open(`${base}/${lang}`);
		const j = new Journey(env, `${lang} journey`, page);
		await journey(env, d, j, lang, newPerson(env, `reg-${lang}`, lang));
		await ctx.close();
	}
	rep.end();
}

export async function keyboard(env) {
	const { rep, br, base } = env;
	rep.begin('keyboard');
	const ctx = await br.context('keyboard');
	const page = await newPage(ctx);
	const d = new KeyboardDriver(page, 'en', rep);
	await d.open(`${base}/en`);
	const j = new Journey(env, 'en keyboard-only journey', page);
	await journey(env, d, j, 'en', newPerson(env, 'kbd', 'en'));
	const bad = [...d.noFocusRing.entries()].map(([desc, at]) => `${desc} at ${at}`);
	rep.check(d.stops > 0 && bad.length === 0,
		`a focus indicator (outline or box-shadow) at each of the ${d.stops} Tab stops`,
		bad.length ? `no visible focus on:\n${bad.join('\n')}` : 'no Tab stops were reached');
	await ctx.close();
	rep.end();
}

export async function nojs(env) {
	const { rep, br, base } = env;
	rep.begin('no-javascript');
	const ctx = await br.context('nojs', { javaScriptEnabled: false });
	const page = await newPage(ctx);
	try {
		const st = await goto(page, `${base}/en/sign-in`);
		if (st >= 400)
			throw new Error(`/en/sign-in answered ${st} (page missing or a placeholder?)`);
		await submitMain(page);
		await errorPageChecks(env, page, 'en sign-in sent empty without JavaScript', 'en', { js: false });
	} catch (e) {
		rep.fail(`en sign-in sent empty without JavaScript: ${errText(e)}`);
	}
	const d = new MouseDriver(page, 'en', rep);
	await d.open(`${base}/en`);
	const j = new Journey(env, 'en journey without JavaScript', page);
	await journey(env, d, j, 'en', newPerson(env, 'nojs', 'en'), { full: false });
	await ctx.close();
	rep.end();
}
