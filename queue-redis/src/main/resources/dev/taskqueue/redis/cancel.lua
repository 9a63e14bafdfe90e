--[[
  Cancels a task that is not final: it leaves its queue (an active one loses its lease)
  and becomes cancelled.

  KEYS: tasks ids waiting delayed retrying active held completed failed cancelled
        idempotency events listening control types
  ARGV: now events maxLen id keepFailed
    id          the task
    keepFailed  how many failed and cancelled tasks of the queue to keep (its retention)
  Returns: {1, record} cancelled; {0} no such task; {-1, status} already final
  Events:  cancelled
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'retrying', 'active', 'held', 'completed', 'failed',
  'cancelled', 'idempotency', 'events', 'listening', 'control', 'types')
local A = bindArgs('now', 'events', 'maxLen', 'id', 'keepFailed')
local now, id = A.now, A.id
local record = rcall('HGET', K.tasks, id)
if not record then
  return {0}
end
local h, body = decode(record)
if h.s == 'completed' or h.s == 'failed' or h.s == 'cancelled' then
  return {-1, h.s}
end
detach(K, id, h)
h.s = 'cancelled'
h.hf = nil
h.f = now
record = encode(h, body)
rcall('HSET', K.tasks, id, record)
rcall('ZADD', K.cancelled, now, id)
countType('cancelled', h.ty, 1)
emit(K, A, 'cancelled', id, record)
retainFailed(K, tonumber(A.keepFailed))
saveTypeCounts(K)
return {1, record}
