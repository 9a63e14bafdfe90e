// The client's schedule methods against a running sample app (see client.test.js): the app
// declares "nightly-report" with @Recurring, which these tests read but never change. Each
// schedule made here has an id of its own and is removed at the end.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';

import { createClient, SCHEDULE_EVENTS, TaskQueueError, WORKER_EVENTS } from '../taskqueue-client.js';

const appUrl = process.env.TASKQUEUE_APP_URL;
const skip = appUrl ? false : 'TASKQUEUE_APP_URL is not set: start the sample app and set it';
const client = appUrl ? createClient({ baseUrl: new URL('/api/tasks', appUrl).href }) : null;

const run = Date.now().toString(36);
const made = new Set();
const FAR_FUTURE = '2999-01-01T00:00:00Z';

/** A schedule id of this run, removed after the tests. */
function scheduleId(name) {
	const id = 'js-' + name + '-' + run;
	made.add(id);
	return id;
}

function hourly(payload = { rows: 3, delayMillisPerChunk: 0 }) {
	return { type: 'generate-report', every: '1h', startAt: FAR_FUTURE, payload };
}

after(async () => {
	if (client) {
		await Promise.allSettled([...made].map((id) => client.removeSchedule(id)));
	}
});

/** Resolves with the task once it is final; rejects after 30 s. */
function finished(taskId) {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('task ' + taskId + ' did not end within 30 s')), 30000);
		client.watch(taskId, {
			onDone: (task) => {
				clearTimeout(timer);
				resolve(task);
			},
			onError: (error) => {
				clearTimeout(timer);
				reject(error);
			},
		});
	});
}

test('lists the schedule the app declares with @Recurring', { skip }, async () => {
	const schedules = await client.listSchedules();

	assert.ok(Array.isArray(schedules));
	const nightly = schedules.find((schedule) => schedule.id === 'nightly-report');
	assert.ok(nightly, 'nightly-report among ' + schedules.map((schedule) => schedule.id));
	assert.equal(nightly.type, 'generate-report');
	assert.equal(nightly.cron, '0 0 2 * * *');
	assert.equal(nightly.zone, 'Europe/Paris');
	assert.equal(nightly.every, null);
	assert.equal(nightly.queue, 'reports');
	assert.equal(nightly.declared, true);
	assert.equal(nightly.misfire, 'run-once');
	assert.ok(Date.parse(nightly.nextDueAt) > Date.now(), 'next due ' + nightly.nextDueAt);
	const read = await client.getSchedule('nightly-report');
	assert.equal(read.id, 'nightly-report');
	assert.equal(read.cron, nightly.cron);
});

test('creates a schedule, then replaces it in place', { skip }, async () => {
	const id = scheduleId('hourly');

	const first = await client.upsertSchedule(id, hourly());

	assert.equal(first.created, true);
	assert.equal(first.schedule.id, id);
	assert.equal(first.schedule.type, 'generate-report');
	assert.equal(first.schedule.queue, 'reports');
	assert.equal(first.schedule.every, 'PT1H');
	assert.equal(first.schedule.cron, null);
	assert.equal(first.schedule.declared, false);
	assert.equal(first.schedule.paused, false);
	assert.equal(first.schedule.runs, 0);
	assert.equal(Date.parse(first.schedule.nextDueAt), Date.parse(FAR_FUTURE));
	assert.deepEqual(first.schedule.payload, { rows: 3, delayMillisPerChunk: 0 });

	const second = await client.upsertSchedule(id, { ...hourly({ rows: 4 }), priority: 'high', maxAttempts: 2 });

	assert.equal(second.created, false);
	assert.equal(second.schedule.nextDueAt, first.schedule.nextDueAt, 'the same trigger keeps its next due time');
	assert.equal(second.schedule.createdAt, first.schedule.createdAt);
	assert.deepEqual(second.schedule.payload, { rows: 4 });
	assert.equal(second.schedule.priority, 10);
	assert.equal(second.schedule.maxAttempts, 2);
	assert.deepEqual(await client.getSchedule(id), second.schedule);
	assert.ok((await client.listSchedules()).some((schedule) => schedule.id === id));
});

