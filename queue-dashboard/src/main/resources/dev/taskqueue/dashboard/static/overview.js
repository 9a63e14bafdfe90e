// The overview: every queue with its counts (live: events of any task refetch the stats, at most
// every 500 ms), the totals, and a throughput chart per queue.
import { pauseButton } from './actions.js';
import { throughputChart } from './chart.js';
import { coalesce, el, formatAge, formatCount, replaceKeepingFocus, viewHref } from './dom.js';

const REFRESH_MILLIS = 500;
const INSTANCES_MILLIS = 5000;

/** Renders the overview into view; returns what stops its streams and timers. */
export function renderOverview(view, ctx) {
	const totals = el('dl', { class: 'totals', id: 'totals' });
	const head = el('thead');
	const body = el('tbody');
	const problem = el('p', { class: 'error', id: 'overview-error', hidden: true });
	const charts = el('div', { class: 'charts', id: 'charts' });
	view.append(
		el('h1', { tabindex: '-1', text: 'Overview' }),
		problem,
		totals,
		el('div', { class: 'table-wrap' },
			el('table', { class: 'grid cards', id: 'queues' }, el('caption', { text: 'Queues' }), head, body)),
		el('h2', { text: 'Throughput, last hour' }),
		charts);

	const chartsByQueue = new Map();
	// the instances tell each queue's concurrency; they change once per heartbeat, so they
	// are read at most every INSTANCES_MILLIS, and without them the page shows the rest
	let instancesRead = { at: -Infinity, reply: null };
	const readInstances = () => {
		if (Date.now() - instancesRead.at >= INSTANCES_MILLIS) {
			instancesRead = { at: Date.now(), reply: ctx.client.instances().catch(() => null) };
		}
		return instancesRead.reply;
	};
	const load = async () => {
		let stats;
		const instances = readInstances();
		try {
			stats = await ctx.client.stats();
		}
		catch (error) {
			problem.hidden = false;
			problem.textContent = 'Could not read the stats: ' + (error.detail || error.title || error.message);
			throw error;
		}
		problem.hidden = true;
		const statuses = Object.keys(stats.total.counts);
		renderTotals(totals, stats, statuses);
		renderHead(head, statuses, ctx.operations);
		const concurrency = concurrencyByQueue(await instances);
		replaceKeepingFocus(body, ...Object.entries(stats.queues)
			.map(([name, queue]) => queueRow(ctx, name, queue, statuses, concurrency, refresh)));
		syncCharts(charts, chartsByQueue, ctx.client, Object.keys(stats.queues));
		view.dataset.loaded = 'true';
	};
	const refresh = coalesce(load, REFRESH_MILLIS);

	const unsubscribe = ctx.client.subscribe({
		onOpen: () => {
			ctx.setLive('live');
			refresh.request();
		},
		onEvent: (type) => {
			// neither progress nor a schedule's change changes a count
			if (type !== 'progress' && !type.startsWith('schedule-')) {
				refresh.request();
			}
		},
		onError: () => ctx.setLive('reconnecting'),
	});
	refresh.request();
	// ages move on without events
	const ageTimer = setInterval(refresh.request, 10000);
	const chartTimer = setInterval(() => chartsByQueue.forEach((chart) => chart.load()), 60000);
	return () => {
		unsubscribe();
		refresh.cancel();
		clearInterval(ageTimer);
		clearInterval(chartTimer);
		chartsByQueue.forEach((chart) => chart.destroy());
	};
}

function renderTotals(totals, stats, statuses) {
	const entry = (label, value, name) => el('div', {}, el('dt', { text: label }),
		el('dd', { 'data-total': name, text: value }));
	totals.replaceChildren(
		entry('queues', formatCount(Object.keys(stats.queues).length), 'queues'),
		...statuses.map((status) => entry(status, formatCount(stats.total.counts[status]), status)),
		entry('running now', formatCount(stats.total.metrics ? stats.total.metrics.currentConcurrency : 0),
			'running'));
}

function renderHead(head, statuses, operations) {
	head.replaceChildren(el('tr', {},
		el('th', { scope: 'col', text: 'Queue' }),
		el('th', { scope: 'col', text: 'State' }),
		statuses.map((status) => el('th', { scope: 'col', class: 'number', text: status })),
		el('th', { scope: 'col', class: 'number', text: 'running / concurrency' }),
		el('th', { scope: 'col', text: 'oldest waiting' }),
		operations ? el('th', { scope: 'col', text: 'Actions' }) : null));
}

/** Each queue's concurrency summed over the live instances that work it, or null if unknown. */
function concurrencyByQueue(instances) {
	if (!Array.isArray(instances)) {
		return null;
	}
	const byQueue = new Map();
	for (const instance of instances) {
		for (const worker of instance.queues || []) {
			byQueue.set(worker.queue, (byQueue.get(worker.queue) || 0) + worker.concurrency);
		}
	}
	return byQueue;
}

function queueRow(ctx, name, queue, statuses, concurrency, refresh) {
	const counts = statuses.map((status) => {
		const count = queue.counts[status] || 0;
		const text = formatCount(count);
		return el('td', { class: 'number', 'data-label': status, 'data-queue': name, 'data-status': status },
			count > 0 ? el('a', { href: viewHref('queue', name, { status }), 'data-focus-key': name + '/' + status,
				'aria-label': text + ' ' + status + ' in ' + name, text }) : text);
	});
	const running = queue.metrics ? queue.metrics.currentConcurrency : 0;
	// no instance works a queue that only receives tasks here: its concurrency is 0
	const limit = concurrency ? formatCount(concurrency.get(name) || 0) : '?';
	return el('tr', { 'data-queue': name },
		el('th', { scope: 'row', 'data-label': 'queue' },
			el('a', { href: viewHref('queue', name), 'data-focus-key': name, text: name })),
		el('td', { 'data-label': 'state' },
			el('span', { class: 'badge', 'data-state': queue.paused ? 'paused' : 'running',
				text: queue.paused ? 'paused' : 'running' })),
		counts,
		el('td', { class: 'number', 'data-label': 'running / concurrency', 'data-queue': name,
			'data-status': 'running' },
			el('span', { 'data-running': name, text: formatCount(running) }), ' / ',
			el('span', { 'data-concurrency': name, text: limit })),
		el('td', { 'data-label': 'oldest waiting', text: formatAge(queue.oldestWaitingSince) || '-' }),
		ctx.operations ? el('td', { 'data-label': 'actions' }, pauseButton(ctx, name, queue.paused, refresh)) : null);
}

function syncCharts(charts, chartsByQueue, client, queues) {
	for (const [name, chart] of chartsByQueue) {
		if (!queues.includes(name)) {
			chart.destroy();
			chartsByQueue.delete(name);
			charts.querySelector('[data-chart-queue="' + CSS.escape(name) + '"]')?.remove();
		}
	}
	for (const name of queues) {
		if (!chartsByQueue.has(name)) {
			const holder = el('div', { class: 'chart-body' });
			charts.append(el('figure', { class: 'chart', 'data-chart-queue': name },
				el('figcaption', {}, el('a', { href: viewHref('queue', name), text: name })), holder));
			const chart = throughputChart(holder, client, name);
			chartsByQueue.set(name, chart);
			chart.load();
		}
	}
}
