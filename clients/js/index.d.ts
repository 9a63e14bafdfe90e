// TypeScript declarations of @taskqueue/client (taskqueue-client.js).

export type TaskStatus = 'waiting' | 'delayed' | 'active' | 'retrying' | 'held' | 'completed' | 'failed' | 'cancelled'
	| (string & {});

export interface TaskProgress {
	percentage: number;
	current: number | null;
	total: number | null;
	message: string | null;
}

export interface TaskError {
	message: string;
	type: string;
	/** Present only when the server exposes stack traces. */
	stackTrace?: string | null;
}

export interface Task<P = unknown, R = unknown> {
	id: string;
	queue: string;
	type: string;
	status: TaskStatus;
	priority: number;
	payload: P;
	result: R | null;
	error: TaskError | null;
	attempts: number;
	maxAttempts: number;
	progress: TaskProgress | null;
	createdAt: string;
	scheduledAt: string | null;
	startedAt: string | null;
	finishedAt: string | null;
	timeout: string | null;
	backoff: Backoff | null;
	repeat: unknown;
	occurrence: number;
	idempotencyKey: string | null;
	/** The id of the schedule that made it, or null. */
	scheduleId: string | null;
	/** What it carries from the code that enqueued it (the W3C trace context); empty for none. */
	headers: Record<string, string>;
}

export interface TaskPage {
	items: Task[];
	nextCursor: string | null;
}

export interface EnqueueOptions {
	queue?: string;
	/** An integer, or 'low', 'normal', 'high', 'critical'. */
	priority?: number | string;
	/** 'PT5S', '5s' or '500ms'. */
	delay?: string;
	runAt?: string;
	maxAttempts?: number;
	timeout?: string;
	idempotencyKey?: string;
	every?: string;
	cron?: string;
	limit?: number;
	backoff?: { type?: 'fixed' | 'exponential'; delay?: string; maxDelay?: string; jitter?: number };
}

export interface Backoff {
	kind: 'fixed' | 'exponential';
	/** ISO-8601 duration such as 'PT1S'. */
	delay: string;
	maxDelay: string;
	jitter: number;
}

export type Misfire = 'run-once' | 'skip';

/** A recurring schedule: what task it makes, when, and what it did so far. */
export interface Schedule<P = unknown> {
	id: string;
	/** The type of the tasks it makes. */
	type: string;
	queue: string;
	payload: P;
	priority: number;
	maxAttempts: number;
	backoff: Backoff | null;
	/** ISO-8601 duration, or null. */
	timeout: string | null;
	/** The cron expression (Spring's syntax), or null for an interval. */
	cron: string | null;
	/** The zone the cron expression is evaluated in ('Z' for UTC). */
	zone: string;
	/** The interval (ISO-8601 duration), or null for a cron expression. */
	every: string | null;
	limit: number | null;
	startAt: string | null;
	endAt: string | null;
	misfire: Misfire;
	paused: boolean;
	/** Declared in code (@Recurring) rather than through the API. */
	declared: boolean;
	createdAt: string;
	/** When it was last created, replaced, paused or resumed. */
	updatedAt: string;
	lastDueAt: string | null;
	/** Null once the series ended. */
	nextDueAt: string | null;
	lastTaskId: string | null;
	lastTaskStatus: TaskStatus | null;
	/** How many tasks it made. */
	runs: number;
	/** True once the limit or endAt is reached. */
	ended: boolean;
}

/** A schedule to create or replace: exactly one of cron and every. */
export interface ScheduleRequest<P = unknown> {
	/** The task type (a registered handler's). */
	type: string;
	payload?: P;
	/** Spring's syntax: 6 fields with seconds, 5 fields read with second 0, or a macro such as '@daily'. */
	cron?: string;
	/** The zone of the cron expression, such as 'Europe/Paris' (UTC by default). */
	zone?: string;
	/** 'PT10M' or '10m'. */
	every?: string;
	limit?: number;
	/** ISO-8601 instants. */
	startAt?: string;
	endAt?: string;
	/** Default 'run-once'. */
	misfire?: Misfire;
	queue?: string;
	/** An integer, or 'low', 'normal', 'high', 'critical'. */
	priority?: number | string;
	maxAttempts?: number;
	timeout?: string;
	backoff?: { type?: 'fixed' | 'exponential'; delay?: string; maxDelay?: string; jitter?: number };
}

export interface ListQuery {
	queue?: string;
	type?: string;
	status?: TaskStatus | TaskStatus[];
	limit?: number;
	cursor?: string;
}

export interface QueueStats {
	counts: Record<string, number>;
	paused: boolean;
	oldestWaitingSince: string | null;
	metrics: {
		processed: number; failed: number; successRate: number; avgProcessingMillis: number;
		currentConcurrency: number; peakConcurrency: number;
	} | null;
	/** Counts by type and status, where the server reports them. */
	types?: Record<string, Record<string, number>>;
}

export interface Stats {
	total: QueueStats;
	queues: Record<string, QueueStats>;
}

export interface QueueMetrics {
	queue: string;
	from: string;
	intervalSeconds: number;
	completed: number[];
	failed: number[];
}

export interface Instance {
	id: string;
	application: string;
	host: string;
	pid: number;
	version: string;
	startedAt: string;
	lastHeartbeat: string;
	queues: { queue: string; concurrency: number; running: number }[];
}

export interface CsrfToken {
	header: string;
	token: string;
}

