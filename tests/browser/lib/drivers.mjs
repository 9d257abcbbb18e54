// Two ways to drive the same journeys. Forms are described once as "plans" (a list of
// questions with how to find each control and what to answer):
//   { kind: 'text',   what, label, names, value }
//   { kind: 'date',   what, group, value: [y, m, d] }
//   { kind: 'radio',  what, group, option, names, value }
//   { kind: 'select', what, label, names, option }
// MouseDriver fills and clicks (Playwright's locators); KeyboardDriver only presses keys
// (Tab / Shift+Tab / Enter / Space / ArrowDown / ArrowUp / typing) and checks that every element
// the focus lands on shows a focus indicator.
import { activeInfo, dateParts, field, pathOf, withNav } from './pages.mjs';

const MAX_TABS = 150;

// The controls of one plan item: { kind, loc } or for dates { kind, parts: [loc, loc, loc] }.
async function resolve(page, lang, item, rep) {
	switch (item.kind) {
	case 'text':
	case 'select':
		return { loc: await field(page, item, rep) };
	case 'date': {
		const p = await dateParts(page, lang, item.group, rep, item.what);
		return { parts: [p.y, p.m, p.d] };
	}
	case 'radio': {
		const main = page.locator('main');
		let scope = main;
		if (item.group) {
			const g = main.getByRole('group', { name: item.group });
			if (await g.count())
				scope = g.first();
		}
		let r = scope.getByRole('radio', { name: item.option });
		if ((await r.count()) === 0 && scope !== main)
			r = main.getByRole('radio', { name: item.option });
		if ((await r.count()) === 0) {
			for (const n of item.names ?? []) {
				const byName = main.locator(`input[type="radio"][name="${n}"][value="${item.value}"]`);
				if (await byName.count()) {
					rep.note(`${item.what}: no radio labelled ${item.option} at ${pathOf(page.url())}; found ${n}=${item.value} by name`);
					return { loc: byName.first() };
				}
			}
			throw new Error(`${item.what}: no radio labelled ${item.option} at ${pathOf(page.url())}`);
		}
		return { loc: r.first() };
	}
	default:
		throw new Error(`unknown plan kind ${item.kind}`);
	}
}

async function optionIndex(sel, re, what) {
	const texts = await sel.locator('option').allInnerTexts();
	const i = texts.findIndex((t) => re.test(t));
	if (i < 0)
		throw new Error(`${what}: no option matches ${re} (options: ${texts.slice(0, 8).join(' | ')}${texts.length > 8 ? ' …' : ''})`);
	return { i, texts };
}

// ODS draws radios on the label (the input itself is covered): click the label, as people do.
async function checkRadio(page, loc, what) {
	const id = await loc.getAttribute('id');
	const label = id ? page.locator(`label[for="${id}"]`) : null;
	if (label && (await label.count()))
		await label.first().click();
	else
		await loc.check({ force: true });
	if (!(await loc.isChecked()))
		throw new Error(`${what}: clicking the radio's label did not select it`);
}

export class MouseDriver {
	constructor(page, lang, rep) {
		this.page = page;
		this.lang = lang;
		this.rep = rep;
		this.keyboard = false;
	}

	async open(url) {
		const resp = await this.page.goto(url, { waitUntil: 'load' });
		this.page.lastStatus = resp ? resp.status() : null;
		return this.page.lastStatus;
	}

	// afterNav(page): an optional check of each page the journey lands on.
	async follow(loc) {
		const st = await withNav(this.page, () => loc.first().click());
		if (this.afterNav)
			await this.afterNav(this.page);
		return st;
	}

	async submit(loc) {
		const st = await withNav(this.page, () => loc.first().click());
		if (this.afterNav)
			await this.afterNav(this.page);
		return st;
	}

	async fill(plan) {
		for (const item of plan) {
			const c = await resolve(this.page, this.lang, item, this.rep);
			if (item.kind === 'text')
				await c.loc.fill(String(item.value));
			else if (item.kind === 'date')
				for (let k = 0; k < 3; k++)
					await c.parts[k].fill(String(item.value[k]));
			else if (item.kind === 'radio')
				await checkRadio(this.page, c.loc, item.what);
			else if (item.kind === 'select') {
				const { i } = await optionIndex(c.loc, item.option, item.what);
				await c.loc.selectOption({ index: i });
			}
		}
	}
}

