--[[
  Hands a claimed task back that the claiming instance has no handler for, if the claim's
  lease is still held, its attempt not counted: delayed until a time, keeping its ready
  sequence (promote puts it back at its place), so that the instance that handed it back
  does not claim it straight back; or failed with an error once it was handed back more
  than the allowed number of times.

  KEYS: tasks ids delayed active failed cancelled idempotency meta events listening
  ARGV[1] now
  ARGV[2] event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3] task id
  ARGV[4] lease token
  ARGV[5] not before: when the task may be claimed again
  ARGV[6] hand-backs allowed per task
  ARGV[7] error JSON of a task handed back too often
  ARGV[8] how many failed and cancelled tasks to keep
  Returns: {1} delayed, {2} failed, {0} lease not held
  Events:  waiting (the task delayed) or failed
]]
local K = bindKeys('tasks', 'ids', 'delayed', 'active', 'failed', 'cancelled', 'idempotency', 'meta', 'events', 'listening')
local now, maxLen, id = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local h, body = heldTask(K, id, ARGV[4])
if not h then
  return {0}
end
unlease(K, id, h)
h.nh = (h.nh or 0) + 1
if h.nh <= tonumber(ARGV[6]) then
  h.s = 'delayed'
  h.sc = ARGV[5]
  local record = encode(h, body)
  rcall('HSET', K.tasks, id, record)
  rcall('ZADD', K.delayed, h.sc, id)
  emit(K, maxLen, 'waiting', now, id, record)
  return {1}
end
h.s = 'failed'
h.f = now
h.err = ARGV[7]
local record = encode(h, body)
rcall('HSET', K.tasks, id, record)
rcall('ZADD', K.failed, now, id)
countProcessed(K, 1, 1, math.max(0, math.floor(tonumber(now) - tonumber(h.st or now))))
emit(K, maxLen, 'failed', now, id, record)
retainFailed(K, tonumber(ARGV[8]))
return {2}
