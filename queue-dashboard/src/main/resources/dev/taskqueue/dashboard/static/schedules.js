// The recurring schedules: one row each with its trigger, next due time, last run and runs, live
// (schedule events, and events of the tasks schedules made, read them again at most every 500 ms);
// pause or resume, run now and remove when operations are enabled.
import { actionButton } from './actions.js';
import { coalesce, el, formatCount, formatTime, formatUntil, replaceKeepingFocus, viewHref } from './dom.js';

const REFRESH_MILLIS = 500;

// next due times come closer, and pass, without events
const CLOCK_MILLIS = 10000;

const COLUMNS = ['id', 'type', 'queue', 'trigger', 'next due', 'last run', 'runs', 'state'];

/** Renders the schedules into view; returns what stops its stream and timer. */
export function renderSchedules(view, ctx) {
	const problem = el('p', { class: 'error', id: 'schedules-error', hidden: true });
	const caption = el('caption', { text: 'Schedules' });
	const body = el('tbody');
	view.append(
		el('h1', { tabindex: '-1', text: 'Schedules' }),
		problem,
		el('div', { class: 'table-wrap' }, el('table', { class: 'grid cards', id: 'schedules' }, caption,
			el('thead', {}, el('tr', {}, COLUMNS.map((column) => el('th', { scope: 'col', text: column })),
				ctx.operations ? el('th', { scope: 'col', text: 'Actions' }) : null)),
			body)));

	const load = async () => {
		let schedules;
		try {
			schedules = await ctx.client.listSchedules();
		}
		catch (error) {
			problem.hidden = false;
			problem.textContent = error.status === 404 ? 'not available: this server has no schedules API'
				: 'Could not read the schedules: ' + (error.detail || error.title || error.message);
			view.dataset.loaded = 'true';
			throw error;
		}
		problem.hidden = true;
		caption.textContent = schedules.length + ' schedule' + (schedules.length === 1 ? '' : 's');
		replaceKeepingFocus(body, ...(schedules.length > 0 ? schedules.map((schedule) => scheduleRow(ctx, schedule, refresh))
			: [el('tr', {}, el('td', { colspan: String(COLUMNS.length + (ctx.operations ? 1 : 0)), class: 'muted',
				text: 'No schedules' }))]));
		view.dataset.loaded = 'true';
	};
	const refresh = coalesce(load, REFRESH_MILLIS);

	const unsubscribe = ctx.client.subscribe({
		onOpen: () => {
			ctx.setLive('live');
			refresh.request();
		},
		onEvent: (type, data) => {
			// a schedule changed, or a task one made changed status (its last run)
			const madeByOne = data && typeof data === 'object' && data.scheduleId && type !== 'progress';
			if (type.startsWith('schedule-') || madeByOne) {
				refresh.request();
			}
		},
		onError: () => ctx.setLive('reconnecting'),
	});
	refresh.request();
	const clock = setInterval(refresh.request, CLOCK_MILLIS);
	return () => {
		unsubscribe();
		refresh.cancel();
		clearInterval(clock);
	};
}

function scheduleRow(ctx, schedule, refresh) {
	const id = schedule.id;
	const runs = formatCount(schedule.runs) + (schedule.limit ? ' of ' + formatCount(schedule.limit) : '');
	return el('tr', { 'data-schedule': id },
		el('th', { scope: 'row', 'data-label': 'id' }, el('div', {}, el('span', { class: 'mono', text: id }),
			schedule.declared ? el('span', { class: 'note', title: 'declared with @Recurring', text: ' (in code)' }) : null)),
		el('td', { 'data-label': 'type', text: schedule.type }),
		el('td', { 'data-label': 'queue' }, el('a', { href: viewHref('queue', schedule.queue), text: schedule.queue })),
		// in a card a cell lays out its children apart: one div keeps each value together
		el('td', { 'data-label': 'trigger', 'data-trigger': '' }, el('div', {}, trigger(schedule))),
		el('td', { 'data-label': 'next due', 'data-next-due': '' }, el('div', {}, nextDue(schedule))),
		el('td', { 'data-label': 'last run', 'data-last-run': '' }, el('div', {}, lastRun(schedule))),
		el('td', { class: 'number', 'data-label': 'runs', 'data-runs': '', text: runs }),
		el('td', { 'data-label': 'state' }, stateBadge(schedule)),
		ctx.operations ? el('td', { 'data-label': 'actions' },
			el('div', { class: 'actions' }, scheduleActions(ctx, schedule, refresh))) : null);
}