export class KeyboardDriver {
	constructor(page, lang, rep) {
		this.page = page;
		this.lang = lang;
		this.rep = rep;
		this.keyboard = true;
		this.stops = 0;                // Tab stops seen
		this.noFocusRing = new Map();  // desc → page path, for stops without a visible indicator
	}

	// The one navigation a keyboard user does by typing an address.
	async open(url) {
		const resp = await this.page.goto(url, { waitUntil: 'load' });
		this.page.lastStatus = resp ? resp.status() : null;
		return this.page.lastStatus;
	}

	async info() {
		const i = await this.page.evaluate(activeInfo);
		if (i.tag !== 'BODY') {
			this.stops++;
			if (!i.focusVisible && !this.noFocusRing.has(i.desc))
				this.noFocusRing.set(i.desc, pathOf(this.page.url()));
		}
		return i;
	}

	async isActive(loc) {
		return loc.first().evaluate((el) => el === document.activeElement).catch(() => false);
	}

	// Tab (forward; the focus wraps round at the end of the page) until loc has the focus.
	async tabTo(loc, what) {
		if (await this.isActive(loc)) {
			await this.info();
			return;
		}
		for (let k = 0; k < MAX_TABS; k++) {
			await this.page.keyboard.press('Tab');
			await this.info();
			if (await this.isActive(loc))
				return;
		}
		throw new Error(`${MAX_TABS} Tab presses did not reach ${what} at ${pathOf(this.page.url())}`);
	}

	async follow(loc, what = 'the link') {
		await this.tabTo(loc, what);
		return withNav(this.page, () => this.page.keyboard.press('Enter'));
	}

	async submit(loc, what = 'the button') {
		await this.tabTo(loc, what);
		return withNav(this.page, () => this.page.keyboard.press('Enter'));
	}

	async typeInto(loc, value, what) {
		await this.tabTo(loc, what);
		await this.page.keyboard.press('Control+A');
		await this.page.keyboard.press('Backspace');
		await this.page.keyboard.type(String(value));
	}

	async fill(plan) {
		const page = this.page;
		// Tab order is document order here (no positive tabindex): answer in that order.
		const items = [];
		for (const item of plan) {
			const c = await resolve(page, this.lang, item, this.rep);
			const first = c.loc ?? c.parts[0];
			const pos = await first.evaluate((el) =>
				Array.prototype.indexOf.call(document.querySelectorAll('*'), el));
			items.push({ item, c, pos });
		}
		items.sort((a, b) => a.pos - b.pos);
		for (const { item, c } of items) {
			if (item.kind === 'text')
				await this.typeInto(c.loc, item.value, item.what);
			else if (item.kind === 'date')
				for (let k = 0; k < 3; k++)
					await this.typeInto(c.parts[k], item.value[k], `${item.what} part ${k + 1}`);
			else if (item.kind === 'radio')
				await this.radio(c.loc, item.what);
			else if (item.kind === 'select')
				await this.select(c.loc, item.option, item.what);
		}
	}

	// Tab into the radio group, then ArrowDown to the wanted radio (which checks it) or Space.
	async radio(loc, what) {
		const name = await loc.getAttribute('name');
		let reached = false;
		for (let k = 0; k < MAX_TABS && !reached; k++) {
			await this.page.keyboard.press('Tab');
			const i = await this.info();
			reached = i.type === 'radio' && i.name === name;
		}
		if (!reached)
			throw new Error(`Tab did not reach the ${what} radios at ${pathOf(this.page.url())}`);
		for (let k = 0; k < 12; k++) {
			if (await this.isActive(loc)) {
				if (!(await loc.isChecked()))
					await this.page.keyboard.press('Space');
				break;
			}
			await this.page.keyboard.press('ArrowDown');
			await this.info();
		}
		if (!(await loc.isChecked()))
			throw new Error(`${what}: the arrow keys did not select the wanted radio`);
	}

	async select(loc, re, what) {
		await this.tabTo(loc, what);
		const { i } = await optionIndex(loc, re, what);
		for (let k = 0; k < 400; k++) {
			const cur = await loc.evaluate((el) => el.selectedIndex);
			if (cur === i)
				break;
			await this.page.keyboard.press(cur < i ? 'ArrowDown' : 'ArrowUp');
		}
		const now = await loc.evaluate((el) => el.selectedIndex);
		if (now !== i)
			throw new Error(`${what}: the arrow keys did not reach option ${i}`);
	}
}

