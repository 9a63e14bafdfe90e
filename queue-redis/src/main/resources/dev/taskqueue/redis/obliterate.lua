--[[
  Removes every task of a queue, at most limit per call (active ones lose their lease);
  once none is left, also its counters, counts by type, paused flag and wake-up marker
  (Java then deletes its throughput history).

  KEYS: tasks ids waiting delayed retrying active held completed failed cancelled
        idempotency meta wake events listening control types
  ARGV: now events maxLen limit
    limit  the most tasks to remove in this call
  Returns: {how many were removed, 1 when the queue is gone or 0}
  Events:  removed
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'retrying', 'active', 'held', 'completed', 'failed',
  'cancelled', 'idempotency', 'meta', 'wake', 'events', 'listening', 'control', 'types')
local A = bindArgs('now', 'events', 'maxLen', 'limit')
local limit = tonumber(A.limit)
local ids = rcall('ZRANGE', K.ids, 0, limit - 1)
local removed = 0
for _, id in ipairs(ids) do
  if removeTask(K, id) then
    emit(K, A, 'removed', id)
    removed = removed + 1
  else
    rcall('ZREM', K.ids, id)
  end
end
saveTypeCounts(K)
if rcall('EXISTS', K.ids) == 1 then
  return { removed, 0 }
end
rcall('DEL', K.tasks, K.waiting, K.delayed, K.retrying, K.active, K.held, K.completed, K.failed, K.cancelled,
  K.idempotency, K.meta, K.wake, K.types)
return { removed, 1 }
