// One queue: its counts (live), counts per type where the server reports them, its tasks newest
// first with filters and cursor paging, and the queue's actions when operations are enabled.
import { actionButton, describeRetryAll, pauseButton, retryAllFailed } from './actions.js';
import { coalesce, el, fill, formatAge, formatCount, formatTime, replaceKeepingFocus, viewHref } from './dom.js';

const STATUSES = ['waiting', 'delayed', 'active', 'retrying', 'held', 'completed', 'failed', 'cancelled'];

const PAGE_SIZE = 50;

/** Renders a queue into view; params: name, query {status, type, cursor}. */
export function renderQueue(view, ctx, { name, query }) {
	const filter = { status: query.get('status') || '', type: query.get('type') || '', cursor: query.get('cursor') || '' };
	const state = el('span', { class: 'badge', id: 'queue-state' });
	const counts = el('dl', { class: 'totals', id: 'queue-counts' });
	const toolbar = el('div', { class: 'toolbar', id: 'queue-actions', hidden: !ctx.operations });
	const types = el('section', { id: 'types', hidden: true });
	const rows = el('tbody');
	const paging = el('nav', { class: 'paging', 'aria-label': 'Pages' });
	const listProblem = el('p', { class: 'error', hidden: true });
	view.append(
		el('p', { class: 'crumbs' }, el('a', { href: '#/', text: 'Overview' }), ' / queue'),
		el('h1', { tabindex: '-1' }, 'Queue ', el('span', { id: 'queue-name', text: name }), ' ', state),
		counts, toolbar, types,
		el('h2', { text: 'Tasks' }),
		filterForm(name, filter),
		findForm(),
		listProblem,
		el('div', { class: 'table-wrap' }, el('table', { class: 'grid cards', id: 'tasks' },
			el('caption', { text: describeFilter(filter) }),
			el('thead', {}, el('tr', {}, ['id', 'type', 'status', 'priority', 'attempts', 'created', 'progress']
				.map((column) => el('th', { scope: 'col', text: column })))),
			rows)),
		paging);

	const loadStats = async () => {
		const stats = await ctx.client.stats();
		const queue = stats.queues[name] || { counts: {}, paused: false, metrics: null };
		state.textContent = queue.paused ? 'paused' : 'running';
		state.dataset.state = queue.paused ? 'paused' : 'running';
		counts.replaceChildren(...Object.entries(queue.counts).map(([status, count]) => el('div', {},
			el('dt', { text: status }), el('dd', { 'data-status': status, text: formatCount(count) }))),
		el('div', {}, el('dt', { text: 'oldest waiting' }),
			el('dd', { text: formatAge(queue.oldestWaitingSince) || '-' })));
		renderTypes(types, name, queue.types);
		if (ctx.operations) {
			replaceKeepingFocus(toolbar, ...queueActions(ctx, name, queue.paused, refreshAll));
		}
	};
	const loadTasks = async () => {
		let page;
		try {
			page = await ctx.client.list({ queue: name, status: filter.status, type: filter.type, limit: PAGE_SIZE,
				cursor: filter.cursor });
		}
		catch (error) {
			listProblem.hidden = false;
			listProblem.textContent = (error.title || 'Error') + ': ' + (error.detail || error.message);
			return;
		}
		listProblem.hidden = true;
		replaceKeepingFocus(rows, ...(page.items.length > 0 ? page.items.map(taskRow)
			: [el('tr', {}, el('td', { colspan: '7', class: 'muted', text: 'No tasks' }))]));
		fill(paging,
			filter.cursor ? el('a', { href: viewHref('queue', name, { ...filter, cursor: '' }), text: 'First page' }) : null,
			page.nextCursor ? el('a', { id: 'next-page', href: viewHref('queue', name, { ...filter, cursor: page.nextCursor }),
				text: 'Next page' }) : null);
		view.dataset.loaded = 'true';
	};
	const stats = coalesce(loadStats, 500);
	const tasks = coalesce(loadTasks, 1000);
	const refreshAll = { request: () => {
		stats.request();
		tasks.request();
	} };

	const unsubscribe = ctx.client.subscribe({
		onOpen: () => ctx.setLive('live'),
		onError: () => ctx.setLive('reconnecting'),
		onEvent: (type, task) => {
			if (type === 'progress') {
				showProgress(rows, task);
				return;
			}
			stats.request();
			// a later page keeps its place; the first one shows what is new
			if (!filter.cursor) {
				tasks.request();
			}
		},
	}, { queue: name });
	stats.request();
	tasks.request();
	return () => {
		unsubscribe();
		stats.cancel();
		tasks.cancel();
	};
}

