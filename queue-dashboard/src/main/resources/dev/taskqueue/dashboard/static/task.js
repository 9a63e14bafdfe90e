// One task: every field, payload and result as JSON, its error, a live progress bar and message,
// and its events as a timeline while the page is open; retry, hold, release, cancel and remove when
// enabled.
import { actionButton } from './actions.js';
import { el, fill, formatTime, json, replaceKeepingFocus, viewHref } from './dom.js';

const FINAL = ['completed', 'failed', 'cancelled'];

const HOLDABLE = ['waiting', 'delayed', 'retrying'];

const MAX_EVENTS = 500;

/** Renders a task into view; params: id. */
export function renderTask(view, ctx, { id }) {
	const state = el('span', { class: 'badge', id: 'task-status' });
	const queueLink = el('a', { id: 'task-queue', href: '#/', text: '' });
	const toolbar = el('div', { class: 'toolbar', id: 'task-actions', hidden: !ctx.operations });
	const bar = el('progress', { id: 'task-progress', max: '100', value: 0, 'aria-label': 'progress' });
	const percent = el('span', { id: 'task-percent', text: '0%' });
	const message = el('span', { id: 'task-message', class: 'muted' });
	const progress = el('section', { id: 'progress-section', class: 'progress', hidden: true }, bar,
		el('div', { class: 'row' }, percent, message));
	const problem = el('p', { class: 'error', id: 'task-problem', hidden: true });
	const fields = el('dl', { class: 'fields', id: 'task-fields' });
	const payload = el('pre', { id: 'task-payload', tabindex: '0' });
	const result = el('pre', { id: 'task-result', tabindex: '0' });
	const resultSection = el('section', { hidden: true }, el('h2', { text: 'Result' }), result);
	const errorSection = el('section', { id: 'task-error', hidden: true });
	const timeline = el('ol', { id: 'timeline', class: 'timeline' });
	view.append(
		el('p', { class: 'crumbs' }, el('a', { href: '#/', text: 'Overview' }), ' / ', queueLink, ' / task'),
		el('h1', { tabindex: '-1' }, 'Task ', el('span', { class: 'mono', id: 'task-id', text: id }), ' ', state),
		problem, toolbar, progress, fields,
		el('section', {}, el('h2', { text: 'Payload' }), payload),
		resultSection, errorSection,
		el('section', {}, el('h2', { text: 'Events while this page is open' }), timeline));

	let sawEvent = false;
	let stopWatch = null;

	const show = (task) => {
		problem.hidden = true;
		state.textContent = task.status;
		state.dataset.state = task.status;
		queueLink.textContent = task.queue;
		queueLink.href = viewHref('queue', task.queue);
		const hasProgress = task.progress !== null && task.progress !== undefined;
		progress.hidden = !hasProgress && task.status !== 'active';
		const percentage = hasProgress ? task.progress.percentage : 0;
		bar.value = percentage;
		percent.textContent = percentage + '%';
		message.textContent = hasProgress && task.progress.message ? task.progress.message : '';
		renderFields(fields, task);
		payload.textContent = json(task.payload);
		resultSection.hidden = task.result === null || task.result === undefined;
		result.textContent = resultSection.hidden ? '' : json(task.result);
		renderError(errorSection, task.error);
		if (ctx.operations) {
			replaceKeepingFocus(toolbar, ...taskActions(ctx, task, show, follow));
		}
		view.dataset.loaded = 'true';
	};

	const follow = () => {
		if (stopWatch) {
			stopWatch();
		}
		ctx.setLive('live');
		stopWatch = ctx.client.watch(id, {
			onEvent: (type, task) => {
				sawEvent = true;
				addEvent(timeline, type, task);
				if (task && typeof task === 'object' && task.status) {
					show(task);
				}
			},
			onDone: (task, type) => {
				ctx.setLive('ended');
				if (type === 'removed') {
					showProblem(problem, 'This task was removed.');
				}
			},
			onError: (error) => {
				ctx.setLive('ended');
				showProblem(problem, (error.title || 'Error') + ': ' + (error.detail || error.message));
			},
		});
	};

	ctx.client.get(id).then((task) => {
		// the stream's first event has the same state, or a newer one
		if (!sawEvent) {
			show(task);
		}
	}, (error) => showProblem(problem, (error.title || 'Error') + ': ' + (error.detail || error.message)));
	follow();
	return () => stopWatch && stopWatch();
}