export interface ClientOptions {
	/** The API's base URL; default '/api/tasks' (absolute outside a browser). */
	baseUrl?: string;
	fetch?: typeof fetch;
	/** Sent with every write; read from the page (meta _csrf/_csrf_header, cookie XSRF-TOKEN) by default. */
	csrf?: false | CsrfToken | (() => CsrfToken | null);
	/** Default: the global EventSource; without one, streams are read with fetch. */
	EventSource?: typeof EventSource | null;
}

export interface WatchHandlers<T = Task> {
	onEvent?(type: string, task: T): void;
	onProgress?(progress: TaskProgress, task: T): void;
	/** Once, after completed, failed, cancelled or removed. */
	onDone?(task: T, type: string): void;
	/** When the stream cannot go on (the task is gone, the server refuses it). */
	onError?(error: TaskQueueError): void;
}

export type TaskEventName = 'added' | 'waiting' | 'delayed' | 'active' | 'progress' | 'retrying' | 'stalled' | 'held'
	| 'released' | 'blocked' | 'completed' | 'failed' | 'cancelled' | 'removed';

export type QueueEventName = 'paused' | 'resumed';

export type ScheduleEventName = 'schedule-created' | 'schedule-updated' | 'schedule-removed';

export type WorkerEventName = 'worker-started' | 'worker-stopped';

/** The name of an event on the stream of every task. */
export type EventName = TaskEventName | QueueEventName | ScheduleEventName | WorkerEventName;

/** The data of worker-started and worker-stopped: the queue and the instance (as instances() lists it). */
export interface WorkerEventData {
	queue: string;
	instanceId: string;
}

/** The data of schedule-created, schedule-updated and schedule-removed. */
export interface ScheduleEventData {
	scheduleId: string;
	queue: string;
}

export interface SubscribeHandlers {
	/**
	 * data: the task; for removed without a task {id, queue}; for paused and resumed {queue};
	 * for the schedule events {scheduleId, queue}; for the worker events {queue, instanceId}.
	 */
	onEvent?(type: EventName, data: Task | { id?: string; queue: string } | ScheduleEventData | WorkerEventData): void;
	onOpen?(): void;
	/** On each cut (the stream reconnects by itself) and when it cannot go on. */
	onError?(error: TaskQueueError): void;
}

/** Stops a watch or subscription. */
export type Unsubscribe = () => void;

export interface TaskQueueClient {
	enqueue<P = unknown>(type: string, payload?: P, options?: EnqueueOptions): Promise<Task<P>>;
	get(id: string): Promise<Task>;
	list(query?: ListQuery): Promise<TaskPage>;
	cancel(id: string): Promise<Task>;
	retry(id: string): Promise<Task>;
	/** Holds a waiting, delayed or retrying task until it is released (409 for an active one). */
	hold(id: string): Promise<Task>;
	/** Releases a held task back to where it was (409 if it is not held). */
	release(id: string): Promise<Task>;
	remove(id: string): Promise<{ id: string; removed: true }>;
	stats(): Promise<Stats>;
	queues(): Promise<{ name: string; paused: boolean; counts: Record<string, number> }[]>;
	pause(queue: string): Promise<{ queue: string; paused: true }>;
	resume(queue: string): Promise<{ queue: string; paused: false }>;
	drain(queue: string): Promise<{ queue: string; removed: number }>;
	clean(queue: string, options?: { status?: string | string[]; olderThan?: string }): Promise<{ queue: string; removed: number }>;
	queueMetrics(queue: string, minutes?: number): Promise<QueueMetrics>;
	instances(): Promise<Instance[]>;
	listSchedules(): Promise<Schedule[]>;
	/** Rejects with a TaskQueueError of status 404 (problem.scheduleId) when there is no such schedule. */
	getSchedule(id: string): Promise<Schedule>;
	/** Creates a schedule (created: true, HTTP 201) or replaces it in place (created: false). */
	upsertSchedule<P = unknown>(id: string, request: ScheduleRequest<P>):
		Promise<{ created: boolean; schedule: Schedule<P> }>;
	/** Removes a schedule; the tasks it made stay. */
	removeSchedule(id: string): Promise<void>;
	pauseSchedule(id: string): Promise<Schedule>;
	/** Resumes at the next due time from now. */
	resumeSchedule(id: string): Promise<Schedule>;
	/** Makes one task of the schedule now (also when paused): resolves to the task's id. */
	triggerSchedule(id: string): Promise<string>;
	watch(id: string, handlers?: WatchHandlers): Unsubscribe;
	subscribe(handlers?: SubscribeHandlers, options?: { queue?: string }): Unsubscribe;
}

export declare function createClient(options?: ClientOptions): TaskQueueClient;

export declare class TaskQueueError extends Error {
	constructor(problem: object | null, status: number, cause?: unknown);
	readonly name: 'TaskQueueError';
	/** The HTTP status; 0 when no answer came. */
	readonly status: number;
	readonly type: string;
	readonly title: string;
	readonly detail: string;
	/** The whole problem detail, with its extensions (such as parameter or taskId). */
	readonly problem: Record<string, unknown>;
}

export declare const FINAL_EVENTS: readonly string[];
export declare const TASK_EVENTS: readonly string[];
export declare const QUEUE_EVENTS: readonly string[];
export declare const SCHEDULE_EVENTS: readonly string[];
export declare const WORKER_EVENTS: readonly string[];
