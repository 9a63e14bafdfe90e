--[[
  Stores new tasks of one queue, as waiting or delayed; a task whose idempotency key
  names a stored task is not stored, that task's id is returned instead. The tasks come
  from one enqueueAll, or from single enqueues made at about the same time (CombinedCalls).

  KEYS: tasks ids waiting delayed idempotency meta wake events listening
  ARGV[1]  now
  ARGV[2]  event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3…] 8 values per task: id, type, priority, max attempts, scheduled at,
           delayed (1/0), idempotency key ('' for none), body
  Returns: per task its id and a code: 1 stored, 0 existing task returned,
           -1 a task with this id is already stored
  Events:  added
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'idempotency', 'meta', 'wake', 'events', 'listening')
local now, maxLen = ARGV[1], tonumber(ARGV[2])
local out = {}
local anyWaiting = false
-- one step of the counter for the whole batch
local nextSeq = sequences(K, (#ARGV - 2) / 8)
for i = 3, #ARGV, 8 do
  local id, code, waiting = store(K, now, maxLen, ARGV, i, nil, nextSeq)
  out[#out + 1] = id
  out[#out + 1] = code
  anyWaiting = anyWaiting or waiting
end
if anyWaiting then
  wake(K)
end
return out