function queueActions(ctx, name, paused, refresh) {
	return [
		pauseButton(ctx, name, paused, refresh),
		actionButton('Drain', { name: 'drain', danger: true, run: () => ctx.client.drain(name),
			confirm: 'Remove every waiting, delayed and retrying task of ' + name + '?',
			done: (result) => 'Drained ' + name + ': removed ' + result.removed, after: refresh.request }),
		actionButton('Clean', { name: 'clean', danger: true, run: () => ctx.client.clean(name),
			confirm: 'Remove every completed, failed and cancelled task of ' + name + '?',
			done: (result) => 'Cleaned ' + name + ': removed ' + result.removed, after: refresh.request }),
		actionButton('Retry all failed', { name: 'retry-all', danger: true, run: () => retryAllFailed(ctx.client, name),
			confirm: 'Run every failed task of ' + name + ' again?', confirmLabel: 'Retry all',
			done: (outcome) => describeRetryAll(name, outcome), after: refresh.request }),
	];
}

function renderTypes(section, queue, types) {
	if (!types || Object.keys(types).length === 0) {
		section.hidden = true;
		return;
	}
	section.hidden = false;
	const statuses = [...new Set(Object.values(types).flatMap((counts) => Object.keys(counts)))];
	section.replaceChildren(el('h2', { text: 'By type' }), el('div', { class: 'table-wrap' },
		el('table', { class: 'grid cards', id: 'type-counts' },
			el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'type' }),
				statuses.map((status) => el('th', { scope: 'col', class: 'number', text: status })))),
			el('tbody', {}, Object.entries(types).map(([type, counts]) => el('tr', { 'data-type': type },
				el('th', { scope: 'row', 'data-label': 'type' },
					el('a', { href: viewHref('queue', queue, { type }), text: type })),
				statuses.map((status) => el('td', { class: 'number', 'data-label': status, 'data-status': status,
					text: formatCount(counts[status]) }))))))));
}

function filterForm(name, filter) {
	const status = el('select', { id: 'filter-status', name: 'status' },
		el('option', { value: '', text: 'any' }),
		STATUSES.map((value) => el('option', { value, text: value, selected: value === filter.status })));
	const type = el('input', { id: 'filter-type', name: 'type', type: 'text', value: filter.type, autocomplete: 'off' });
	return el('form', { class: 'filters', id: 'filter', role: 'search', onsubmit: (event) => {
		event.preventDefault();
		location.hash = viewHref('queue', name, { status: status.value, type: type.value.trim() });
	} },
	el('label', {}, 'Status ', status),
	el('label', {}, 'Type ', type),
	el('button', { type: 'submit', text: 'Filter' }),
	el('a', { href: viewHref('queue', name), text: 'Clear' }));
}

function findForm() {
	const id = el('input', { id: 'find-id', name: 'id', type: 'text', required: true, autocomplete: 'off' });
	return el('form', { class: 'filters', id: 'find', role: 'search', onsubmit: (event) => {
		event.preventDefault();
		if (id.value.trim()) {
			location.hash = viewHref('task', id.value.trim());
		}
	} },
	el('label', {}, 'Task id ', id),
	el('button', { type: 'submit', text: 'Open' }));
}

function describeFilter(filter) {
	const parts = [filter.status && 'status ' + filter.status, filter.type && 'type ' + filter.type].filter(Boolean);
	return 'Newest first' + (parts.length ? ', ' + parts.join(', ') : '') + (filter.cursor ? ', a later page' : '');
}

function taskRow(task) {
	return el('tr', { 'data-task-id': task.id },
		el('th', { scope: 'row', 'data-label': 'id' },
			el('a', { class: 'mono', href: viewHref('task', task.id), 'data-focus-key': task.id, text: task.id })),
		el('td', { 'data-label': 'type', text: task.type }),
		el('td', { 'data-label': 'status' }, el('span', { class: 'badge', 'data-state': task.status, text: task.status })),
		el('td', { class: 'number', 'data-label': 'priority', text: task.priority }),
		el('td', { class: 'number', 'data-label': 'attempts', text: task.attempts + ' / ' + task.maxAttempts }),
		el('td', { 'data-label': 'created', text: formatTime(task.createdAt) }),
		el('td', { class: 'number', 'data-label': 'progress', 'data-progress': '',
			text: task.progress ? task.progress.percentage + '%' : '' }));
}

function showProgress(rows, task) {
	if (!task || !task.id || !task.progress) {
		return;
	}
	const row = [...rows.children].find((candidate) => candidate.dataset.taskId === task.id);
	const cell = row && row.querySelector('[data-progress]');
	if (cell) {
		cell.textContent = task.progress.percentage + '%';
	}
}