function trigger(schedule) {
	const bounds = [schedule.startAt && 'from ' + formatTime(schedule.startAt),
		schedule.endAt && 'until ' + formatTime(schedule.endAt)].filter(Boolean);
	return [
		schedule.cron !== null && schedule.cron !== undefined
			? [el('code', { text: schedule.cron }), ' ', el('span', { class: 'muted', text: schedule.zone })]
			: 'every ' + formatInterval(schedule.every),
		bounds.length > 0 ? el('div', { class: 'muted', text: bounds.join(', ') }) : null,
	];
}

function nextDue(schedule) {
	if (!schedule.nextDueAt) {
		return '-';
	}
	return [el('time', { datetime: schedule.nextDueAt, text: formatTime(schedule.nextDueAt) }),
		schedule.paused ? null : el('div', { class: 'muted', text: formatUntil(schedule.nextDueAt) })];
}

function lastRun(schedule) {
	if (!schedule.lastTaskId) {
		return '-';
	}
	// a task still listed links to its page; a removed one (status null) is only named
	const status = schedule.lastTaskStatus
		? el('a', { class: 'badge', 'data-state': schedule.lastTaskStatus, href: viewHref('task', schedule.lastTaskId),
			'data-focus-key': 'last-' + schedule.id, 'aria-label': 'last task of ' + schedule.id + ': '
				+ schedule.lastTaskStatus, text: schedule.lastTaskStatus })
		: el('span', { class: 'muted', title: schedule.lastTaskId, text: 'gone' });
	return [schedule.lastDueAt ? [el('time', { datetime: schedule.lastDueAt, text: formatTime(schedule.lastDueAt) }), ' ']
		: null, status];
}

function stateBadge(schedule) {
	const state = schedule.ended ? 'ended' : (schedule.paused ? 'paused' : 'scheduled');
	return el('span', { class: 'badge', 'data-state': state, text: state });
}

function scheduleActions(ctx, schedule, refresh) {
	const id = schedule.id;
	const toggle = schedule.paused
		? actionButton('Resume', { name: 'resume', focusKey: 'pause-resume-' + id, run: () => ctx.client.resumeSchedule(id),
			done: () => 'Resumed schedule ' + id, after: refresh.request })
		: actionButton('Pause', { name: 'pause', focusKey: 'pause-resume-' + id, run: () => ctx.client.pauseSchedule(id),
			done: () => 'Paused schedule ' + id, after: refresh.request });
	const removal = 'Remove schedule ' + id + '? The tasks it made stay.' + (schedule.declared
		? ' It is declared in code: the application creates it again when it next starts.' : '');
	return [
		toggle,
		actionButton('Run now', { name: 'trigger', focusKey: 'trigger-' + id, run: () => ctx.client.triggerSchedule(id),
			done: (taskId) => 'Schedule ' + id + ' made task ' + taskId, after: refresh.request }),
		actionButton('Remove', { name: 'remove', focusKey: 'remove-' + id, danger: true,
			run: () => ctx.client.removeSchedule(id), confirm: removal, confirmLabel: 'Remove schedule',
			done: () => 'Removed schedule ' + id, after: refresh.request }),
	];
}

/** An interval as Java writes it (PT1H30M) the way the dashboard writes times (1h 30m); else as it is. */
function formatInterval(iso) {
	const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso || '');
	if (!match || !match.slice(1).some(Boolean)) {
		return String(iso);
	}
	return [[match[1], 'h'], [match[2], 'm'], [match[3], 's']]
		.filter(([value]) => value !== undefined)
		.map(([value, unit]) => value + unit)
		.join(' ');
}
