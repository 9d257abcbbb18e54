// 1. Page inventory, both languages: every public page and each role's pages (signed in
// through the sign-in form): status, axe WCAG 2.1 A/AA, one h1, <html lang>, the link to the
// same page in the other language, the skip link, reflow at 320 px, screenshots.
import path from 'node:path';
import { Buffered, errText } from '../lib/report.mjs';
import { activeInfo, axe, fmtViolations, goto, newPage, pageKind, pathOf, signIn } from '../lib/pages.mjs';
import { slugify } from '../lib/journey.mjs';
import { plain } from '../lib/texts.mjs';
import { ADMIN, ADVISOR, CLIENT, SPONSOR } from './flows.mjs';

const PUBLIC = ['', '/', '/trades', '/trades?q=electricien', '/sign-in', '/create-account', '/accessibility',
	'/privacy', '/contact', '/nothing-here',
	// the service locator (3): empty and with results (its error state: errors.mjs)
	'/find-a-service', '/find-a-service?where=Hearst&service=exams&language=fr',
	'/find-a-service?where=Hearst&supports_q=loan',
	// points of service (2): the Central hub, the Moosonee outreach site (ids of the demo)
	'/points/1', '/points/153',
	// the rollout timeline of the catchment areas (1)
	'/rollout',
	// certificates (issue 5): a verification page (its id from the database), the register
	{ sql: 'SELECT public_id FROM certificates ORDER BY id LIMIT 1', path: '/v/%s' },
	'/register', '/register?name=tr'];

// A past session of the demo waiting for its results, with bookings (its results form shows).
export const PAST_EXAM_SESSION = "SELECT s.id FROM exam_sessions s WHERE s.status = 'scheduled' AND " +
	"s.released_us IS NULL AND s.starts_us < CAST(strftime('%s', 'now') AS INTEGER) * 1000000 AND EXISTS " +
	"(SELECT 1 FROM exam_bookings b WHERE b.session_id = s.id AND b.status <> 'cancelled') ORDER BY s.id LIMIT 1";

const ROLES = [
	{ role: 'client', email: CLIENT, pages: ['/my-files', '/agreements/new', '/agreements/new/sponsor', '/account',
		// certificates (issue 5)
		'/my-certificates',
		// exams (issue 5): eligible exams, bookings, results (error state: errors.mjs)
		'/my-exams'] },
	{ role: 'sponsor', email: SPONSOR, pages: ['/apprentices', '/to-sign'] },
	{ role: 'advisor', email: ADVISOR, pages: ['/queue', 'CASE', '/persons?q=a', 'PERSON',
		// contacts (4): logging a contact, the contact-centre dashboard (its error state: errors.mjs)
		'/contacts/new', '/contact-centre?period=90'] },
	{ role: 'admin', email: ADMIN, pages: ['/users', '/users/new',
		// client segments (5): the list and its create form
		'/segments', '/segments/1',
		// managing a point's closures and outreach visits (6)
		'/points/153/manage',
		// adding and deleting an outreach schedule, a catchment's milestones (net2)
		'/points/153/manage/schedules/new', '/points/153/manage/schedules/1/delete', '/rollout/6/edit',
		// certificates (issue 5): the staff list and one certificate with its status form
		'/certificates?status=valid', { sql: 'SELECT id FROM certificates ORDER BY id DESC LIMIT 1', path: '/certificates/%s' },
		// exam sessions (issue 5): the list, the create form, a past session with its results form,
		// a future session's cancel page, accommodation requests, the reports (error states: errors.mjs)
		'/exam-sessions', '/exam-sessions?period=past', '/exam-sessions/new',
		{ sql: PAST_EXAM_SESSION, path: '/exam-sessions/%s' },
		{ sql: "SELECT id FROM exam_sessions WHERE status = 'scheduled' AND released_us IS NULL ORDER BY starts_us DESC LIMIT 1",
			path: '/exam-sessions/%s/cancel' },
		'/exam-accommodations', '/exam-reports', '/exam-reports?by=centre'] },
];

function slugOf(p) {
	if (p === '')
		return 'home';
	if (p === '/')
		return 'root';
	if (/^\/cases\/\d+$/.test(p))
		return 'case';
	if (/^\/persons\/\d+$/.test(p))
		return 'person';
	return slugify(p);
}

function otherLangPath(p, lang) {
	const other = lang === 'en' ? 'fr' : 'en';
	return p.replace(new RegExp(`^/${lang}(?=/|$|\\?)`), `/${other}`);
}

