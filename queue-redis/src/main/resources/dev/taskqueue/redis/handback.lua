--[[
  Hands a claimed task back that the claiming instance has no handler for, if the claim's
  lease is still held, its attempt not counted: delayed until a time, keeping its ready
  sequence (promote puts it back at its place), so that the instance that handed it back
  does not claim it straight back; or failed with an error once it was handed back more
  than the allowed number of times.

  KEYS: tasks ids delayed active failed cancelled idempotency meta events listening types throughput
  ARGV: now events maxLen id token notBefore maxHandBacks error keepFailed
    id, token     the task and its lease token
    notBefore     when the task may be claimed again
    maxHandBacks  hand-backs allowed per task
    error         error JSON of a task handed back too often
    keepFailed    how many failed and cancelled tasks of the queue to keep (its retention)
  Returns: {1} delayed, {2} failed, {0} lease not held
  Events:  waiting (the task delayed) or failed
]]
local K = bindKeys('tasks', 'ids', 'delayed', 'active', 'failed', 'cancelled', 'idempotency', 'meta', 'events',
  'listening', 'types', 'throughput')
local A = bindArgs('now', 'events', 'maxLen', 'id', 'token', 'notBefore', 'maxHandBacks', 'error', 'keepFailed')
local now, id = A.now, A.id
local h, body = heldTask(K, id, A.token)
if not h then
  return {0}
end
unlease(K, id, h)
h.nh = (h.nh or 0) + 1
if h.nh <= tonumber(A.maxHandBacks) then
  h.s = 'delayed'
  h.sc = A.notBefore
  local record = encode(h, body)
  rcall('HSET', K.tasks, id, record)
  rcall('ZADD', K.delayed, h.sc, id)
  countType('delayed', h.ty, 1)
  emit(K, A, 'waiting', id, record)
  saveTypeCounts(K)
  return {1}
end
h.s = 'failed'
h.f = now
h.err = A.error
local record = encode(h, body)
rcall('HSET', K.tasks, id, record)
rcall('ZADD', K.failed, now, id)
countType('failed', h.ty, 1)
countProcessed(K, 1, 1, math.max(0, math.floor(tonumber(now) - tonumber(h.st or now))))
countThroughput(K, now, 0, 1)
emit(K, A, 'failed', id, record)
retainFailed(K, tonumber(A.keepFailed))
saveTypeCounts(K)
return {2}
