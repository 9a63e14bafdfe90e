--[[
  Stores new tasks of one queue, as waiting or delayed; a task whose idempotency key
  names a stored task is not stored, that task's id is returned instead. The tasks come
  from one enqueueAll, or from single enqueues made at about the same time (CombinedCalls).

  KEYS: tasks ids waiting delayed idempotency meta wake events listening types
  ARGV: now events maxLen tasks
    tasks  how many NEW_TASK groups follow
  NEW_TASK groups (common.lua), one per task: id taskType priority maxAttempts scheduledAt delayed key body
  Returns: per task its id and a code: 1 stored, 0 existing task returned,
           -1 a task with this id is already stored
  Events:  added
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'idempotency', 'meta', 'wake', 'events', 'listening',
  'types')
local A, first = bindArgs('now', 'events', 'maxLen', 'tasks')
local count = tonumber(A.tasks)
local out = {}
local anyWaiting = false
-- one step of the counter for the whole batch
local nextSeq = sequences(K, count)
for n = 1, count do
  local id, code, waiting = store(K, A, first, n, nextSeq)
  out[#out + 1] = id
  out[#out + 1] = code
  anyWaiting = anyWaiting or waiting
end
if anyWaiting then
  wake(K)
end
saveTypeCounts(K)
return out
