// Write actions: a confirmation dialog for the destructive ones, and the outcome of each shown in
// the notice area (success, or the problem detail's title and detail).
import { el, fill } from './dom.js';

/** Shows an action's outcome: kind 'ok' or 'error'. */
export function showNotice(kind, title, detail) {
	const notice = document.getElementById('notice');
	notice.hidden = false;
	notice.dataset.kind = kind;
	fill(notice,
		el('strong', { class: 'notice-title', text: title }),
		detail ? el('span', { class: 'notice-detail', text: ' ' + detail }) : null,
		el('button', { type: 'button', class: 'link', text: 'Dismiss', onclick: clearNotice }));
}

export function clearNotice() {
	const notice = document.getElementById('notice');
	notice.hidden = true;
	notice.replaceChildren();
	delete notice.dataset.kind;
}

/** Asks for confirmation in the page's dialog element; resolves true when confirmed. */
export function confirmAction(text, confirmLabel = 'Confirm') {
	const dialog = document.getElementById('confirm');
	document.getElementById('confirm-text').textContent = text;
	document.getElementById('confirm-ok').textContent = confirmLabel;
	dialog.returnValue = '';
	return new Promise((resolve) => {
		dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
		dialog.showModal();
	});
}

/**
 * A button that runs an action: asks first when confirm is set, then shows the outcome.
 * @param {string} label the button's text
 * @param {object} action
 * @param {string} [action.confirm] the question to confirm; none runs at once
 * @param {string} [action.confirmLabel] the confirming button's text
 * @param {() => Promise<unknown>} action.run the action
 * @param {(result: unknown) => string} action.done the success message
 * @param {(result: unknown) => void} [action.after] what to do after a success
 * @param {string} [action.name] the data-action attribute (for tests and styling)
 * @param {string} [action.focusKey] what keeps the focus on it when the page is redrawn
 * @param {boolean} [action.danger] whether it destroys something
 */
export function actionButton(label, action) {
	const button = el('button', {
		type: 'button',
		class: action.danger ? 'danger' : null,
		'data-action': action.name,
		'data-focus-key': action.focusKey || (action.name ? 'action-' + action.name : null),
		text: label,
	});
	button.addEventListener('click', async () => {
		if (action.confirm && !(await confirmAction(action.confirm, action.confirmLabel || label))) {
			return;
		}
		button.disabled = true;
		clearNotice();
		try {
			const result = await action.run();
			const message = action.done(result);
			if (message) {
				showNotice('ok', message);
			}
			if (action.after) {
				action.after(result);
			}
		}
		catch (error) {
			showNotice('error', (error && error.title) || 'Failed', (error && (error.detail || error.message)) || '');
		}
		finally {
			button.disabled = false;
		}
	});
	return button;
}

/** Pause or resume, as the queue is. */
export function pauseButton(ctx, name, paused, refresh) {
	return paused
		? actionButton('Resume', { name: 'resume-' + name, focusKey: 'pause-resume-' + name,
			run: () => ctx.client.resume(name), done: () => 'Resumed ' + name, after: () => refresh.request() })
		: actionButton('Pause', { name: 'pause-' + name, focusKey: 'pause-resume-' + name,
			run: () => ctx.client.pause(name), done: () => 'Paused ' + name, after: () => refresh.request() });
}

/**
 * Retries every failed task of a queue: pages through them first (retrying moves them out of
 * the list being paged), then retries each one.
 * @returns {Promise<{found: number, retried: number, failures: Error[]}>}
 */
export async function retryAllFailed(client, queue) {
	const ids = [];
	let cursor;
	do {
		const page = await client.list({ queue, status: 'failed', limit: 500, cursor });
		ids.push(...page.items.map((task) => task.id));
		cursor = page.nextCursor;
	} while (cursor);
	let retried = 0;
	const failures = [];
	for (const id of ids) {
		try {
			await client.retry(id);
			retried++;
		}
		catch (error) {
			failures.push(error);
		}
	}
	return { found: ids.length, retried, failures };
}

/** The message of a retry-all: how many were retried, and why some were not. */
export function describeRetryAll(queue, outcome) {
	let message = 'Retried ' + outcome.retried + ' of ' + outcome.found + ' failed task'
		+ (outcome.found === 1 ? '' : 's') + ' of ' + queue;
	if (outcome.failures.length > 0) {
		const first = outcome.failures[0];
		message += '; ' + outcome.failures.length + ' refused (' + (first.detail || first.title || first.message) + ')';
	}
	return message;
}
