--[[
  Records how attempts ended, each only if its claim's lease is still held (fencing):
  completed, retrying until a time, or failed. For each task in the same step: stores the
  next occurrence of a repeating task, and claims the next waiting task of the queue for
  the worker that finished it. Then keeps the retention counts of the finished groups and
  counts metrics, once for the whole call.

  One call carries the outcomes of the workers of an instance that finished while its
  previous calls were on their way (see CombinedCalls), so that the work of a call is shared.

  KEYS: tasks ids waiting delayed retrying active completed failed cancelled
        idempotency meta wake events listening
  ARGV[1]  now
  ARGV[2]  event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3]  token base of the claims (each claim's token is <base>.<n>.1)
  ARGV[4]  how many completed tasks to keep
  ARGV[5]  how many failed and cancelled tasks to keep
  ARGV[6…] per task:
             task id, lease token, outcome (completed, retrying or failed),
             result JSON (completed, '' for none) or error JSON,
             finished at (completed, failed) or retry at (retrying),
             duration of the attempt in milliseconds (metrics),
             claim the next task (1/0), lease length in milliseconds of that claim,
             whether a next occurrence follows (1/0),
             [the 8 values of enqueue.lua for the next occurrence]
  Returns: per task 0 when its lease is not held, 1 when recorded, or 2 when recorded and
           followed by the id, token and record of the task claimed next
  Events:  completed, retrying or failed; added (next occurrence); active (next claim)
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'retrying', 'active', 'completed', 'failed',
  'cancelled', 'idempotency', 'meta', 'wake', 'events', 'listening')
local now, maxLen, tokenBase = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local keepCompleted, keepFailed = tonumber(ARGV[4]), tonumber(ARGV[5])
local paused = isPaused(K)
local processed, failedCount, millis = 0, 0, 0
local anyCompleted, anyFailed = false, false
local out = {}
local n = 0

-- Records one outcome; returns whether the lease was held.
local function finishOne(i)
  local id = ARGV[i]
  local h, body = heldTask(K, id, ARGV[i + 1])
  if not h then
    return false
  end
  rcall('ZREM', K.active, id)
  h.tk = nil
  local outcome, text, at = ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  -- retention that keeps no completed task: forget it at once rather than store and trim it
  local dropAtOnce = outcome == 'completed' and keepCompleted == 0
  if outcome == 'completed' then
    h.s = 'completed'
    h.f = at
    h.err = nil
    h.res = (text ~= '') and text or nil
    if not dropAtOnce then
      rcall('ZADD', K.completed, at, id)
      anyCompleted = true
    end
    processed = processed + 1
    millis = millis + tonumber(ARGV[i + 5])
  elseif outcome == 'retrying' then
    h.s = 'retrying'
    h.err = text
    h.sc = at
    rcall('ZADD', K.retrying, at, id)
  else
    h.s = 'failed'
    h.err = text
    h.f = at
    rcall('ZADD', K.failed, at, id)
    anyFailed = true
    processed = processed + 1
    failedCount = failedCount + 1
    millis = millis + tonumber(ARGV[i + 5])
  end
  if dropAtOnce then
    forget(K, id, h)
    -- the record is made only for an event
    emit(K, maxLen, h.s, now, id, function() return encode(h, body) end)
  else
    local record = encode(h, body)
    rcall('HSET', K.tasks, id, record)
    emit(K, maxLen, h.s, now, id, record)
  end
  if ARGV[i + 8] == '1' then
    local _, code, waiting = store(K, now, maxLen, ARGV, i + 9, id)
    if code == 1 and waiting then
      wake(K)
    end
  end
  return true
end

local i = 6
while i <= #ARGV do
  n = n + 1
  if not finishOne(i) then
    out[#out + 1] = 0
  elseif ARGV[i + 6] == '1' and not paused then
    local claimed = claim(K, now, maxLen, 1, tonumber(ARGV[i + 7]), tokenBase .. string.format('.%d', n), true)
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
  i = i + ((ARGV[i + 8] == '1') and 17 or 9)
end
if processed > 0 then
  countProcessed(K, processed, failedCount, millis)
end
if anyCompleted then
  retainCompleted(K, keepCompleted)
end
if anyFailed then
  retainFailed(K, keepFailed)
end
return out
