// React bindings of the task queue client: the live state of one task.
import { useEffect, useState } from 'react';

import { FINAL_EVENTS, createClient } from './taskqueue-client.js';

let defaultClient;

/** The client of the hooks called without one: the API at its default path, made once. */
function clientOrDefault(client) {
	if (client) {
		return client;
	}
	defaultClient = defaultClient || createClient();
	return defaultClient;
}

/**
 * The live state of one task: read once, then followed over its event stream until it is final.
 * @param {string|null|undefined} id the task's id (nothing is read while it is empty)
 * @param {ReturnType<import('./taskqueue-client.js').createClient>} [client] the client; by
 * default one of the API at /api/tasks
 * @returns {{task: object|null, error: Error|null, done: boolean}}
 */
export function useTaskState(id, client) {
	client = clientOrDefault(client);
	const [state, setState] = useState({ task: null, error: null, done: false });
	useEffect(() => {
		if (!client || !id) {
			setState({ task: null, error: null, done: false });
			return undefined;
		}
		let active = true;
		const update = (task, done) => {
			if (active && task && typeof task === 'object' && task.id === id) {
				setState((previous) => ({ task: { ...previous.task, ...task }, error: null, done: previous.done || done }));
			}
		};
		setState({ task: null, error: null, done: false });
		client.get(id).then((task) => update(task, FINAL_EVENTS.includes(task.status)),
			(error) => active && setState((previous) => ({ ...previous, error })));
		const stop = client.watch(id, {
			onEvent: (type, task) => update(task, false),
			onDone: (task) => {
				update(task, true);
				if (active) {
					setState((previous) => ({ ...previous, done: true }));
				}
			},
			onError: (error) => active && setState((previous) => ({ ...previous, error })),
		});
		return () => {
			active = false;
			stop();
		};
	}, [client, id]);
	return state;
}

/**
 * The live task: null until it is read, then updated with each of its events.
 * @param {string|null|undefined} id the task's id
 * @param {ReturnType<import('./taskqueue-client.js').createClient>} [client] the client; by
 * default one of the API at /api/tasks
 * @returns {object|null} the task
 */
export function useTask(id, client) {
	return useTaskState(id, client).task;
}
