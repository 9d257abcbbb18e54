// 2. Error states: the sign-in form sent empty, the create-account form with wrong answers and a
// wizard step sent empty, in both languages: "Error:" title, the error summary focused (the
// script), every summary link's target exists and takes the focus, axe on the error page.
import path from 'node:path';
import { errText } from '../lib/report.mjs';
import { MouseDriver } from '../lib/drivers.mjs';
import { axe, fmtViolations, goto, newPage, pathOf, signIn, submitMain } from '../lib/pages.mjs';
import { TEXT, plain } from '../lib/texts.mjs';
import { ADMIN, ADVISOR, CLIENT } from './flows.mjs';
import { PAST_EXAM_SESSION } from './inventory.mjs';

// The checks of a page re-rendered with errors. js: whether the page's script runs.
export async function errorPageChecks(env, page, name, lang, { js = true, shot = null } = {}) {
	const { rep } = env;
	const t = TEXT[lang];
	const title = plain(await page.title());
	rep.check(title.startsWith(plain(t.errorTitle)), `${name}: title starts with "${t.errorTitle.trim()}"`, `title "${title}"`);
	const summary = page.locator('#error-summary');
	if (!rep.check((await summary.count()) === 1, `${name}: #error-summary is on the page`,
		`status ${page.lastStatus} at ${pathOf(page.url())}`))
		return;
	if (js) {
		const focused = await page.waitForFunction(() => document.activeElement &&
			document.activeElement.id === 'error-summary', null, { timeout: 3000 }).then(() => true, () => false);
		rep.check(focused, `${name}: the error summary has the focus`,
			`focus on ${await page.evaluate(() => document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : 'nothing')}`);
	}
	const links = await summary.locator('a').evaluateAll((as) => as.map((a) => ({
		href: a.getAttribute('href'), text: a.innerText,
		exists: !!(a.getAttribute('href') || '').startsWith('#') &&
		    !!document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1))),
	})));
	rep.check(links.length > 0 && links.every((l) => l.exists),
		`${name}: ${links.length} summary link(s), each to an element on the page`,
		links.length ? links.filter((l) => !l.exists).map((l) => `${l.href} "${l.text}" has no target`).join('\n') : 'no links');
	if (links.length && links[0].exists && js) {
		const id = links[0].href.slice(1);
		await summary.locator('a').first().click();
		const now = await page.evaluate(() => document.activeElement ? document.activeElement.id : '');
		rep.check(now === decodeURIComponent(id), `${name}: the first summary link moves the focus to #${id}`, `focus on #${now}`);
	}
	// axe runs in the page: not possible with JavaScript off (the same page is checked with it on).
	if (js) {
		const v = await axe(page);
		for (const x of v)
			env.axeLog.push({ page: name, id: x.id, impact: x.impact, help: x.help, targets: x.nodes.map((n) => n.target) });
		rep.check(v.length === 0, `${name}: axe 0 violations`, fmtViolations(v));
	}
	if (shot)
		await page.screenshot({ path: path.join(env.artifacts, shot), fullPage: true });
}

async function attempt(env, name, fn) {
	try {
		await fn();
	} catch (e) {
		env.rep.fail(`${name}: ${errText(e)}`);
	}
}

