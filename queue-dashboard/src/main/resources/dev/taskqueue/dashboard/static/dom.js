// Building the page from data without ever parsing it as HTML: text goes into textContent,
// attributes through setAttribute, handlers through addEventListener (nothing inline, so the
// page works under a Content-Security-Policy without 'unsafe-inline').

/**
 * Creates an element.
 * @param {string} tag the tag name
 * @param {object} [props] text (its text), class, dataset, on<event> (handlers), hidden, disabled,
 *   value, and any other attribute
 * @param {...(Node|string|number|null|undefined|false|Array)} children nodes or text
 */
export function el(tag, props = {}, ...children) {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(props)) {
		if (value === null || value === undefined || value === false) {
			continue;
		}
		if (name === 'text') {
			node.textContent = String(value);
		}
		else if (name === 'class') {
			node.className = value;
		}
		else if (name === 'dataset') {
			Object.assign(node.dataset, value);
		}
		else if (name.startsWith('on') && typeof value === 'function') {
			node.addEventListener(name.slice(2), value);
		}
		else if (name === 'hidden' || name === 'disabled' || name === 'value' || name === 'checked') {
			node[name] = value;
		}
		else {
			node.setAttribute(name, value === true ? '' : String(value));
		}
	}
	append(node, children);
	return node;
}

/** Replaces a node's children; like el, it skips null, undefined and false and flattens arrays. */
export function fill(node, ...children) {
	node.replaceChildren();
	append(node, children);
	return node;
}

function append(node, children) {
	for (const child of children) {
		if (Array.isArray(child)) {
			append(node, child);
		}
		else if (child instanceof Node) {
			node.append(child);
		}
		else if (child !== null && child !== undefined && child !== false) {
			node.append(document.createTextNode(String(child)));
		}
	}
}

/** A value as indented JSON, for a pre element's text. */
export function json(value) {
	return JSON.stringify(value, null, 2);
}

const two = (number) => String(number).padStart(2, '0');

/** An instant as local date and time, such as 2026-11-24 19:30:05; '' for none. */
export function formatTime(iso) {
	if (!iso) {
		return '';
	}
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) {
		return String(iso);
	}
	return date.getFullYear() + '-' + two(date.getMonth() + 1) + '-' + two(date.getDate()) + ' '
		+ two(date.getHours()) + ':' + two(date.getMinutes()) + ':' + two(date.getSeconds());
}

/** How long ago an instant was, such as 5s, 3m 20s, 2h 5m or 4d 3h; '' for none. */
export function formatAge(iso, now = Date.now()) {
	if (!iso) {
		return '';
	}
	return formatSeconds(Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000)));
}

/** How long until an instant, such as 'in 3m 20s' or 'in 4d 3h'; 'now' once passed; '' for none. */
export function formatUntil(iso, now = Date.now()) {
	if (!iso) {
		return '';
	}
	const seconds = Math.floor((new Date(iso).getTime() - now) / 1000);
	return seconds > 0 ? 'in ' + formatSeconds(seconds) : 'now';
}

function formatSeconds(seconds) {
	if (seconds < 60) {
		return seconds + 's';
	}
	if (seconds < 3600) {
		return Math.floor(seconds / 60) + 'm ' + (seconds % 60) + 's';
	}
	if (seconds < 86400) {
		return Math.floor(seconds / 3600) + 'h ' + Math.floor((seconds % 3600) / 60) + 'm';
	}
	return Math.floor(seconds / 86400) + 'd ' + Math.floor((seconds % 86400) / 3600) + 'h';
}

/** A count with thousands separators. */
export function formatCount(count) {
	return Number(count || 0).toLocaleString('en-US');
}

/**
 * Runs a task at most once per interval however often it is asked for, never two at once,
 * and once more after the last request (so the last change always shows).
 * @param {() => Promise<unknown>} task what to run
 * @param {number} interval the shortest interval between two starts, in milliseconds
 * @returns {{request: () => void, cancel: () => void}}
 */
export function coalesce(task, interval) {
	let lastStart = -Infinity;
	let timer = null;
	let running = false;
	let wanted = false;
	let cancelled = false;
	const start = async () => {
		timer = null;
		if (cancelled) {
			return;
		}
		running = true;
		wanted = false;
		lastStart = Date.now();
		try {
			await task();
		}
		catch (error) {
			// the next request tries again
		}
		finally {
			running = false;
		}
		if (wanted) {
			schedule();
		}
	};
	const schedule = () => {
		if (cancelled || timer !== null) {
			return;
		}
		if (running) {
			wanted = true;
			return;
		}
		timer = setTimeout(start, Math.max(0, lastStart + interval - Date.now()));
	};
	return {
		request: schedule,
		cancel: () => {
			cancelled = true;
			clearTimeout(timer);
		},
	};
}

/**
 * Replaces what a container shows, keeping the keyboard focus on the element of the same
 * data-focus-key (a refresh must not throw a keyboard user back to the top).
 */
export function replaceKeepingFocus(container, ...children) {
	const active = document.activeElement;
	const key = active && container.contains(active) ? active.dataset.focusKey : undefined;
	fill(container, ...children);
	if (key) {
		const again = [...container.querySelectorAll('[data-focus-key]')].find((node) => node.dataset.focusKey === key);
		if (again) {
			again.focus();
		}
	}
}

/** A link to a view of the dashboard: #/queue/name?status=failed. */
export function viewHref(...parts) {
	const last = parts[parts.length - 1];
	const query = (last && typeof last === 'object') ? parts.pop() : null;
	let href = '#/' + parts.map((part) => encodeURIComponent(part)).join('/');
	if (query) {
		const params = new URLSearchParams();
		for (const [name, value] of Object.entries(query)) {
			if (value !== undefined && value !== null && value !== '') {
				params.set(name, value);
			}
		}
		const search = params.toString();
		if (search) {
			href += '?' + search;
		}
	}
	return href;
}
