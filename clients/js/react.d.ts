// TypeScript declarations of @taskqueue/client/react (react.js).
import type { Task, TaskQueueClient, TaskQueueError } from './index.js';

/** The live task: null until read, then updated with each of its events. Without a client, one of the API at /api/tasks. */
export declare function useTask(id: string | null | undefined, client?: TaskQueueClient): Task | null;

/** The live task, the error that stopped following it, and whether it is final. */
export declare function useTaskState(id: string | null | undefined, client?: TaskQueueClient): {
	task: Task | null;
	error: TaskQueueError | Error | null;
	done: boolean;
};
