--[[
  Cancels a task that is not final: it leaves its queue (an active one loses its lease)
  and becomes cancelled.

  KEYS: tasks ids waiting delayed retrying active completed failed cancelled
        idempotency events listening control
  ARGV[1] now
  ARGV[2] event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3] task id
  ARGV[4] how many failed and cancelled tasks to keep
  Returns: {1, record} cancelled; {0} no such task; {-1, status} already final
  Events:  cancelled
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'retrying', 'active', 'completed', 'failed',
  'cancelled', 'idempotency', 'events', 'listening', 'control')
local now, id = ARGV[1], ARGV[3]
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
h.f = now
record = encode(h, body)
rcall('HSET', K.tasks, id, record)
rcall('ZADD', K.cancelled, now, id)
emit(K, tonumber(ARGV[2]), 'cancelled', now, id, record)
retainFailed(K, tonumber(ARGV[4]))
return {1, record}
