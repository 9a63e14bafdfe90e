--[[
  Re-queues a final (completed, failed or cancelled) task from its first attempt: it
  becomes waiting now, behind the tasks ready before, and takes its idempotency key
  back unless another task holds it.

  KEYS: tasks waiting completed failed cancelled idempotency meta wake events listening types
  ARGV: now events maxLen id
    id  the task
  Returns: {1, record} re-queued; {0} no such task; {-1, status} not final
  Events:  waiting
]]
local K = bindKeys('tasks', 'waiting', 'completed', 'failed', 'cancelled', 'idempotency', 'meta', 'wake', 'events',
  'listening', 'types')
local A = bindArgs('now', 'events', 'maxLen', 'id')
local now, id = A.now, A.id
local record = rcall('HGET', K.tasks, id)
if not record then
  return {0}
end
local h, body = decode(record)
if h.s ~= 'completed' and h.s ~= 'failed' and h.s ~= 'cancelled' then
  return {-1, h.s}
end
rcall('ZREM', K[h.s], id)
countType(h.s, h.ty, -1)
h.a = 0
h.ns = nil
h.nh = nil
h.res = nil
h.err = nil
h.pr = nil
h.st = nil
h.f = nil
h.sc = now
enterWaiting(K, id, h, false)
if h.k and rcall('HSETNX', K.idempotency, h.k, id) == 0 then
  local holder = rcall('HGET', K.idempotency, h.k)
  if rcall('HEXISTS', K.tasks, holder) == 0 then
    rcall('HSET', K.idempotency, h.k, id)
  end
end
record = encode(h, body)
rcall('HSET', K.tasks, id, record)
emit(K, A, 'waiting', id, record)
wake(K)
saveTypeCounts(K)
return {1, record}
