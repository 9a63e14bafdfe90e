// The React hook against a running app (see client.test.js), with React stood in for by
// react-stub.js: the hook module and the client are copied next to a node_modules/react that
// holds the stub, so that the hook's own `import ... from 'react'` finds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { createClient } from '../taskqueue-client.js';

const appUrl = process.env.TASKQUEUE_APP_URL;
const skip = appUrl ? false : 'TASKQUEUE_APP_URL is not set: start the sample app and set it';

async function loadHooks() {
	const dir = mkdtempSync(join(tmpdir(), 'taskqueue-react-'));
	const react = join(dir, 'node_modules', 'react');
	mkdirSync(react, { recursive: true });
	writeFileSync(join(react, 'package.json'), JSON.stringify({ name: 'react', type: 'module', main: 'index.js' }));
	copyFileSync(fileURLToPath(new URL('./react-stub.js', import.meta.url)), join(react, 'index.js'));
	for (const file of ['react.js', 'taskqueue-client.js']) {
		copyFileSync(fileURLToPath(new URL('../' + file, import.meta.url)), join(dir, file));
	}
	const hooks = await import(pathToFileURL(join(dir, 'react.js')).href);
	const { render } = await import(pathToFileURL(join(react, 'index.js')).href);
	return { ...hooks, render };
}

async function until(condition, what) {
	const deadline = Date.now() + 30000;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error('gave up waiting for ' + what);
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

test('useTask returns the live task until it completes', { skip }, async () => {
	const { useTask, render } = await loadHooks();
	const client = createClient({ baseUrl: new URL('/api/tasks', appUrl).href });
	const task = await client.enqueue('generate-report', { rows: 200, chunkSize: 20, delayMillisPerChunk: 40 });

	const component = render(() => useTask(task.id, client));
	try {
		const last = () => component.renders[component.renders.length - 1];
		assert.equal(component.renders[0], null, 'null until read');
		await until(() => last() && last().status === 'completed', 'the task to complete');
		assert.equal(last().id, task.id);
		assert.equal(last().result.rows, 200);
		const percentages = component.renders.filter((seen) => seen && seen.progress)
			.map((seen) => seen.progress.percentage);
		assert.ok(percentages.some((percentage) => percentage > 0 && percentage < 100),
			'a render while it ran: ' + JSON.stringify(percentages));
	}
	finally {
		component.unmount();
	}
});

test('useTaskState reports a task that does not exist', { skip }, async () => {
	const { useTaskState, render } = await loadHooks();
	const client = createClient({ baseUrl: new URL('/api/tasks', appUrl).href });

	const component = render(() => useTaskState('no-such-task', client));
	try {
		const last = () => component.renders[component.renders.length - 1];
		await until(() => last().error, 'an error');
		assert.equal(last().error.status, 404);
		assert.equal(last().task, null);
	}
	finally {
		component.unmount();
	}
});
