--[[
  Records how an attempt ended, if the claim's lease is still held (fencing): completed,
  retrying until a time, or failed. In the same step: stores the next occurrence of a
  repeating task, keeps the retention count of the finished group, counts metrics, and
  claims the next waiting task of the queue.

  KEYS: tasks ids waiting delayed retrying active completed failed cancelled
        idempotency meta wake events listening
  ARGV[1]  now
  ARGV[2]  event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3]  task id
  ARGV[4]  lease token
  ARGV[5]  outcome: completed, retrying or failed
  ARGV[6]  result JSON (completed, '' for none) or error JSON
  ARGV[7]  finished at (completed, failed) or retry at (retrying)
  ARGV[8]  duration of the attempt in milliseconds (metrics)
  ARGV[9]  how many finished tasks of the outcome's retention group to keep
  ARGV[10] claim the next task (1/0)
  ARGV[11] lease length in milliseconds of that claim
  ARGV[12] token base of that claim
  ARGV[13…] optional next occurrence: the 8 values of enqueue.lua
  Returns: {0} when the lease is not held;
           {1, 0, [id, token, record of the next claim]}
  Events:  completed, retrying or failed; added (next occurrence); active (next claim)
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'retrying', 'active', 'completed', 'failed',
  'cancelled', 'idempotency', 'meta', 'wake', 'events', 'listening')
local now, maxLen, id = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local h, body = heldTask(K, id, ARGV[4])
if not h then
  return {0}
end
rcall('ZREM', K.active, id)
h.tk = nil
local outcome, text, at = ARGV[5], ARGV[6], ARGV[7]
-- retention that keeps no completed task: forget it at once rather than store and trim it
local dropAtOnce = outcome == 'completed' and tonumber(ARGV[9]) == 0
if outcome == 'completed' then
  h.s = 'completed'
  h.f = at
  h.err = nil
  h.res = (text ~= '') and text or nil
  if not dropAtOnce then
    rcall('ZADD', K.completed, at, id)
  end
  countProcessed(K, ARGV[8], false)
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
  countProcessed(K, ARGV[8], true)
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
if #ARGV >= 20 then
  local _, code, waiting = store(K, now, maxLen, ARGV, 13, id)
  if code == 1 and waiting then
    wake(K)
  end
end
if h.s == 'completed' and not dropAtOnce then
  retainCompleted(K, tonumber(ARGV[9]))
elseif h.s == 'failed' then
  retainFailed(K, tonumber(ARGV[9]))
end
local out = {1, 0}
if ARGV[10] == '1' and not isPaused(K) then
  local claimed = claim(K, now, maxLen, 1, tonumber(ARGV[11]), ARGV[12], true)
  for _, value in ipairs(claimed) do
    out[#out + 1] = value
  end
end
return out