// The elements that stick out on the right at the current width (for a reflow failure).
function overflowers() {
	const w = document.documentElement.clientWidth;
	const out = [];
	for (const el of document.querySelectorAll('body *')) {
		const r = el.getBoundingClientRect();
		if (r.right > w + 0.5 && r.width > 0) {
			const kids = Array.from(el.children).some((c) => c.getBoundingClientRect().right > w + 0.5);
			if (!kids)
				out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} right=${Math.round(r.right)}`);
		}
	}
	return out.slice(0, 8);
}

// Words of table cells split over two lines at the current width (a short word, not an
// address or number meant to wrap): the column was squeezed below the word's width.
function brokenWords() {
	const out = [];
	for (const cell of document.querySelectorAll('main td, main th')) {
		const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n && out.length < 6; n = walker.nextNode()) {
			const re = /[^\s–—-]+/g;
			let m;
			while ((m = re.exec(n.data)) !== null) {
				if (m[0].length < 3 || m[0].length > 16 || /[@/]/.test(m[0]))
					continue;
				const r = document.createRange();
				r.setStart(n, m.index);
				r.setEnd(n, m.index + m[0].length);
				const tops = new Set(Array.from(r.getClientRects()).map((x) => Math.round(x.top)));
				if (tops.size > 1) {
					out.push(`"${m[0]}" in ${cell.tagName.toLowerCase()} ${Math.round(cell.getBoundingClientRect().width)} px wide`);
					break;
				}
			}
		}
		if (out.length >= 6)
			break;
	}
	return out;
}

// All checks of one page. Returns false when it did not load as expected (the other checks
// are then not run).
export async function checkPage(env, rep, page, lang, role, p) {
	const { base, artifacts } = env;
	const url = p === '/' ? `${base}/` : `${base}/${lang}${p}`;
	const expect404 = p === '/nothing-here';
	const name = `${lang} ${role} ${p === '/' ? '/' : `/${lang}${p}`}`;
	const slug = slugOf(p);
	try {
		await page.setViewportSize({ width: 1280, height: 800 });
		const st = await goto(page, url);
		if (expect404 ? st !== 404 : st >= 400) {
			const h1 = await page.locator('h1').first().innerText().catch(() => '');
			rep.fail(`${name}: loads`, `HTTP ${st} ("${h1}")${st === 404 && !expect404 ? ' — the page is missing (a placeholder?)' : ''}`);
			return false;
		}
		rep.ok(`${name}: HTTP ${st}`);
		// The journeys check the pages they reach that are not listed here (a case page is
		// checked again there: a client's or sponsor's view differs from the advisor's).
		if (!pageKind(page.url()).includes('{id}'))
			(env.shared.inventoried ??= new Set()).add(pageKind(page.url()));
		await page.evaluate(() => document.fonts.ready);
		const here = pathOf(page.url());

		const h1 = await page.locator('h1').count();
		rep.check(h1 === 1, `${name}: exactly one h1`, `${h1} h1 elements`);
		if (h1 === 1) {
			const h1Text = plain(await page.locator('h1').innerText()).replace(/\s+/g, ' ').trim();
			const title = plain(await page.title()).replace(/\s+/g, ' ').trim();
			rep.check(title.startsWith(`${h1Text} – `), `${name}: <title> is the h1 then the agency`,
				`title "${title}", h1 "${h1Text}"`);
		}

		const htmlLang = await page.locator('html').getAttribute('lang');
		const urlLang = here.split(/[/?]/)[1];
		rep.check(htmlLang === lang && urlLang === lang, `${name}: <html lang="${lang}">`,
			`html lang="${htmlLang}", page address ${here}`);

		const other = lang === 'en' ? 'fr' : 'en';
		const want = otherLangPath(here, lang);
		const hrefs = await page.locator(`a[hreflang="${other}"]`).evaluateAll((as) => as.map((a) => a.href));
		rep.check(hrefs.some((h) => pathOf(h) === want), `${name}: language link (hreflang=${other}) to ${want}`,
			`links with hreflang=${other}: ${JSON.stringify(hrefs.map(pathOf))}`);

		const v = await axe(page);
		for (const x of v)
			env.axeLog.push({ page: name, id: x.id, impact: x.impact, help: x.help,
				targets: x.nodes.map((n) => n.target) });
		rep.check(v.length === 0, `${name}: axe 0 violations`, fmtViolations(v));

		await page.screenshot({ path: path.join(artifacts, `${lang}-${role}-${slug}-1280.png`), fullPage: true });

		await page.keyboard.press('Tab');
		const first = await page.evaluate(activeInfo);
		await page.keyboard.press('Enter');
		const after = await page.evaluate(() => document.activeElement ? document.activeElement.id : '');
		rep.check(first.tag === 'A' && first.href === '#main-content' && first.focusVisible && after === 'main-content',
			`${name}: first Tab → skip link (focus visible), Enter → #main-content`,
			`first Tab: ${first.desc} (focus ${first.focusVisible ? '' : 'not '}visible); after Enter: #${after}`);

		// Screenshots without the focus ring the skip link left on <main>.
		await page.evaluate(() => document.activeElement && document.activeElement.blur());
		await page.setViewportSize({ width: 320, height: 640 });
		const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
		const wide = sw > cw ? (await page.evaluate(overflowers)).join(', ') : '';
		rep.check(sw <= cw, `${name}: no horizontal scroll at 320×640`,
			`scrollWidth ${sw} > clientWidth ${cw}; sticking out: ${wide}`);
		const broken = await page.evaluate(brokenWords);
		if (broken.length)
			rep.note(`${name}: at 320 px, table words are split across lines: ${broken.join(', ')}`);
		await page.screenshot({ path: path.join(artifacts, `${lang}-${role}-${slug}-320.png`), fullPage: true });
		await page.setViewportSize({ width: 1280, height: 800 });
		return true;
	} catch (e) {
		rep.fail(`${name}: ${errText(e)}`);
		return false;
	}
}

