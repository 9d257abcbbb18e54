// 7. The session time-out warning. With JavaScript: the hidden #session-timeout dialog opens
// when the session is about to end, its "Stay signed in" button extends the session in place.
// Without JavaScript: the header's "Stay signed in" form posts and comes back to the page.
//
// web/passerelle.js schedules its check with one timer: it looks again when the warning is due
// (data-expires − 120 s, at most an hour later) and whenever the page becomes visible again
// (visibilitychange). It does not watch data-expires, so after moving data-expires the test
// fires visibilitychange, the script's own re-check, instead of waiting for the timer.
import { axe, fmtViolations, goto, newPage, pathOf, signIn, withNav } from '../lib/pages.mjs';
import { errText } from '../lib/report.mjs';
import { TEXT } from '../lib/texts.mjs';
import { CLIENT } from './flows.mjs';

const PAGE = '/account';

export async function session(env) {
	const { rep, br, base } = env;
	rep.begin('session');
	for (const lang of ['en', 'fr']) {
		const t = TEXT[lang];
		const name = `${lang} time-out dialog (JavaScript on)`;
		const ctx = await br.context(`session-${lang}`);
		const page = await newPage(ctx);
		try {
			if (!(await signIn(page, base, lang, CLIENT, rep)))
				throw new Error('not signed in');
			const st = await goto(page, `${base}/${lang}${PAGE}`);
			if (st >= 400)
				rep.note(`/${lang}${PAGE} answered ${st}; checking the dialog of that page's frame anyway`);
			const dlg = page.locator('#session-timeout');
			if (!rep.check((await dlg.count()) === 1 && (await dlg.isHidden()),
				`${name}: #session-timeout is on the page, hidden`))
				throw new Error('no dialog');
			const before = Number(await dlg.getAttribute('data-expires'));
			const soon = Math.floor(Date.now() / 1000) + 60;
			await page.evaluate((s) => {
				document.getElementById('session-timeout').setAttribute('data-expires', String(s));
				document.dispatchEvent(new Event('visibilitychange'));
			}, soon);
			const shown = await dlg.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
			rep.check(shown, `${name}: data-expires = now + 60 s → the dialog shows within 3 s`);
			if (shown) {
				const btn = dlg.getByRole('button', { name: t.stay });
				const focus = await page.evaluate(() => document.activeElement &&
					document.activeElement.closest('#session-timeout') !== null);
				rep.check((await btn.count()) === 1 && focus, `${name}: the focus is in the dialog, on "Stay signed in"`);
				const v = await axe(page);
				rep.check(v.length === 0, `${name}: axe 0 violations with the dialog open`, fmtViolations(v));
				await btn.first().click();
				const hidden = await dlg.waitFor({ state: 'hidden', timeout: 5000 }).then(() => true, () => false);
				const after = Number(await dlg.getAttribute('data-expires'));
				rep.check(hidden && after > soon && after >= before,
					`${name}: "Stay signed in" hides the dialog and the server moves data-expires forward`,
					`hidden: ${hidden}; data-expires at load ${before}, set to ${soon}, now ${after}`);
				rep.check(pathOf(page.url()) === `/${lang}${PAGE}`, `${name}: the page stays (extended in place)`,
					`now at ${pathOf(page.url())}`);
			}
		} catch (e) {
			rep.fail(`${name}: ${errText(e)}`);
		}
		await ctx.close();

		const n2 = `${lang} "Stay signed in" without JavaScript`;
		const ctx2 = await br.context(`session-nojs-${lang}`, { javaScriptEnabled: false });
		const p2 = await newPage(ctx2);
		try {
			if (!(await signIn(p2, base, lang, CLIENT, rep, { fallback: true })))
				throw new Error('not signed in');
			await goto(p2, `${base}/${lang}${PAGE}`);
			const form = p2.locator('.pl-session form');
			const btn = form.getByRole('button', { name: t.stay });
			if (!rep.check((await btn.count()) === 1 && (await btn.isVisible()),
				`${n2}: the header shows the session end and a "Stay signed in" button`))
				throw new Error('no button');
			rep.check(await p2.locator('#session-timeout').isHidden(), `${n2}: the script's dialog stays hidden`);
			await withNav(p2, () => btn.click());
			rep.check(pathOf(p2.url()) === `/${lang}${PAGE}` && (p2.lastStatus ?? 0) < 500,
				`${n2}: posting it comes back to /${lang}${PAGE}`, `now at ${pathOf(p2.url())} (HTTP ${p2.lastStatus})`);
			rep.check((await p2.locator('.pl-header__name').count()) === 1, `${n2}: still signed in`);
		} catch (e) {
			rep.fail(`${n2}: ${errText(e)}`);
		}
		await ctx2.close();
	}
	rep.end();
}