test('pauses and resumes a schedule; a replacement keeps it paused', { skip }, async () => {
	const id = scheduleId('pausing');
	await client.upsertSchedule(id, { type: 'generate-report', cron: '0 30 3 * * *', zone: 'Asia/Tokyo' });

	const paused = await client.pauseSchedule(id);

	assert.equal(paused.id, id);
	assert.equal(paused.paused, true);
	assert.equal((await client.getSchedule(id)).paused, true);
	const replaced = await client.upsertSchedule(id, { type: 'generate-report', cron: '0 30 3 * * *', zone: 'Asia/Tokyo' });
	assert.equal(replaced.schedule.paused, true, 'a replacement keeps the paused flag');

	const resumed = await client.resumeSchedule(id);

	assert.equal(resumed.paused, false);
	assert.equal(resumed.zone, 'Asia/Tokyo');
	const next = new Date(resumed.nextDueAt);
	assert.ok(next.getTime() > Date.now(), 'next due ' + resumed.nextDueAt);
	assert.equal(next.getUTCHours(), 18, '03:30 in Tokyo is 18:30 UTC: ' + resumed.nextDueAt);
	assert.equal(next.getUTCMinutes(), 30);
});

test('triggers a schedule: its task completes carrying the schedule id', { skip }, async () => {
	const id = scheduleId('triggered');
	await client.upsertSchedule(id, hourly({ rows: 5, delayMillisPerChunk: 0 }));

	const taskId = await client.triggerSchedule(id);

	assert.equal(typeof taskId, 'string');
	assert.match(taskId, /^\S+$/);
	const task = await finished(taskId);
	assert.equal(task.status, 'completed');
	assert.equal(task.scheduleId, id);
	assert.equal(task.type, 'generate-report');
	assert.equal(task.result.rows, 5);
	assert.equal((await client.get(taskId)).scheduleId, id);
	const schedule = await client.getSchedule(id);
	assert.equal(schedule.runs, 1);
	assert.equal(schedule.lastTaskId, taskId);
	assert.equal(schedule.lastTaskStatus, 'completed');
	assert.equal(Date.parse(schedule.nextDueAt), Date.parse(FAR_FUTURE), 'a trigger leaves the due times alone');
});

test('removes a schedule: then it is not found', { skip }, async () => {
	const id = scheduleId('removed');
	await client.upsertSchedule(id, hourly());

	assert.equal(await client.removeSchedule(id), undefined);

	for (const attempt of [() => client.getSchedule(id), () => client.removeSchedule(id),
		() => client.pauseSchedule(id), () => client.resumeSchedule(id), () => client.triggerSchedule(id)]) {
		await assert.rejects(attempt(), (error) => {
			assert.ok(error instanceof TaskQueueError);
			assert.equal(error.status, 404);
			assert.equal(error.problem.scheduleId, id);
			assert.match(error.detail, new RegExp(id));
			return true;
		});
	}
	assert.ok(!(await client.listSchedules()).some((schedule) => schedule.id === id));
	assert.ok((await client.listSchedules()).some((schedule) => schedule.id === 'nightly-report'));
});

test('refuses bad schedules with problem details naming the parameter', { skip }, async () => {
	const id = scheduleId('refused');
	const refusals = [
		[{ type: 'generate-report', cron: 'not a cron' }, 400, 'cron'],
		[{ type: 'generate-report', cron: '0 0 2 * * *', zone: 'Mars/Olympus' }, 400, 'zone'],
		[{ type: 'generate-report', every: '99999999999d' }, 400, 'every'],
		[{ type: 'generate-report', every: 'often' }, 400, 'every'],
		[{ type: 'generate-report', every: '1h', misfire: 'sometimes' }, 400, 'misfire'],
		[{ type: 'generate-report', every: '1h', startAt: 'tomorrow' }, 400, 'startAt'],
	];
	for (const [body, status, parameter] of refusals) {
		await assert.rejects(client.upsertSchedule(id, body), (error) => {
			assert.ok(error instanceof TaskQueueError, String(error));
			assert.equal(error.status, status, JSON.stringify(body));
			assert.equal(error.problem.parameter, parameter, JSON.stringify(error.problem));
			assert.ok(error.detail.length > 0);
			return true;
		});
	}
	for (const body of [{ type: 'generate-report' }, { type: 'generate-report', every: '1h', cron: '@daily' },
		{ type: 'generate-report', every: '1h', limit: 0 }, { type: 'generate-report', every: '0s' }]) {
		await assert.rejects(client.upsertSchedule(id, body), (error) => error.status === 400 && error.detail.length > 0);
	}
	await assert.rejects(client.upsertSchedule(id, { type: 'no-such-type', every: '1h' }), (error) => {
		assert.equal(error.status, 422);
		assert.match(error.detail, /no-such-type/);
		return true;
	});
	await assert.rejects(client.getSchedule(id), (error) => error.status === 404, 'nothing was made');
});

