// A client of the task queue's REST API and event streams, for browsers and Node 18+.
// An ES module without dependencies; the dashboard serves this same file as client.js.

/** Events after which a task's stream ends (no further events unless it is retried). */
export const FINAL_EVENTS = Object.freeze(['completed', 'failed', 'cancelled', 'removed']);

/** How long a subscription waits before it opens a stream a browser gave up on. */
const RESUBSCRIBE_MILLIS = 3000;

/** The events of one task; a task stream starts with an event named after its status. */
export const TASK_EVENTS = Object.freeze(['added', 'waiting', 'delayed', 'active', 'progress', 'retrying',
	'stalled', 'held', 'released', 'blocked', 'completed', 'failed', 'cancelled', 'removed']);

/** The events of queues, on the stream of every task. */
export const QUEUE_EVENTS = Object.freeze(['paused', 'resumed']);

/** The events of recurring schedules, on the stream of every task: data {scheduleId, queue}. */
export const SCHEDULE_EVENTS = Object.freeze(['schedule-created', 'schedule-updated', 'schedule-removed']);

/** The events of a queue's worker starting or stopping on an instance: data {queue, instanceId}. */
export const WORKER_EVENTS = Object.freeze(['worker-started', 'worker-stopped']);

/** An error of the API, carrying its problem detail (RFC 9457). */
export class TaskQueueError extends Error {

	/**
	 * @param {object} problem the problem detail: {type, title, status, detail, ...}
	 * @param {number} status the HTTP status, 0 when no answer came
	 * @param {unknown} [cause] what went wrong underneath, such as a network error
	 */
	constructor(problem, status, cause) {
		const body = (problem && typeof problem === 'object') ? problem : {};
		super(body.detail || body.title || ('HTTP ' + status), cause === undefined ? undefined : { cause });
		this.name = 'TaskQueueError';
		this.status = status;
		this.type = body.type || 'about:blank';
		this.title = body.title || '';
		this.detail = body.detail || '';
		this.problem = body;
	}

}

/**
 * Creates a client.
 * @param {object} [options]
 * @param {string} [options.baseUrl] the API's base URL (default '/api/tasks'; absolute outside a browser)
 * @param {typeof fetch} [options.fetch] the fetch to use (default: the global one)
 * @param {false|{header: string, token: string}|(() => ({header: string, token: string}|null))} [options.csrf]
 *   the CSRF token sent with every write; by default read from the page (meta _csrf and _csrf_header,
 *   else the XSRF-TOKEN cookie); false sends none
 * @param {typeof EventSource} [options.EventSource] the EventSource to use (default: the global one;
 *   without one, streams are read with fetch)
 */
