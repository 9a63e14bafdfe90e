// The instances sharing the backend, with the queues each one works on; refreshed every 5 s and
// whenever a worker starts or stops somewhere.
import { coalesce, el, formatAge, formatTime, replaceKeepingFocus, viewHref } from './dom.js';

const REFRESH_MILLIS = 5000;

/** Renders the instances into view; returns what stops its timer. */
export function renderInstances(view, ctx) {
	const content = el('div', { id: 'instances' });
	view.append(el('h1', { tabindex: '-1', text: 'Instances' }), content);

	const load = async () => {
		let instances;
		try {
			instances = await ctx.client.instances();
		}
		catch (error) {
			content.replaceChildren(el('p', { class: 'muted', id: 'instances-unavailable',
				text: error.status === 404 ? 'not available: this server does not report its instances'
					: 'not available (' + (error.detail || error.title || error.message) + ')' }));
			view.dataset.loaded = 'true';
			return;
		}
		replaceKeepingFocus(content, el('div', { class: 'table-wrap' }, el('table', { class: 'grid cards' },
			el('caption', { text: instances.length + ' instance' + (instances.length === 1 ? '' : 's') }),
			el('thead', {}, el('tr', {}, ['instance', 'application', 'host', 'pid', 'version', 'started',
				'last heartbeat', 'queues'].map((column) => el('th', { scope: 'col', text: column })))),
			el('tbody', {}, instances.map(instanceRow)))));
		view.dataset.loaded = 'true';
	};
	load();
	const timer = setInterval(load, REFRESH_MILLIS);
	// instances starting together announce many workers at once: one reload for a burst
	const refresh = coalesce(load, 500);
	const unsubscribe = ctx.client.subscribe({
		onEvent: (type) => {
			if (type === 'worker-started' || type === 'worker-stopped') {
				refresh.request();
			}
		},
	});
	return () => {
		clearInterval(timer);
		refresh.cancel();
		unsubscribe();
	};
}

function instanceRow(instance) {
	return el('tr', { 'data-instance': instance.id },
		el('th', { scope: 'row', class: 'mono', 'data-label': 'instance', text: instance.id }),
		el('td', { 'data-label': 'application', text: instance.application || '-' }),
		el('td', { 'data-label': 'host', text: instance.host || '-' }),
		el('td', { class: 'number', 'data-label': 'pid', text: instance.pid ?? '-' }),
		el('td', { 'data-label': 'version', text: instance.version || '-' }),
		el('td', { 'data-label': 'started', text: formatTime(instance.startedAt) || '-' }),
		el('td', { 'data-label': 'last heartbeat', text: instance.lastHeartbeat
			? formatAge(instance.lastHeartbeat) + ' ago' : '-' }),
		el('td', { 'data-label': 'queues' }, el('ul', { class: 'plain' }, (instance.queues || []).map((queue) =>
			el('li', {}, el('a', { href: viewHref('queue', queue.queue), text: queue.queue }),
				': ' + queue.running + ' running of ' + queue.concurrency)))));
}
