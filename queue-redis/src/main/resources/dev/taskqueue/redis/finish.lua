--[[
  Records how attempts ended, each only if its claim's lease is still held (fencing):
  completed, retrying until a time, or failed. For each task in the same step: claims the
  next waiting task of the queue for the worker that finished it. Then keeps the retention counts of the finished groups and
  counts metrics, the throughput history and the counts by type, once for the whole call.

  One call carries the outcomes of the workers of an instance that finished while its
  previous calls were on their way (see CombinedCalls), so that the work of a call is shared.

  KEYS: tasks ids waiting delayed retrying active completed failed cancelled
        idempotency meta wake events listening types throughput
  ARGV: now events maxLen tokenBase keepCompleted keepFailed outcomes
    tokenBase      each claim's token is <tokenBase>.<n>.1, n counting the outcomes
    keepCompleted  how many completed tasks of the queue to keep (its retention)
    keepFailed     how many failed and cancelled tasks of the queue to keep (its retention)
    outcomes       how many OUTCOME groups follow
  OUTCOME groups, one per outcome: id token outcome text at millis claimNext leaseMs
    id, token       the task and its lease token
    outcome         completed, retrying or failed
    text            result JSON (completed; '' for none) or error JSON
    at              finished at (completed, failed) or retry at (retrying)
    millis          duration of the attempt in milliseconds (metrics)
    claimNext       claim the next task (1/0), for leaseMs milliseconds
  Returns: per task 0 when its lease is not held, 1 when recorded, or 2 when recorded and
           followed by the id, token and record of the task claimed next
  Events:  completed, retrying or failed; active (next claim)
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'retrying', 'active', 'completed', 'failed',
  'cancelled', 'idempotency', 'meta', 'wake', 'events', 'listening', 'types', 'throughput')
local A, first = bindArgs('now', 'events', 'maxLen', 'tokenBase', 'keepCompleted', 'keepFailed', 'outcomes')
local OUTCOME = argGroup('id', 'token', 'outcome', 'text', 'at', 'millis', 'claimNext', 'leaseMs')
local tokenBase = A.tokenBase
local keepCompleted, keepFailed = tonumber(A.keepCompleted), tonumber(A.keepFailed)
local outcomes = tonumber(A.outcomes)
local paused = isPaused(K)
local processed, failedCount, totalMillis = 0, 0, 0
local anyCompleted, anyFailed = false, false
local out = {}

-- Records one outcome; returns whether the lease was held.
local function finishOne(id, token, outcome, text, at, millis)
  local h, body = heldTask(K, id, token)
  if not h then
    return false
  end
  rcall('ZREM', K.active, id)
  countType('active', h.ty, -1)
  h.tk = nil
  -- retention that keeps no completed task: forget it at once rather than store and trim it
  local dropAtOnce = outcome == 'completed' and keepCompleted == 0
  if outcome == 'completed' then
    h.s = 'completed'
    h.f = at
    h.err = nil
    h.res = (text ~= '') and text or nil
    if not dropAtOnce then
      rcall('ZADD', K.completed, at, id)
      countType('completed', h.ty, 1)
      anyCompleted = true
    end
    processed = processed + 1
    totalMillis = totalMillis + tonumber(millis)
  elseif outcome == 'retrying' then
    h.s = 'retrying'
    h.err = text
    h.sc = at
    rcall('ZADD', K.retrying, at, id)
    countType('retrying', h.ty, 1)
  else
    h.s = 'failed'
    h.err = text
    h.f = at
    rcall('ZADD', K.failed, at, id)
    countType('failed', h.ty, 1)
    anyFailed = true
    processed = processed + 1
    failedCount = failedCount + 1
    totalMillis = totalMillis + tonumber(millis)
  end
  if dropAtOnce then
    forget(K, id, h)
    -- the record is made only for an event
    emit(K, A, h.s, id, function() return encode(h, body) end)
  else
    local record = encode(h, body)
    rcall('HSET', K.tasks, id, record)
    emit(K, A, h.s, id, record)
  end
  return true
end

for n = 1, outcomes do
  local id, token, outcome, text, at, millis, claimNext, leaseMs = OUTCOME.read(first, n)
  if not finishOne(id, token, outcome, text, at, millis) then
    out[#out + 1] = 0
  elseif claimNext == '1' and not paused then
    local claimed = claim(K, A, 1, tonumber(leaseMs), tokenBase .. string.format('.%d', n), true)
    if #claimed > 0 then
      out[#out + 1] = 2
      out[#out + 1] = claimed[1]
      out[#out + 1] = claimed[2]
      out[#out + 1] = claimed[3]
    else
      out[#out + 1] = 1
    end
  else
    out[#out + 1] = 1
  end
end
if processed > 0 then
  countProcessed(K, processed, failedCount, totalMillis)
  countThroughput(K, A.now, processed - failedCount, failedCount)
end
if anyCompleted then
  retainCompleted(K, keepCompleted)
end
if anyFailed then
  retainFailed(K, keepFailed)
end
saveTypeCounts(K)
return out