async function firstLink(page, re) {
	const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	return hrefs.find((h) => re.test(h)) ?? null;
}

// One role's pages in both languages (public: no sign-in). Each page's lines are printed
// together when the page is done.
async function rolePages(env, r) {
	const { br, base, srv } = env;
	const ctx = await br.context(r.role);
	const pg = await newPage(ctx);
	const page = async (lang, p) => {
		const b = new Buffered(env.rep);
		const ok = await checkPage(env, b, pg, lang, r.role, p);
		return { ok, b };
	};
	if (r.email) {
		const b = new Buffered(env.rep);
		const via = await signIn(pg, base, 'en', r.email, b);
		if (!via)
			b.fail(`${r.role}: pages not checked (could not sign in)`);
		b.flush();
		if (!via) {
			await ctx.close();
			return;
		}
	}
	let casePath = null;
	let personPath = null;
	for (const lang of ['en', 'fr']) {
		for (let p of r.pages) {
			if (typeof p === 'object')   // a page whose id comes from the demo database
				p = p.path.replace('%s', String(srv.sql(p.sql)).trim());
			if (p === 'CASE' || p === 'PERSON') {
				const isCase = p === 'CASE';
				p = isCase ? casePath : personPath;
				if (!p) {
					const b = new Buffered(env.rep);
					const from = isCase ? '/en/queue' : '/en/persons?q=a';
					b.fail(`en ${r.role}: ${from} links to a ${isCase ? 'case' : 'person'} page`);
					// Still check such a page, taken from the database.
					const id = srv.sql(isCase ? 'SELECT min(id) FROM cases' : 'SELECT min(id) FROM persons');
					p = isCase ? `/cases/${id}` : `/persons/${id}`;
					b.note(`checking ${p} (from the database) instead`);
					b.flush();
					if (isCase)
						casePath = p;
					else
						personPath = p;
				}
			}
			const { ok, b } = await page(lang, p);
			if (lang === 'en' && ok && r.role === 'sponsor' && p === '/apprentices')
				await sponsorNumberShown(env, b, pg);
			if (lang === 'en' && ok && p === '/queue') {
				const h = await firstLink(pg, /^(https?:\/\/[^/]+)?\/en\/cases\/\d+$/);
				if (h) {
					casePath = pathOf(new URL(h, pg.url()).href).replace(/^\/en/, '');
					b.ok(`en ${r.role}: /en/queue links to a case page (${casePath})`);
				}
			}
			if (lang === 'en' && ok && p === '/persons?q=a') {
				const h = await firstLink(pg, /^(https?:\/\/[^/]+)?\/en\/persons\/\d+$/);
				if (h) {
					personPath = pathOf(new URL(h, pg.url()).href).replace(/^\/en/, '');
					b.ok(`en ${r.role}: /en/persons?q=a links to a person page (${personPath})`);
				}
			}
			b.flush();
		}
	}
	await ctx.close();
}

// The number a sponsor gives its apprentices: shown on "Our apprentices", the organisation id.
async function sponsorNumberShown(env, b, pg) {
	const n = pg.locator('.pl-sponsor-number');
	const org = env.srv.sql(`SELECT org_id FROM users WHERE email = '${SPONSOR}'`);
	if ((await n.count()) === 0) {
		b.fail('en sponsor: /en/apprentices shows the sponsor number (.pl-sponsor-number)');
		return;
	}
	const txt = (await n.first().innerText()).replace(/\s+/g, ' ').trim();
	const m = txt.match(/(?:number|numéro)\D*?(\d+)/i);
	if (b.check(m && m[1] === org, `en sponsor: /en/apprentices shows the sponsor number (${org})`, `"${txt}"`))
		env.shared.sponsorNumber = m[1];
}

export async function inventory(env) {
	env.rep.begin('inventory');
	// Two at a time (two cores here): the public pages and the admin's, and the other roles.
	const lanes = [
		[{ role: 'public', pages: PUBLIC }, ROLES[3]],
		[ROLES[0], ROLES[1], ROLES[2]],
	];
	await Promise.all(lanes.map(async (lane) => {
		for (const r of lane)
			await rolePages(env, r);
	}));
	env.rep.end();
}
