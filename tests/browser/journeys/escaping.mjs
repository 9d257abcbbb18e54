// 6. Escaping: an account whose given name is markup. Wherever the name is shown (the header,
// my files, the case page; the advisor's person search and person page) it must be text: visible
// as written, no dialog, no <script> element made of it.
import { MouseDriver } from '../lib/drivers.mjs';
import { Journey } from '../lib/journey.mjs';
import { newPage, pathOf } from '../lib/pages.mjs';
import { plain } from '../lib/texts.mjs';
import { ADVISOR, createAccount, ensureOk, linkTo, newPerson, openCase, signIn, signOut, sponsorNumber,
	startAgreement } from './flows.mjs';

export const NAME = '<script>alert(1)</script> Ève';

export async function escaping(env) {
	const { rep, br, base } = env;
	rep.begin('escaping');
	const ctx = await br.context('escaping');
	const page = await newPage(ctx);
	const dialogs = [];
	page.on('dialog', (dl) => {
		dialogs.push(`${dl.type()} "${dl.message()}" at ${pathOf(page.url())}`);
		dl.dismiss().catch(() => {});
	});
	const lang = 'en';
	const d = new MouseDriver(page, lang, rep);
	const j = new Journey(env, 'en markup in a name', page);
	const person = newPerson(env, 'esc', lang, NAME);

	const shown = async (where, { header = false } = {}) => {
		await j.step(`${where}: the name is shown as text, no dialog, no script`, async () => {
			const problems = [];
			if (header) {
				const h = plain(await page.locator('.pl-header__name').innerText().catch(() => ''));
				if (!h.includes(NAME))
					problems.push(`the header says "${h}"`);
			}
			const vis = await page.getByText(NAME).first().isVisible().catch(() => false);
			if (!vis)
				problems.push(`"${NAME}" is not visible as text`);
			const scripts = await page.evaluate(() => Array.from(document.querySelectorAll('script'))
				.filter((s) => s.textContent.includes('alert(1)')).length);
			if (scripts)
				problems.push(`${scripts} <script> element(s) with alert(1) in the DOM`);
			if (dialogs.length)
				problems.push(`dialog(s): ${dialogs.join('; ')}`);
			if (problems.length)
				throw new Error(`${pathOf(page.url())}: ${problems.join('; ')}`);
		});
	};

	await d.open(`${base}/${lang}`);
	await j.step('create the account', () => createAccount(d, env, lang, person));
	await shown('my files and the header ("Signed in as")', { header: true });
	const caseId = j.alive ? await startAgreement(d, env, j, lang, sponsorNumber(env)) : null;
	if (caseId) {
		await j.step('the client opens the case page', async () => {
			if (!(await openCase(d, lang, caseId, '/my-files')))
				throw new Error(`no link to /${lang}/cases/${caseId}`);
		});
		await shown('the case page (client)', { header: true });
	}
	await j.step('sign out', () => signOut(d));
	await j.step(`sign in as ${ADVISOR}`, () => signIn(d, env, lang, ADVISOR));
	await j.step('person search for "Eve"', async () => {
		const st = await d.open(`${base}/${lang}/persons?q=Eve`);
		await ensureOk(page, `/${lang}/persons?q=Eve (HTTP ${st})`);
	});
	await shown('the person search results');
	await j.step('the result links to the person page', async () => {
		const pid = env.srv.sql(`SELECT person_id FROM users WHERE email = '${person.email}'`);
		const l = linkTo(page, `/${lang}/persons/${pid}`, 'main');
		if ((await l.count()) === 0)
			throw new Error(`no link to /${lang}/persons/${pid} in the results`);
		await d.follow(l.first());
		await ensureOk(page, 'the person page');
	});
	await shown('the person page');
	await ctx.close();
	rep.end();
}