export async function errors(env) {
	const { rep, br, base } = env;
	rep.begin('errors');
	const anon = await br.context('errors-public');
	const page = await newPage(anon);
	for (const lang of ['en', 'fr']) {
		const t = TEXT[lang];
		const n1 = `${lang} sign-in sent empty`;
		await attempt(env, n1, async () => {
			const st = await goto(page, `${base}/${lang}/sign-in`);
			if (st >= 400)
				throw new Error(`/${lang}/sign-in answered ${st} (page missing or a placeholder?)`);
			await submitMain(page);
			await errorPageChecks(env, page, n1, lang, { shot: `${lang}-public-error-sign-in-1280.png` });
		});

		const n2 = `${lang} create-account with wrong answers`;
		await attempt(env, n2, async () => {
			const st = await goto(page, `${base}/${lang}/create-account`);
			if (st >= 400)
				throw new Error(`/${lang}/create-account answered ${st} (page missing or a placeholder?)`);
			const d = new MouseDriver(page, lang, rep);
			await d.fill([
				{ kind: 'text', what: 'given name', label: t.givenName, names: ['given_name'], value: 'Gardé' },
				{ kind: 'date', what: 'birth date', group: t.birth, value: [2000, 13, 40] },
				{ kind: 'text', what: 'email', label: t.email, names: ['email'], value: 'not-an-email' },
				{ kind: 'text', what: 'password', label: t.password, names: ['password'], value: 'short' },
				{ kind: 'text', what: 'password confirmation', label: t.passwordConfirm,
					names: ['password_confirm', 'password2', 'confirm_password'], value: 'different' },
			]);
			await submitMain(page);
			await errorPageChecks(env, page, n2, lang, { shot: `${lang}-public-error-create-account-1280.png` });
			const kept = await page.locator('main').getByLabel(t.givenName).first().inputValue().catch(() => null);
			rep.check(kept === 'Gardé', `${n2}: the answers are kept (given name)`, `given name field holds ${JSON.stringify(kept)}`);
			const items = await page.locator('#error-summary li').count();
			rep.check(items >= 3, `${n2}: the summary lists each wrong answer (≥ 3)`, `${items} items`);
		});

		// the service locator (3): an unknown place, searched with the GET form
		const n4 = `${lang} find-a-service with an unknown place`;
		await attempt(env, n4, async () => {
			const st = await goto(page, `${base}/${lang}/find-a-service`);
			if (st >= 400)
				throw new Error(`/${lang}/find-a-service answered ${st}`);
			await page.locator('#where').fill('Atlantis');
			await submitMain(page);
			await errorPageChecks(env, page, n4, lang, { shot: `${lang}-public-error-find-a-service-1280.png` });
			const kept = await page.locator('#where').inputValue().catch(() => null);
			rep.check(kept === 'Atlantis', `${n4}: the place typed is kept`, `where holds ${JSON.stringify(kept)}`);
		});

		// the public register (issue 5): a one-letter name, searched with the GET form
		const n5 = `${lang} register searched with a one-letter name`;
		await attempt(env, n5, async () => {
			const st = await goto(page, `${base}/${lang}/register`);
			if (st >= 400)
				throw new Error(`/${lang}/register answered ${st}`);
			await page.locator('#name').fill('a');
			await submitMain(page);
			await errorPageChecks(env, page, n5, lang, { shot: `${lang}-public-error-register-1280.png` });
		});
	}
	await anon.close();

	const ctx = await br.context('errors-client');
	const cp = await newPage(ctx);
	if (await signIn(cp, base, 'en', CLIENT, rep)) {
		for (const lang of ['en', 'fr']) {
			const n3 = `${lang} wizard step sent empty (/${lang}/agreements/new/sponsor)`;
			await attempt(env, n3, async () => {
				const st = await goto(cp, `${base}/${lang}/agreements/new/sponsor`);
				if (st >= 400)
					throw new Error(`/${lang}/agreements/new/sponsor answered ${st} (page missing or a placeholder?)`);
				await submitMain(cp);
				await errorPageChecks(env, cp, n3, lang, { shot: `${lang}-client-error-wizard-sponsor-1280.png` });
			});
			// exams (issue 5): the accommodation request sent empty (the client books a session first)
			const n12 = `${lang} exam accommodation request sent empty`;
			await attempt(env, n12, async () => {
				const st = await goto(cp, `${base}/${lang}/my-exams`);
				if (st >= 400)
					throw new Error(`/${lang}/my-exams answered ${st}`);
				let link = cp.locator('main a[href*="/accommodation"]');
				if ((await link.count()) === 0) {
					await submitMain(cp, lang === 'fr' ? /Réserver/ : /Book/);
					link = cp.locator('main a[href*="/accommodation"]');
				}
				const href = await link.first().getAttribute('href');
				await goto(cp, `${base}${href}`);
				await submitMain(cp);
				await errorPageChecks(env, cp, n12, lang, { shot: `${lang}-client-error-exam-accommodation-1280.png` });
			});
		}
	}
	await ctx.close();

	// contacts (4): the logging form with a wrong length, the dashboard with wrong dates
	const actx = await br.context('errors-advisor');
	const ap = await newPage(actx);
	if (await signIn(ap, base, 'en', ADVISOR, rep)) {
		for (const lang of ['en', 'fr']) {
			const n5 = `${lang} contact logged with a wrong length (/${lang}/contacts/new)`;
			await attempt(env, n5, async () => {
				const st = await goto(ap, `${base}/${lang}/contacts/new`);
				if (st >= 400)
					throw new Error(`/${lang}/contacts/new answered ${st}`);
				await ap.locator('#duration').fill('ten');
				await submitMain(ap);
				await errorPageChecks(env, ap, n5, lang, { shot: `${lang}-advisor-error-contact-new-1280.png` });
			});
			const n6 = `${lang} contact centre with wrong dates`;
			await attempt(env, n6, async () => {
				const st = await goto(ap, `${base}/${lang}/contact-centre?period=custom&from=2026-02-30&to=x`);
				if (st >= 400)
					throw new Error(`/${lang}/contact-centre answered ${st}`);
				await errorPageChecks(env, ap, n6, lang, { shot: `${lang}-advisor-error-contact-centre-1280.png` });
			});
		}
	}
	await actx.close();

	// managing outreach and milestones (net2): the new-schedule form sent empty, the
	// milestones with an actual date in the future
	const mctx = await br.context('errors-admin');
	const mp = await newPage(mctx);
	if (await signIn(mp, base, 'en', ADMIN, rep)) {
		for (const lang of ['en', 'fr']) {
			const n7 = `${lang} outreach schedule sent empty (/${lang}/points/153/manage/schedules/new)`;
			await attempt(env, n7, async () => {
				const st = await goto(mp, `${base}/${lang}/points/153/manage/schedules/new`);
				if (st >= 400)
					throw new Error(`/${lang}/points/153/manage/schedules/new answered ${st}`);
				await submitMain(mp);
				await errorPageChecks(env, mp, n7, lang, { shot: `${lang}-admin-error-schedule-new-1280.png` });
			});
			const n8 = `${lang} milestones with an actual date in the future (/${lang}/rollout/6/edit)`;
			await attempt(env, n8, async () => {
				const st = await goto(mp, `${base}/${lang}/rollout/6/edit`);
				if (st >= 400)
					throw new Error(`/${lang}/rollout/6/edit answered ${st}`);
				await mp.locator('#integrated_live-actual-year').fill('2099');
				await mp.locator('#integrated_live-actual-month').fill('1');
				await mp.locator('#integrated_live-actual-day').fill('1');
				await submitMain(mp);
				await errorPageChecks(env, mp, n8, lang, { shot: `${lang}-admin-error-milestones-1280.png` });
			});
			// a certificate's status form sent empty (issue 5)
			const n9 = `${lang} certificate status change sent empty`;
			await attempt(env, n9, async () => {
				const id = env.srv.sql("SELECT id FROM certificates WHERE status <> 'revoked' ORDER BY id LIMIT 1");
				const st = await goto(mp, `${base}/${lang}/certificates/${id}`);
				if (st >= 400)
					throw new Error(`/${lang}/certificates/${id} answered ${st}`);
				await submitMain(mp);
				await errorPageChecks(env, mp, n9, lang, { shot: `${lang}-admin-error-certificate-status-1280.png` });
			});
			// exam sessions (issue 5): the create form sent empty, a results form with a wrong score
			const n10 = `${lang} exam session created empty`;
			await attempt(env, n10, async () => {
				const st = await goto(mp, `${base}/${lang}/exam-sessions/new`);
				if (st >= 400)
					throw new Error(`/${lang}/exam-sessions/new answered ${st}`);
				await submitMain(mp);
				await errorPageChecks(env, mp, n10, lang, { shot: `${lang}-admin-error-exam-session-new-1280.png` });
			});
			const n11 = `${lang} exam results with a wrong score`;
			await attempt(env, n11, async () => {
				const id = env.srv.sql(PAST_EXAM_SESSION);
				const st = await goto(mp, `${base}/${lang}/exam-sessions/${id}`);
				if (st >= 400)
					throw new Error(`/${lang}/exam-sessions/${id} answered ${st}`);
				await mp.locator('main input[id^="score-"]').first().fill('abc');
				await submitMain(mp, lang === 'fr' ? /Enregistrer les résultats/ : /Save the results/);
				await errorPageChecks(env, mp, n11, lang, { shot: `${lang}-admin-error-exam-results-1280.png` });
			});
		}
	}
	await mctx.close();
	rep.end();
}