test('refuses odd schedule ids', { skip }, async () => {
	for (const id of ['été x', 'x'.repeat(201), '-leading-dash']) {
		await assert.rejects(client.upsertSchedule(id, hourly()), (error) => {
			assert.ok(error instanceof TaskQueueError);
			assert.equal(error.status, 400);
			assert.equal(error.problem.parameter, 'id');
			return true;
		});
	}
	// a slash is refused by the server before the API sees it: still a TaskQueueError
	await assert.rejects(client.upsertSchedule('a/b', hourly()), (error) => {
		assert.ok(error instanceof TaskQueueError);
		assert.equal(error.status, 400);
		return true;
	});
	await assert.rejects(client.getSchedule('no-such-schedule'), (error) => {
		assert.equal(error.status, 404);
		assert.equal(error.problem.scheduleId, 'no-such-schedule');
		return true;
	});
});

test('a subscription sees a schedule created, updated and removed after it opened', { skip }, async () => {
	const id = scheduleId('subscribed');
	const seen = [];
	let opened;
	const open = new Promise((resolve) => {
		opened = resolve;
	});
	let removed;
	const gone = new Promise((resolve) => {
		removed = resolve;
	});
	const stop = client.subscribe({
		onOpen: () => opened(),
		onEvent: (type, data) => {
			if (SCHEDULE_EVENTS.includes(type) && data.scheduleId === id) {
				seen.push({ type, data });
				if (type === 'schedule-removed') {
					removed();
				}
			}
		},
	}, { queue: 'reports' });
	const timer = setTimeout(() => removed(), 30000);
	try {
		await open;
		await client.upsertSchedule(id, hourly());
		await client.pauseSchedule(id);
		await client.removeSchedule(id);
		await gone;
	}
	finally {
		clearTimeout(timer);
		stop();
	}

	assert.deepEqual(seen.map((event) => event.type), ['schedule-created', 'schedule-updated', 'schedule-removed']);
	for (const event of seen) {
		assert.deepEqual(event.data, { scheduleId: id, queue: 'reports' });
	}
});

test('with an EventSource, a subscription listens for the schedule and worker events too', () => {
	// Node has no EventSource of its own: this stand-in records what the client listens for and
	// replays one event per name, as a browser's would deliver it.
	const sources = [];
	class RecordingEventSource {
		static CLOSED = 2;

		constructor(url) {
			this.url = url;
			this.listeners = new Map();
			this.readyState = 0;
			sources.push(this);
		}

		addEventListener(type, listener) {
			this.listeners.set(type, listener);
		}

		close() {
			this.readyState = RecordingEventSource.CLOSED;
		}
	}
	const seen = [];
	const browserClient = createClient({ baseUrl: 'http://localhost/api/tasks', EventSource: RecordingEventSource });

	const stop = browserClient.subscribe({ onEvent: (type, data) => seen.push([type, data]) }, { queue: 'reports' });

	assert.equal(sources.length, 1);
	assert.equal(sources[0].url, 'http://localhost/api/tasks/events?queue=reports');
	for (const type of SCHEDULE_EVENTS) {
		assert.ok(sources[0].listeners.has(type), 'listens for ' + type);
		sources[0].listeners.get(type)({ data: JSON.stringify({ scheduleId: 'nightly-report', queue: 'reports' }) });
	}
	assert.deepEqual(seen.map(([type]) => type), ['schedule-created', 'schedule-updated', 'schedule-removed']);
	assert.deepEqual(seen[0][1], { scheduleId: 'nightly-report', queue: 'reports' });
	for (const type of WORKER_EVENTS) {
		assert.ok(sources[0].listeners.has(type), 'listens for ' + type);
		sources[0].listeners.get(type)({ data: JSON.stringify({ queue: 'reports', instanceId: 'host-1-abc' }) });
	}
	assert.deepEqual(seen.slice(3).map(([type]) => type), ['worker-started', 'worker-stopped']);
	assert.deepEqual(seen[4][1], { queue: 'reports', instanceId: 'host-1-abc' });
	stop();
	assert.equal(sources[0].readyState, RecordingEventSource.CLOSED);
});
