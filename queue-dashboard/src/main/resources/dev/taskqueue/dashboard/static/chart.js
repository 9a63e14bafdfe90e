// Throughput charts (completed and failed tasks per minute) drawn with uPlot, loaded on first
// use so that the rest of the dashboard works without it.
import { el } from './dom.js';

let library = null;

function loadUplot() {
	if (!library) {
		library = import('./uplot/uPlot.esm.js').then((module) => module.default);
	}
	return library;
}

/**
 * The series of a queue's metrics as uPlot data: [times in seconds, completed, failed].
 * @param {{from: string, intervalSeconds: number, completed: number[], failed: number[]}} metrics
 */
export function toSeries(metrics) {
	const start = Math.floor(new Date(metrics.from).getTime() / 1000);
	const step = metrics.intervalSeconds || 60;
	const length = Math.max(metrics.completed.length, metrics.failed.length);
	const times = [];
	for (let i = 0; i < length; i++) {
		times.push(start + i * step);
	}
	return [times, pad(metrics.completed, length), pad(metrics.failed, length)];
}

function pad(values, length) {
	return Array.from({ length }, (unused, i) => Number(values[i] || 0));
}

/**
 * A chart of one queue in a container; load() reads the last hour again.
 * @param {HTMLElement} container where it is drawn
 * @param {object} client the API client
 * @param {string} queue the queue
 */
export function throughputChart(container, client, queue) {
	let plot = null;
	let observer = null;
	const status = el('p', { class: 'muted chart-status', text: 'loading history' });
	const area = el('div', { class: 'chart-area', role: 'img', 'aria-label': 'Completed and failed tasks of ' + queue
		+ ' per minute, last hour' });
	container.replaceChildren(status, area);

	const draw = async (metrics) => {
		const uPlot = await loadUplot();
		const data = toSeries(metrics);
		const total = data[1].reduce((a, b) => a + b, 0) + data[2].reduce((a, b) => a + b, 0);
		status.textContent = total + ' finished in the last hour';
		const size = () => ({ width: Math.max(240, area.clientWidth || 280), height: 150 });
		if (plot) {
			plot.setData(data);
			return;
		}
		plot = new uPlot({
			...size(),
			scales: { x: { time: true } },
			series: [
				{},
				{ label: 'completed', stroke: '#047857', fill: 'rgba(4, 120, 87, 0.12)', width: 1.5 },
				{ label: 'failed', stroke: '#b91c1c', width: 1.5 },
			],
			axes: [{}, { size: 40 }],
			legend: { live: false },
		}, data, area);
		observer = new ResizeObserver(() => plot && plot.setSize(size()));
		observer.observe(area);
	};

	const load = async () => {
		let metrics;
		try {
			metrics = await client.queueMetrics(queue, 60);
		}
		catch (error) {
			destroy();
			status.textContent = error.status === 404 ? 'no history' : 'no history (' + (error.detail || error.title
				|| error.message) + ')';
			container.dataset.chart = 'none';
			return;
		}
		try {
			await draw(metrics);
			container.dataset.chart = 'drawn';
		}
		catch (error) {
			status.textContent = 'chart unavailable (' + error.message + ')';
			container.dataset.chart = 'none';
		}
	};

	const destroy = () => {
		if (observer) {
			observer.disconnect();
			observer = null;
		}
		if (plot) {
			plot.destroy();
			plot = null;
		}
	};

	return { load, destroy };
}
