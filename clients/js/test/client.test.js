// Runs the client against a running app with the sample's handlers (the sample app's
// JavaScriptClientIT starts one and sets TASKQUEUE_APP_URL), with writes enabled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { createClient, TaskQueueError } from '../taskqueue-client.js';

const appUrl = process.env.TASKQUEUE_APP_URL;
const skip = appUrl ? false : 'TASKQUEUE_APP_URL is not set: start the sample app and set it, '
	+ 'such as TASKQUEUE_APP_URL=http://localhost:8080';
const baseUrl = appUrl ? new URL('/api/tasks', appUrl).href : null;
const client = appUrl ? createClient({ baseUrl }) : null;

/** Follows a task to its end; rejects on an error or after 30 s. */
function follow(id, extra = {}) {
	const seen = { events: [], progress: [] };
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('task ' + id + ' did not end within 30 s')), 30000);
		client.watch(id, {
			onEvent: (type, task) => {
				seen.events.push(type);
				if (extra.onEvent) {
					extra.onEvent(type, task);
				}
			},
			onProgress: (progress) => seen.progress.push(progress.percentage),
			onDone: (task, type) => {
				clearTimeout(timer);
				resolve({ ...seen, task, type });
			},
			onError: (error) => {
				clearTimeout(timer);
				reject(error);
			},
		});
	});
}

test('enqueues a task and reads it back', { skip }, async () => {
	const task = await client.enqueue('generate-report', { rows: 5, delayMillisPerChunk: 0 }, { priority: 'high' });

	assert.match(task.id, /^\S+$/);
	assert.equal(task.type, 'generate-report');
	assert.equal(task.queue, 'reports');
	assert.equal(task.priority, 10);
	const read = await client.get(task.id);
	assert.equal(read.id, task.id);
	assert.deepEqual(read.payload, { rows: 5, delayMillisPerChunk: 0 });
});

test('watches a report\'s progress to completion', { skip }, async () => {
	const task = await client.enqueue('generate-report', { rows: 300, chunkSize: 20, delayMillisPerChunk: 60 });

	const watched = await follow(task.id);

	assert.equal(watched.type, 'completed');
	assert.equal(watched.task.status, 'completed');
	assert.equal(watched.task.result.rows, 300);
	assert.ok(watched.progress.length >= 2, 'progress events: ' + JSON.stringify(watched.progress));
	for (let i = 1; i < watched.progress.length; i++) {
		assert.ok(watched.progress[i] >= watched.progress[i - 1], 'progress never goes back: ' + watched.progress);
	}
	assert.ok(watched.progress.every((percentage) => percentage >= 0 && percentage <= 100));
	assert.equal(watched.progress.at(-1), 100, 'the last report (100%) is never held back');
	assert.ok(watched.events.includes('active'), 'events: ' + watched.events);
	assert.equal(watched.events.at(-1), 'completed');
});

test('a finished task\'s watch ends at once with its final state', { skip }, async () => {
	const task = await client.enqueue('generate-report', { rows: 1, delayMillisPerChunk: 0 });
	await follow(task.id);

	const again = await follow(task.id);

	assert.deepEqual(again.events, ['completed']);
	assert.equal(again.task.id, task.id);
});

test('maps a problem detail to a TaskQueueError', { skip }, async () => {
	await assert.rejects(client.enqueue('no-such-type', { a: 1 }), (error) => {
		assert.ok(error instanceof TaskQueueError);
		assert.ok(error instanceof Error);
		assert.equal(error.name, 'TaskQueueError');
		assert.equal(error.status, 422);
		assert.ok(error.title.length > 0, 'title');
		assert.match(error.detail, /no-such-type/);
		assert.equal(error.message, error.detail);
		assert.equal(typeof error.type, 'string');
		assert.equal(error.problem.status, 422);
		return true;
	});
	await assert.rejects(client.get('01AAAAAAAAAAAAAAAAAAAAAAAA'), (error) => {
		assert.equal(error.status, 404);
		assert.match(error.detail, /01AAAAAAAAAAAAAAAAAAAAAAAA/);
		return true;
	});
	await assert.rejects(client.list({ limit: 100000 }), (error) => {
		assert.equal(error.status, 400);
		assert.equal(error.problem.parameter, 'limit');
		return true;
	});
});