export function createClient(options = {}) {
	const baseUrl = String(options.baseUrl || '/api/tasks').replace(/\/+$/, '');
	const fetchFn = options.fetch || globalThis.fetch.bind(globalThis);
	const EventSourceType = options.EventSource === undefined ? globalThis.EventSource : options.EventSource;

	function url(segments, query) {
		let path = baseUrl + segments.map((segment) => '/' + encodeURIComponent(segment)).join('');
		const params = new URLSearchParams();
		for (const [name, value] of Object.entries(query || {})) {
			if (value !== undefined && value !== null && value !== '') {
				params.set(name, Array.isArray(value) ? value.join(',') : String(value));
			}
		}
		const search = params.toString();
		return search ? path + '?' + search : path;
	}

	async function request(method, segments, { query, body, status } = {}) {
		const headers = { Accept: 'application/json, application/problem+json' };
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}
		if (method !== 'GET') {
			const csrf = csrfToken(options.csrf);
			if (csrf) {
				headers[csrf.header] = csrf.token;
			}
		}
		let response;
		try {
			response = await fetchFn(url(segments, query), {
				method, headers, body: body === undefined ? undefined : JSON.stringify(body),
				credentials: 'same-origin',
			});
		}
		catch (error) {
			throw new TaskQueueError({ title: 'Network error', detail: String(error && error.message || error) },
				0, error);
		}
		if (!response.ok) {
			throw await errorOf(response);
		}
		if (status) {
			status.code = response.status;
		}
		return response.status === 204 ? null : response.json();
	}

	function stream(segments, query, types, handlers) {
		const target = url(segments, query);
		return EventSourceType
			? eventSourceStream(EventSourceType, target, types, handlers)
			: fetchStream(fetchFn, target, handlers);
	}

	const client = {
		/** Enqueues a task: 202 with the task. Options: queue, priority, delay, runAt, maxAttempts, ... */
		enqueue: (type, payload, enqueueOptions = {}) => request('POST', [],
			{ body: { ...enqueueOptions, type, payload: payload === undefined ? null : payload } }),
		get: (id) => request('GET', [id]),
		/** A page of tasks, newest first: {items, nextCursor}. Query: queue, type, status, limit, cursor. */
		list: (query = {}) => request('GET', [], { query: pick(query, ['queue', 'type', 'status', 'limit', 'cursor']) }),
		cancel: (id) => request('POST', [id, 'cancel']),
		retry: (id) => request('POST', [id, 'retry']),
		/** Holds a waiting, delayed or retrying task until it is released: the task as held. */
		hold: (id) => request('POST', [id, 'hold']),
		/** Releases a held task back to where it was: the task as released. */
		release: (id) => request('POST', [id, 'release']),
		remove: (id) => request('DELETE', [id]),
		stats: () => request('GET', ['stats']),
		queues: () => request('GET', ['queues']),
		pause: (queue) => request('POST', ['queues', queue, 'pause']),
		resume: (queue) => request('POST', ['queues', queue, 'resume']),
		drain: (queue) => request('POST', ['queues', queue, 'drain']),
		clean: (queue, cleanOptions = {}) => request('POST', ['queues', queue, 'clean'],
			{ query: pick(cleanOptions, ['status', 'olderThan']) }),
		queueMetrics: (queue, minutes = 60) => request('GET', ['queues', queue, 'metrics'], { query: { minutes } }),
		instances: () => request('GET', ['instances']),

		/** Every recurring schedule, by id. */
		listSchedules: () => request('GET', ['schedules']),
		/** One schedule, with its last task's status; rejects with a 404 TaskQueueError when unknown. */
		getSchedule: (id) => request('GET', ['schedules', id]),
		/**
		 * Creates a schedule or replaces it in place: {created, schedule}. The body: type, and exactly one of
		 * cron (with zone) and every; payload, limit, startAt, endAt, misfire, queue, priority, ...
		 */
		upsertSchedule: async (id, body) => {
			const status = {};
			const schedule = await request('PUT', ['schedules', id], { body: body || {}, status });
			return { created: status.code === 201, schedule };
		},
		/** Removes a schedule (the tasks it made stay); rejects with a 404 TaskQueueError when unknown. */
		removeSchedule: async (id) => {
			await request('DELETE', ['schedules', id]);
		},
		pauseSchedule: (id) => request('POST', ['schedules', id, 'pause']),
		/** Resumes a schedule at its next due time from now: the schedule as resumed. */
		resumeSchedule: (id) => request('POST', ['schedules', id, 'resume']),
		/** Makes one task of a schedule now, besides its due times: the task's id. */
		triggerSchedule: async (id) => (await request('POST', ['schedules', id, 'trigger'])).id,

		/**
		 * Follows one task until a final event. Handlers: onEvent(type, task), onProgress(progress, task),
		 * onDone(task, type), onError(error). Returns a function that stops following.
		 */
		watch(id, handlers = {}) {
			let stopped = false;
			let close = () => {};
			const stop = () => {
				stopped = true;
				close();
			};
			const settle = (error) => {
				if (stopped) {
					return;
				}
				stop();
				// the stream cannot go on: the task itself says whether it is over
				client.get(id).then((task) => {
					if (FINAL_EVENTS.includes(task.status)) {
						call(handlers.onDone, task, task.status);
					}
					else {
						call(handlers.onError, error || new TaskQueueError(
							{ title: 'Event stream closed', detail: 'The events of task ' + id + ' stopped' }, 0));
					}
				}, (readError) => call(handlers.onError, error || readError));
			};
			close = stream([id, 'events'], null, TASK_EVENTS, {
				onEvent(type, data) {
					if (stopped) {
						return;
					}
					const task = parse(data);
					call(handlers.onEvent, type, task);
					if (type === 'progress' && task && task.progress) {
						call(handlers.onProgress, task.progress, task);
					}
					if (FINAL_EVENTS.includes(type)) {
						stop();
						call(handlers.onDone, task, type);
					}
				},
				onFatal: settle,
			});
			return stop;
		},

		/**
		 * Follows the events of every task, queue, schedule and worker (of one queue with {queue}). Handlers:
		 * onEvent(type, data), onOpen(), onError(error). Reconnects by itself; returns a function that stops.
		 */
		subscribe(handlers = {}, subscribeOptions = {}) {
			let stopped = false;
			let close = () => {};
			let reopen = null;
			const open = () => {
				close = stream(['events'], pick(subscribeOptions, ['queue']),
					[...TASK_EVENTS, ...QUEUE_EVENTS, ...SCHEDULE_EVENTS, ...WORKER_EVENTS], {
					onEvent: (type, data) => !stopped && call(handlers.onEvent, type, parse(data)),
					onOpen: () => !stopped && call(handlers.onOpen),
					onError: (error) => !stopped && call(handlers.onError, error),
					onFatal: (error) => {
						if (stopped) {
							return;
						}
						call(handlers.onError, error || new TaskQueueError(
							{ title: 'Event stream closed', detail: 'The event stream ' + baseUrl + '/events closed' }, 0));
						// A browser's EventSource gives up on an error status (such as 503 while too many
						// streams are open) and says no more (error null): open a new one later. A refusal
						// the fetch reader names (a bad queue) is final.
						if (!error) {
							close();
							reopen = setTimeout(open, RESUBSCRIBE_MILLIS);
						}
					},
				});
			};
			open();
			return () => {
				stopped = true;
				clearTimeout(reopen);
				close();
			};
		},
	};
	return client;
}

