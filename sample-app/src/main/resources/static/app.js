// Starts a report through the demo endpoint and follows it with EventSource.
'use strict';

const $ = (id) => document.getElementById(id);
const FINAL = ['completed', 'failed', 'cancelled'];
let source = null;
let taskId = null;
let shownPercent = 0;

$('report-form').addEventListener('submit', async (event) => {
	event.preventDefault();
	stop();
	reset();
	const params = new URLSearchParams({ rows: $('rows').value, delayMillisPerChunk: $('delay').value });
	try {
		const response = await fetch('/demo/report?' + params, { method: 'POST' });
		const body = await response.json();
		if (!response.ok) {
			showStatus('rejected', body.detail || response.statusText);
			return;
		}
		follow(body.id);
	}
	catch (error) {
		showStatus('error', String(error));
	}
});

$('cancel').addEventListener('click', async () => {
	if (taskId) {
		const response = await fetch('/api/tasks/' + encodeURIComponent(taskId) + '/cancel', { method: 'POST' });
		if (!response.ok) {
			log('cancel refused: ' + response.status);
		}
	}
});

function follow(id) {
	taskId = id;
	$('task-id').textContent = id;
	$('cancel').disabled = false;
	source = new EventSource('/api/tasks/' + encodeURIComponent(id) + '/events');
	// The stream starts with the task's current state (an event named after its status),
	// then carries its events; each event's data is the task as JSON.
	for (const type of ['waiting', 'delayed', 'active', 'progress', 'retrying', ...FINAL]) {
		source.addEventListener(type, (event) => {
			const task = taskOf(event.data);
			log(type + describe(task));
			render(task, type);
			if (FINAL.includes(type)) {
				finish();
			}
		});
	}
	// The task may have moved on before the stream opened, or the stream may end early:
	// read the task itself then, and stop once it is final.
	source.addEventListener('open', refresh);
	source.addEventListener('error', refresh);
}

function taskOf(data) {
	try {
		return JSON.parse(data);
	}
	catch (error) {
		return null;
	}
}

async function refresh() {
	if (!taskId) {
		return;
	}
	const id = taskId;
	const response = await fetch('/api/tasks/' + encodeURIComponent(id));
	if (response.ok && id === taskId) {
		const task = await response.json();
		render(task, task.status);
		if (FINAL.includes(task.status)) {
			stop();
		}
	}
}

async function finish() {
	stop();
	await refresh();
}

function render(task, type) {
	if (!task) {
		return;
	}
	const status = FINAL.includes(type) ? type : (task.status || type);
	showStatus(status);
	const progress = task.progress;
	if (progress) {
		setPercent(progress.percentage);
		$('message').textContent = progress.message || '';
		if (progress.total != null) {
			$('counts').textContent = progress.current + ' / ' + progress.total + ' rows';
		}
	}
	if (status === 'completed') {
		setPercent(100);
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
	// Events and reads can cross: never move the bar backwards.
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
	if (FINAL.includes(status)) {
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
	if (source) {
		source.close();
		source = null;
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