function taskActions(ctx, task, show, follow) {
	const buttons = [];
	if (FINAL.includes(task.status)) {
		buttons.push(actionButton('Retry', { name: 'retry', run: () => ctx.client.retry(task.id),
			done: () => 'Retried task ' + task.id,
			after: (retried) => {
				show(retried);
				follow();
			} }));
	}
	else {
		if (HOLDABLE.includes(task.status)) {
			buttons.push(actionButton('Hold', { name: 'hold', run: () => ctx.client.hold(task.id),
				done: () => 'Held task ' + task.id, after: show }));
		}
		else if (task.status === 'held') {
			buttons.push(actionButton('Release', { name: 'release', run: () => ctx.client.release(task.id),
				done: () => 'Released task ' + task.id, after: show }));
		}
		buttons.push(actionButton('Cancel', { name: 'cancel', danger: true, run: () => ctx.client.cancel(task.id),
			confirm: 'Cancel task ' + task.id + ' (' + task.type + ')?', confirmLabel: 'Cancel task',
			done: () => 'Cancelled task ' + task.id }));
	}
	buttons.push(actionButton('Remove', { name: 'remove', danger: true, run: () => ctx.client.remove(task.id),
		confirm: 'Remove task ' + task.id + ' (' + task.type + ') for good?', confirmLabel: 'Remove task',
		done: () => 'Removed task ' + task.id,
		after: () => {
			location.hash = viewHref('queue', task.queue);
		} }));
	return buttons;
}

function renderFields(fields, task) {
	const rows = [
		['id', task.id], ['queue', task.queue], ['type', task.type], ['status', task.status],
		['priority', task.priority], ['attempts', task.attempts + ' of ' + task.maxAttempts],
		['created', formatTime(task.createdAt)], ['scheduled', formatTime(task.scheduledAt)],
		['started', formatTime(task.startedAt)], ['finished', formatTime(task.finishedAt)],
		['timeout', task.timeout || 'none'], ['backoff', task.backoff ? JSON.stringify(task.backoff) : ''],
		['repeat', task.repeat ? JSON.stringify(task.repeat) : 'no'], ['occurrence', task.occurrence],
		['idempotency key', task.idempotencyKey || 'none'],
	];
	// fields the server adds later show too
	const known = ['id', 'queue', 'type', 'status', 'priority', 'attempts', 'maxAttempts', 'createdAt', 'scheduledAt',
		'startedAt', 'finishedAt', 'timeout', 'backoff', 'repeat', 'occurrence', 'idempotencyKey', 'payload', 'result',
		'error', 'progress'];
	for (const [name, value] of Object.entries(task)) {
		if (!known.includes(name) && value !== null && value !== undefined) {
			rows.push([name, typeof value === 'object' ? JSON.stringify(value) : value]);
		}
	}
	fields.replaceChildren(...rows.flatMap(([name, value]) => [el('dt', { text: name }),
		el('dd', { 'data-field': name, text: value === '' || value === null || value === undefined ? '-' : value })]));
}

function renderError(section, error) {
	if (!error) {
		section.hidden = true;
		section.replaceChildren();
		return;
	}
	section.hidden = false;
	fill(section, el('h2', { text: 'Error' }),
		el('p', { id: 'error-message', class: 'error', text: error.message }),
		el('p', { class: 'muted' }, 'type ', el('code', { text: error.type })),
		error.stackTrace ? el('details', {}, el('summary', { text: 'Stack trace' }),
			el('pre', { id: 'error-stack', tabindex: '0', text: error.stackTrace })) : null);
}

function addEvent(timeline, type, task) {
	let detail = '';
	if (task && typeof task === 'object') {
		if (type === 'progress' && task.progress) {
			detail = task.progress.percentage + '%' + (task.progress.message ? ' ' + task.progress.message : '');
		}
		else if ((type === 'failed' || type === 'retrying') && task.error) {
			detail = task.error.message;
		}
		else if (task.attempts !== undefined) {
			detail = 'attempt ' + task.attempts + ' of ' + task.maxAttempts;
		}
	}
	const now = new Date();
	timeline.append(el('li', { 'data-event': type },
		el('time', { datetime: now.toISOString(), text: formatTime(now.toISOString()).slice(11) }), ' ',
		el('span', { class: 'badge', 'data-state': type, text: type }), detail ? ' ' + detail : ''));
	while (timeline.children.length > MAX_EVENTS) {
		timeline.firstElementChild.remove();
	}
}

function showProblem(problem, text) {
	problem.hidden = false;
	problem.textContent = text;
}