function eventSourceStream(EventSourceType, target, types, handlers) {
	const source = new EventSourceType(target);
	for (const type of types) {
		source.addEventListener(type, (event) => handlers.onEvent(type, event.data));
	}
	source.addEventListener('open', () => handlers.onOpen && handlers.onOpen());
	source.addEventListener('error', () => {
		// CONNECTING: the browser retries by itself; CLOSED: it gave up (an error status)
		if (source.readyState === EventSourceType.CLOSED) {
			handlers.onFatal(null);
		}
		else if (handlers.onError) {
			handlers.onError(new TaskQueueError({ title: 'Reconnecting', detail: 'The event stream was cut' }, 0));
		}
	});
	return () => source.close();
}

/** Reads a stream with fetch, where there is no EventSource (Node): the same reconnection rules. */
function fetchStream(fetchFn, target, handlers) {
	const abort = new AbortController();
	let retryMillis = 3000;
	let lastEventId = null;
	(async () => {
		while (!abort.signal.aborted) {
			try {
				const headers = { Accept: 'text/event-stream' };
				if (lastEventId !== null) {
					headers['Last-Event-ID'] = lastEventId;
				}
				const response = await fetchFn(target, { headers, signal: abort.signal, cache: 'no-store' });
				if (!response.ok) {
					const error = await errorOf(response);
					if (response.status !== 503) {
						handlers.onFatal(error);
						return;
					}
					if (handlers.onError) {
						handlers.onError(error);
					}
				}
				else {
					if (handlers.onOpen) {
						handlers.onOpen();
					}
					await readEvents(response.body, {
						event: (type, data) => handlers.onEvent(type, data),
						retry: (millis) => {
							retryMillis = millis;
						},
						id: (id) => {
							lastEventId = id;
						},
					});
				}
			}
			catch (error) {
				if (abort.signal.aborted) {
					return;
				}
				if (handlers.onError) {
					handlers.onError(new TaskQueueError({ title: 'Reconnecting', detail: String(error.message || error) },
						0, error));
				}
			}
			await pause(retryMillis, abort.signal);
		}
	})();
	return () => abort.abort();
}

/** Parses text/event-stream (the WHATWG rules): fields event, data, id, retry; comments skipped. */
async function readEvents(body, on) {
	const reader = body.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	let type = '';
	let data = [];
	for (;;) {
		const { value, done } = await reader.read();
		if (done) {
			return;
		}
		buffer += value;
		let end;
		while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
			if (buffer[end] === '\r' && end === buffer.length - 1) {
				break; // a '\n' may follow in the next chunk
			}
			const line = buffer.slice(0, end);
			buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
			if (line === '') {
				if (data.length > 0) {
					on.event(type || 'message', data.join('\n'));
				}
				type = '';
				data = [];
				continue;
			}
			if (line.startsWith(':')) {
				continue;
			}
			const colon = line.indexOf(':');
			const field = colon < 0 ? line : line.slice(0, colon);
			const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
			if (field === 'event') {
				type = text;
			}
			else if (field === 'data') {
				data.push(text);
			}
			else if (field === 'id' && !text.includes('\0')) {
				on.id(text);
			}
			else if (field === 'retry' && /^\d+$/.test(text)) {
				// a server's value, bounded: 0 would spin, and setTimeout overflows past 2^31 - 1 ms
				on.retry(Math.min(Math.max(Number(text), 100), 2 ** 31 - 1));
			}
		}
	}
}

async function errorOf(response) {
	let problem = null;
	const type = response.headers.get('Content-Type') || '';
	if (type.includes('json')) {
		try {
			problem = await response.json();
		}
		catch (error) {
			problem = null;
		}
	}
	return new TaskQueueError(problem || { title: response.statusText || ('HTTP ' + response.status) },
		response.status);
}

function csrfToken(option) {
	if (option === false) {
		return null;
	}
	if (typeof option === 'function') {
		return option();
	}
	if (option && option.header && option.token) {
		return option;
	}
	if (typeof document === 'undefined') {
		return null;
	}
	const token = document.querySelector('meta[name="_csrf"]');
	const header = document.querySelector('meta[name="_csrf_header"]');
	if (token && header && token.content && header.content) {
		return { header: header.content, token: token.content };
	}
	const cookie = (document.cookie || '').split(';').map((part) => part.trim())
		.find((part) => part.startsWith('XSRF-TOKEN='));
	return cookie ? { header: 'X-XSRF-TOKEN', token: decodeURIComponent(cookie.slice('XSRF-TOKEN='.length)) } : null;
}

function pick(source, names) {
	const picked = {};
	for (const name of names) {
		if (source && source[name] !== undefined) {
			picked[name] = source[name];
		}
	}
	return picked;
}

function parse(data) {
	try {
		return JSON.parse(data);
	}
	catch (error) {
		return data;
	}
}

function call(handler, ...args) {
	if (typeof handler === 'function') {
		handler(...args);
	}
}

function pause(millis, signal) {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, millis);
		signal.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		}, { once: true });
	});
}
