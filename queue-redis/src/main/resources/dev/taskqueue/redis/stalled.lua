--[[
  Recovers active tasks whose lease expired before now: each goes back to waiting as a
  new attempt, at the place its ready sequence gives it (ahead of the tasks of its
  priority that became ready after it), or fails when it stalled more than max stalls
  times or has no attempts left.

  KEYS: tasks ids active failed cancelled idempotency meta waiting wake events listening types
        throughput
  ARGV: now events maxLen maxStalls keepFailed limit
    maxStalls   stalls allowed per task
    keepFailed  how many failed and cancelled tasks of the queue to keep (its retention)
    limit       the most tasks to recover in this call
  Returns: {how many tasks were recovered or failed, then the id and record of each}
  Events:  stalled or failed
]]
local K = bindKeys('tasks', 'ids', 'active', 'failed', 'cancelled', 'idempotency', 'meta', 'waiting', 'wake', 'events',
  'listening', 'types', 'throughput')
local A = bindArgs('now', 'events', 'maxLen', 'maxStalls', 'keepFailed', 'limit')
local now, maxStalls = A.now, tonumber(A.maxStalls)
local expired = rcall('ZRANGE', K.active, '-inf', '(' .. now, 'BYSCORE', 'LIMIT', 0, tonumber(A.limit))
local requeued = false
local failed = 0
local reply = { #expired }
for _, id in ipairs(expired) do
  rcall('ZREM', K.active, id)
  local record = rcall('HGET', K.tasks, id)
  if record then
    local h, body = decode(record)
    countType('active', h.ty, -1)
    h.tk = nil
    h.ns = (h.ns or 0) + 1
    if h.ns <= maxStalls and h.a < h.m then
      enterWaiting(K, id, h, true)
      record = encode(h, body)
      rcall('HSET', K.tasks, id, record)
      emit(K, A, 'stalled', id, record)
      requeued = true
    else
      h.s = 'failed'
      h.f = now
      h.err = cjson.encode({
        message = 'task stalled ' .. h.ns .. ' time(s): its worker stopped renewing its lease',
        type = 'dev.taskqueue.TaskStalledException' })
      record = encode(h, body)
      rcall('HSET', K.tasks, id, record)
      rcall('ZADD', K.failed, now, id)
      countType('failed', h.ty, 1)
      countProcessed(K, 1, 1, math.max(0, math.floor(tonumber(now) - tonumber(h.st or now))))
      emit(K, A, 'failed', id, record)
      failed = failed + 1
    end
    reply[#reply + 1] = id
    reply[#reply + 1] = record
  end
end
if requeued then
  wake(K)
end
if failed > 0 then
  countThroughput(K, now, 0, failed)
  retainFailed(K, tonumber(A.keepFailed))
end
saveTypeCounts(K)
return reply
