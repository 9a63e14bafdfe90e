// Redis memory per waiting BullMQ job with a 100-byte payload, measured as our benchmark measures ours:
// INFO memory used_memory before and after N waiting jobs (addBulk in batches of 1,000, removeOnComplete).
// Usage: node bullmq-memory.mjs   (env: REDIS_PORT, default 6390; N, default 100000). Prints one JSON line.
import { Queue } from 'bullmq';
import IORedis from 'ioredis'; // BullMQ's own Redis client, installed with it
import { createRequire } from 'node:module';

const VERSION = createRequire(import.meta.url)('bullmq/package.json').version;
const connection = { host: '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6390) };
const N = Number(process.env.N ?? 100000);
const data = { data: 'x'.repeat(89) }; // {"data":"xxx..."} is 100 bytes as JSON, as our payload
const jobOpts = { removeOnComplete: true };
const queue = new Queue(`bench-memory-${process.pid}-${Date.now()}`, { connection });
const client = new IORedis(connection.port, connection.host);
const used = async () => Number((await client.info('memory')).match(/used_memory:(\d+)/)[1]);

await queue.add('noop', data, jobOpts); // the queue's fixed keys exist from here on
const before = await used();
for (let i = 0; i < N; i += 1000) {
  const size = Math.min(1000, N - i);
  await queue.addBulk(Array.from({ length: size }, () => ({ name: 'noop', data, opts: jobOpts })));
}
const after = await used();
console.log(JSON.stringify({ peer: 'BullMQ', version: VERSION, backend: 'redis',
  op: 'Redis memory per waiting job, 100-byte payload', conc: 0, n: N,
  bytes_per_task: Math.round((after - before) / N), payload_json_bytes: JSON.stringify(data).length }));
await queue.obliterate({ force: true });
await queue.close();
client.disconnect();