test('holds a task and releases it, and a watch sees both', { skip }, async () => {
	const task = await client.enqueue('generate-report', { rows: 1, delayMillisPerChunk: 0 }, { delay: '1h' });
	let sawStart;
	const started = new Promise((resolve) => {
		sawStart = resolve;
	});
	const watched = follow(task.id, { onEvent: (type) => type === 'delayed' && sawStart() });
	await started;

	const holding = await client.hold(task.id);
	assert.equal(holding.status, 'held');
	await assert.rejects(client.hold(task.id), (error) => error.status === 409);
	const page = await client.list({ queue: 'reports', status: 'held', limit: 10 });
	assert.ok(page.items.some((item) => item.id === task.id));
	const released = await client.release(task.id);
	assert.equal(released.status, 'delayed');
	await assert.rejects(client.release(task.id), (error) => error.status === 409);
	await client.cancel(task.id);

	const done = await watched;
	assert.deepEqual(done.events, ['delayed', 'held', 'released', 'cancelled']);
});

test('a watch of an unknown task ends with its 404', { skip }, async () => {
	await assert.rejects(follow('01AAAAAAAAAAAAAAAAAAAAAAAA'), (error) => {
		assert.ok(error instanceof TaskQueueError);
		assert.equal(error.status, 404);
		return true;
	});
});

test('cancels and retries a task, and lists by queue, type and status', { skip }, async () => {
	const task = await client.enqueue('generate-report', { rows: 1, delayMillisPerChunk: 0 }, { delay: '1h' });
	assert.equal(task.status, 'delayed');

	const cancelled = await client.cancel(task.id);
	assert.equal(cancelled.status, 'cancelled');
	const page = await client.list({ queue: 'reports', type: 'generate-report', status: ['cancelled'], limit: 1 });
	assert.equal(page.items.length, 1);
	assert.equal(page.items[0].id, task.id, 'newest first');
	await assert.rejects(client.cancel(task.id), (error) => error.status === 409);

	const retried = await client.retry(task.id);
	assert.ok(['waiting', 'active', 'completed'].includes(retried.status), retried.status);
	const done = await follow(task.id);
	assert.equal(done.task.status, 'completed');
});

test('creates, pauses, resumes, triggers and removes a schedule; a subscription sees its events', { skip }, async () => {
	const id = 'client-test-' + Date.now();
	const events = [];
	let opened;
	const open = new Promise((resolve) => {
		opened = resolve;
	});
	const stop = client.subscribe({
		onOpen: () => opened(),
		// the tasks it makes carry its id too: only the schedule's own events count here
		onEvent: (type, data) => type.startsWith('schedule-') && data.scheduleId === id && events.push(type),
	});
	try {
		await open;
		const startAt = new Date(Date.now() + 86400000).toISOString();
		const created = await client.putSchedule(id, { type: 'generate-report', every: '1h', startAt,
			payload: { rows: 1, delayMillisPerChunk: 0 } });
		assert.equal(created.id, id);
		assert.equal(created.every, 'PT1H');
		assert.equal(Date.parse(created.nextDueAt), Date.parse(startAt), 'the first run at startAt');
		assert.ok((await client.schedules()).some((schedule) => schedule.id === id));
		assert.equal((await client.pauseSchedule(id)).paused, true);
		assert.equal((await client.resumeSchedule(id)).paused, false);

		const triggered = await client.triggerSchedule(id);
		assert.equal((await client.get(triggered.id)).scheduleId, id);
		const read = await client.schedule(id);
		assert.equal(read.lastTaskId, triggered.id);
		assert.equal(read.runs, 1);

		assert.equal(await client.removeSchedule(id), null);
		await assert.rejects(client.schedule(id), (error) => error.status === 404);
		await waitUntil(() => events.includes('schedule-removed'), 'the schedule-removed event: ' + events);
		assert.deepEqual(events, ['schedule-created', 'schedule-updated', 'schedule-updated', 'schedule-removed']);
	}
	finally {
		stop();
	}
});

/** Resolves once a condition holds; rejects after 10 s. */
async function waitUntil(condition, description) {
	for (let waited = 0; !condition(); waited += 50) {
		if (waited >= 10000) {
			throw new Error('waited 10 s for ' + description);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

test('sends the CSRF token with writes only', { skip }, async () => {
	const sent = [];
	const spying = createClient({
		baseUrl,
		csrf: { header: 'X-CSRF-TOKEN', token: 'token-1' },
		fetch: (url, init) => {
			sent.push({ method: init.method, token: init.headers['X-CSRF-TOKEN'] });
			return fetch(url, init);
		},
	});

	const task = await spying.enqueue('generate-report', { rows: 1, delayMillisPerChunk: 0 });
	await spying.get(task.id);

	assert.deepEqual(sent, [{ method: 'POST', token: 'token-1' }, { method: 'GET', token: undefined }]);
});

test('the React hook module parses', () => {
	const file = fileURLToPath(new URL('../react.js', import.meta.url));
	execFileSync(process.execPath, ['--check', file]);
});
