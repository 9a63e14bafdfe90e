// Starts a report and follows it, with the task queue's JavaScript client served by the starter.
import { createClient } from '/taskqueue/client.js';

const client = createClient({ baseUrl: '/api/tasks' });
const $ = (id) => document.getElementById(id);
let stopWatching = null;
let taskId = null;
let shownPercent = 0;

$('report-form').addEventListener('submit', async (event) => {
	event.preventDefault();
	stop();
	reset();
	try {
		const task = await client.enqueue('generate-report',
			{ rows: Number($('rows').value), delayMillisPerChunk: Number($('delay').value) });
		follow(task.id);
	}
	catch (error) {
		showStatus('rejected', error.detail || error.message);
	}
});

$('cancel').addEventListener('click', async () => {
	if (taskId) {
		try {
			await client.cancel(taskId);
		}
		catch (error) {
			log('cancel refused: ' + error.status + ' ' + (error.detail || error.title));
		}
	}
});

// a page kept in the back-forward cache must not hold its event stream open
window.addEventListener('pagehide', stop);

function follow(id) {
	taskId = id;
	$('task-id').textContent = id;
	$('cancel').disabled = false;
	// The stream starts with the task's current state, then carries its events until a final one.
	stopWatching = client.watch(id, {
		onEvent: (type, task) => {
			log(type + describe(task));
			render(task, type);
		},
		onDone: (task, type) => {
			stopWatching = null;
			render(task, type);
		},
		onError: (error) => showStatus('error', error.detail || error.message),
	});
}

function render(task, type) {
	if (!task || typeof task !== 'object') {
		return;
	}
	showStatus(task.status || type);
	const progress = task.progress;
	if (progress) {
		setPercent(progress.percentage);
		$('message').textContent = progress.message || '';
		if (progress.total != null) {
			$('counts').textContent = progress.current + ' / ' + progress.total + ' rows';
		}
	}
	if (task.result) {
		$('result').hidden = false;
		$('result').textContent = JSON.stringify(task.result, null, 2);
		if (task.result.downloadUrl) {
			$('download').href = task.result.downloadUrl;
			$('download').hidden = false;
		}
	}
	if (task.error) {
		$('result').hidden = false;
		$('result').textContent = task.error.message;
	}
}

function setPercent(percent) {
	// never move the bar backwards
	if (percent >= shownPercent) {
		shownPercent = percent;
		$('bar').value = percent;
		$('percent').textContent = percent + '%';
	}
}

function showStatus(status, detail) {
	$('status').textContent = status;
	$('status').className = status;
	if (detail) {
		$('message').textContent = detail;
	}
	if (['completed', 'failed', 'cancelled'].includes(status)) {
		$('cancel').disabled = true;
	}
}

function describe(task) {
	const progress = task && task.progress;
	return progress ? ' ' + progress.percentage + '%' + (progress.message ? ' ' + progress.message : '') : '';
}

function log(text) {
	const item = document.createElement('li');
	item.textContent = new Date().toLocaleTimeString() + ' ' + text;
	$('log').appendChild(item);
	while ($('log').children.length > 100) {
		$('log').firstChild.remove();
	}
	$('log').scrollTop = $('log').scrollHeight;
}

function stop() {
	if (stopWatching) {
		stopWatching();
		stopWatching = null;
	}
}

function reset() {
	taskId = null;
	shownPercent = 0;
	$('bar').value = 0;
	$('percent').textContent = '0%';
	$('counts').textContent = '';
	$('message').textContent = '';
	$('task-id').textContent = 'none';
	$('result').hidden = true;
	$('download').hidden = true;
	$('log').replaceChildren();
	showStatus('starting');
}
