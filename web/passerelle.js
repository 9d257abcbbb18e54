/* passerelle.js: progressive enhancement of the server-rendered pages.
 *
 * Every page works without this script (forms post, filters have a submit button, the session
 * simply ends); it only makes some things smoother. Loaded as an external file (the CSP
 * allows no inline script), no dependencies, no inline handlers.
 *
 *   - #error-summary: focused on load, so screen readers hear the errors first.
 *   - #session-timeout (a hidden role="alertdialog" rendered by the server, data-expires =
 *     session end in epoch seconds, optional data-now = the server's clock at render time):
 *     shown 120 s before the end with focus on its button and Tab kept inside; its form
 *     extends the session with fetch (JSON {"expires": epoch seconds}), or posts normally when
 *     fetch fails; at the end the page goes to the form's data-expired-url.
 *   - form[data-live-filter="ID"] (method get): on input, the results element #ID is
 *     replaced by the one of the fetched page, the URL updated and #live-status told the
 *     text of the new [data-count] element. */
(function () {
	'use strict';

	var WARN_MS = 120 * 1000;
	var DEBOUNCE_MS = 300;
	var MAX_TIMER_MS = 60 * 60 * 1000;     /* re-check at least hourly (timers can drift) */
	var FOCUSABLE = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), ' +
	    'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

	function focusErrorSummary() {
		var s = document.getElementById('error-summary');
		if (!s)
			return;
		if (!s.hasAttribute('tabindex'))
			s.setAttribute('tabindex', '-1');
		s.focus();
	}

	/* Only same-site paths are followed, whatever the markup says. */
	function localPath(u) {
		return typeof u === 'string' && u.charAt(0) === '/' && u.charAt(1) !== '/' &&
		    u.charAt(1) !== '\\';
	}

	function sessionTimeout() {
		var dlg = document.getElementById('session-timeout');
		var form = dlg ? dlg.querySelector('form') : null;
		if (!dlg || !form)
			return;
		var timer = null;
		var opener = null;
		var inerted = [];
		var busy = false;
		/* Server clock minus ours, so a wrong client clock does not end sessions early. */
		var skew = 0;
		var now0 = parseInt(dlg.getAttribute('data-now'), 10);
		if (isFinite(now0))
			skew = now0 * 1000 - Date.now();

		function serverNow() {
			return Date.now() + skew;
		}

		function expiresMs() {
			var e = parseInt(dlg.getAttribute('data-expires'), 10);
			return isFinite(e) ? e * 1000 : NaN;
		}

		function isOpen() {
			return !dlg.hidden;
		}

		function button() {
			return form.querySelector('button, [type="submit"]');
		}

		function open() {
			if (isOpen())
				return;
			opener = document.activeElement;
			/* The rest of the page is out of reach while the dialog is open. */
			Array.prototype.forEach.call(document.body.children, function (el) {
				if (!el.contains(dlg) && !el.inert && el.tagName !== 'SCRIPT') {
					el.inert = true;
					inerted.push(el);
				}
			});
			document.body.classList.add('pl-dialog-open');
			dlg.hidden = false;
			var b = button();
			if (b)
				b.focus();
		}

		function close() {
			if (!isOpen())
				return;
			dlg.hidden = true;
			document.body.classList.remove('pl-dialog-open');
			inerted.forEach(function (el) {
				el.inert = false;
			});
			inerted = [];
			if (opener && typeof opener.focus === 'function' && document.contains(opener))
				opener.focus();
			opener = null;
		}

		function expire() {
			var u = form.getAttribute('data-expired-url');
			if (localPath(u))
				window.location.assign(u);
		}

		function schedule() {
			clearTimeout(timer);
			var exp = expiresMs();
			if (!isFinite(exp))
				return;
			var left = exp - serverNow();
			if (left <= 0) {
				expire();
				return;
			}
			var wait;
			if (left <= WARN_MS) {
				open();
				wait = left;
			} else {
				close();
				wait = left - WARN_MS;
			}
			timer = setTimeout(schedule, Math.min(wait, MAX_TIMER_MS));
		}

		/* Tab and Shift+Tab cycle inside the dialog (for browsers without inert). */
		dlg.addEventListener('keydown', function (e) {
			if (e.key !== 'Tab' || !isOpen())
				return;
			var f = dlg.querySelectorAll(FOCUSABLE);
			if (f.length === 0)
				return;
			var first = f[0], last = f[f.length - 1];
			if (e.shiftKey && (document.activeElement === first || !dlg.contains(document.activeElement))) {
				e.preventDefault();
				last.focus();
			} else if (!e.shiftKey && document.activeElement === last) {
				e.preventDefault();
				first.focus();
			}
		});
		document.addEventListener('focusin', function (e) {
			if (isOpen() && !dlg.contains(e.target)) {
				var b = button();
				if (b)
					b.focus();
			}
		});

		form.addEventListener('submit', function (e) {
			if (typeof window.fetch !== 'function' || typeof URLSearchParams !== 'function')
				return;     /* the normal post extends the session */
			e.preventDefault();
			if (busy)
				return;
			busy = true;
			var sent = Date.now();
			window.fetch(form.action, {
				method: 'POST',
				body: new URLSearchParams(new FormData(form)),
				headers: { 'Accept': 'application/json' },
				credentials: 'same-origin'
			}).then(function (resp) {
				if (!resp.ok)
					throw new Error('status ' + resp.status);
				var d = Date.parse(resp.headers.get('Date') || '');
				if (isFinite(d))
					skew = d - (sent + Date.now()) / 2;
				return resp.json();
			}).then(function (j) {
				if (!j || typeof j.expires !== 'number' || !isFinite(j.expires))
					throw new Error('no expires');
				busy = false;
				dlg.setAttribute('data-expires', String(Math.floor(j.expires)));
				close();
				schedule();
			}).catch(function () {
				busy = false;
				/* The native submit: does not fire "submit" again. */
				HTMLFormElement.prototype.submit.call(form);
			});
		});

		/* Background tabs delay timers: look again when the page comes back. */
		document.addEventListener('visibilitychange', function () {
			if (!document.hidden)
				schedule();
		});
		schedule();
	}

	function liveFilter(form) {
		var id = form.getAttribute('data-live-filter');
		if (!id || (form.method || 'get').toLowerCase() !== 'get')
			return;
		var timer = null;
		var seq = 0;
		var last = null;
		var ctrl = null;

		function update() {
			var cur = document.getElementById(id);
			/* Replacing an element that holds the form would lose what the user is typing. */
			if (!cur || cur.contains(form))
				return;
			var url;
			try {
				url = new URL(form.action, window.location.href);
			} catch (err) {
				return;
			}
			if (url.origin !== window.location.origin)
				return;
			url.search = new URLSearchParams(new FormData(form)).toString();
			url.hash = '';
			if (url.href === last)
				return;
			last = url.href;
			var mine = ++seq;
			if (ctrl)
				ctrl.abort();
			ctrl = typeof AbortController === 'function' ? new AbortController() : null;
			window.fetch(url.href, {
				headers: { 'X-Requested-With': 'fetch' },
				credentials: 'same-origin',
				signal: ctrl ? ctrl.signal : undefined
			}).then(function (resp) {
				if (!resp.ok)
					throw new Error('status ' + resp.status);
				return resp.text();
			}).then(function (html) {
				if (mine !== seq)
					return;     /* a newer request is on its way */
				var doc = new DOMParser().parseFromString(html, 'text/html');
				var fresh = doc.getElementById(id);
				var now = document.getElementById(id);
				if (!fresh || !now)
					return;
				now.replaceWith(document.adoptNode(fresh));
				try {
					window.history.replaceState(window.history.state, '', url.href);
				} catch (err) {
					/* the results are still right; only the address is stale */
				}
				var live = document.getElementById('live-status');
				var count = fresh.querySelector('[data-count]');
				if (live && count)
					live.textContent = count.textContent.replace(/\s+/g, ' ').trim();
			}).catch(function () {
				if (mine === seq)
					last = null;    /* let the next change try again; the button still works */
			});
		}

		function later() {
			clearTimeout(timer);
			timer = setTimeout(update, DEBOUNCE_MS);
		}
		form.addEventListener('input', later);
		form.addEventListener('change', later);
	}

	function liveFilters() {
		if (typeof window.fetch !== 'function' || typeof DOMParser !== 'function' ||
		    typeof URLSearchParams !== 'function' || !window.history ||
		    typeof window.history.replaceState !== 'function')
			return;
		Array.prototype.forEach.call(document.querySelectorAll('form[data-live-filter]'), liveFilter);
	}

	function start() {
		focusErrorSummary();
		sessionTimeout();
		liveFilters();
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', start);
	else
		start();
}());
