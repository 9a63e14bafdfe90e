// TypeScript declarations of @taskqueue/client/react (react.js).
import type { Task, TaskQueueClient, TaskQueueError } from './index.js';

/** The live task: null until read, then updated with each of its events. */
export declare function useTask(client: TaskQueueClient, id: string | null | undefined): Task | null;

/** The live task, the error that stopped following it, and whether it is final. */
export declare function useTaskState(client: TaskQueueClient, id: string | null | undefined): {
	task: Task | null;
	error: TaskQueueError | Error | null;
	done: boolean;
};
