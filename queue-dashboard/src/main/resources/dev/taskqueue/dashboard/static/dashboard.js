// The dashboard: one page, hash routes (#/, #/queue/{name}, #/task/{id}, #/schedules, #/instances),
// everything read from the public REST API and its event streams through the JavaScript client.
import { createClient } from './client.js';
import { clearNotice } from './actions.js';
import { el } from './dom.js';
import { renderInstances } from './instances.js';
import { renderOverview } from './overview.js';
import { renderQueue } from './queue.js';
import { renderSchedules } from './schedules.js';
import { renderTask } from './task.js';

const meta = (name) => {
	const element = document.querySelector('meta[name="' + name + '"]');
	return element ? element.content : null;
};

const api = meta('taskqueue-api') || '/api/tasks';
const operations = meta('taskqueue-operations') === 'true';

const ctx = {
	client: createClient({ baseUrl: api }),
	api,
	operations,
	setLive(state) {
		const live = document.getElementById('live');
		live.dataset.state = state;
		live.textContent = state;
	},
};

const routes = [
	{ pattern: /^\/?$/, nav: 'overview', title: () => 'Overview', render: (view) => renderOverview(view, ctx) },
	{ pattern: /^\/schedules$/, nav: 'schedules', title: () => 'Schedules', render: (view) => renderSchedules(view, ctx) },
	{ pattern: /^\/instances$/, nav: 'instances', title: () => 'Instances', render: (view) => renderInstances(view, ctx) },
	{
		pattern: /^\/queue\/([^/?]+)(?:\?(.*))?$/, title: (match) => 'Queue ' + decode(match[1]),
		render: (view, match) => renderQueue(view, ctx, { name: decode(match[1]), query: new URLSearchParams(match[2] || '') }),
	},
	{
		pattern: /^\/task\/([^/?]+)$/, title: (match) => 'Task ' + decode(match[1]),
		render: (view, match) => renderTask(view, ctx, { id: decode(match[1]) }),
	},
];

let stopView = null;
let firstRoute = true;

function route() {
	const hash = location.hash.replace(/^#/, '');
	if (stopView) {
		stopView();
		stopView = null;
	}
	const view = document.getElementById('view');
	const fresh = el('div', { id: 'view' });
	view.replaceWith(fresh);
	let matched = null;
	let match = null;
	for (const candidate of routes) {
		match = candidate.pattern.exec(hash);
		if (match) {
			matched = candidate;
			break;
		}
	}
	for (const link of document.querySelectorAll('[data-nav]')) {
		if (matched && link.dataset.nav === matched.nav) {
			link.setAttribute('aria-current', 'page');
		}
		else {
			link.removeAttribute('aria-current');
		}
	}
	if (!matched) {
		document.title = 'Not found · Task queue';
		fresh.append(el('h1', { tabindex: '-1', text: 'Not found' }),
			el('p', {}, 'Nothing is shown at this address. ', el('a', { href: '#/', text: 'Go to the overview' })));
	}
	else {
		document.title = matched.title(match) + ' · Task queue';
		ctx.setLive('connecting');
		stopView = matched.render(fresh, match) || null;
	}
	// keyboard and screen reader users land on the new view's heading, not at the old spot
	if (!firstRoute) {
		const heading = fresh.querySelector('h1');
		if (heading) {
			heading.focus();
		}
	}
	firstRoute = false;
}

function decode(text) {
	try {
		return decodeURIComponent(text);
	}
	catch (error) {
		return text;
	}
}

document.getElementById('mode').textContent = operations ? 'Operations enabled: actions change tasks and queues.'
	: 'Read only: operations are disabled (taskqueue.web.operations-enabled).';
document.getElementById('mode').dataset.operations = String(operations);
window.addEventListener('hashchange', () => {
	clearNoticeOnLeave();
	route();
});
// A page kept in the back-forward cache must not keep its event streams: each holds one of the
// few connections a browser opens to a host, and the next pages would wait for them.
window.addEventListener('pagehide', () => {
	if (stopView) {
		stopView();
		stopView = null;
	}
});
window.addEventListener('pageshow', (event) => {
	if (event.persisted) {
		route();
	}
});
route();

// A notice stays while its action's result matters: a task's removal leads to its queue, and the
// notice goes along; any other move clears it.
let noticeRoutes = 0;
function clearNoticeOnLeave() {
	const notice = document.getElementById('notice');
	if (notice.hidden) {
		noticeRoutes = 0;
		return;
	}
	noticeRoutes++;
	if (noticeRoutes > 1) {
		clearNotice();
		noticeRoutes = 0;
	}
}
