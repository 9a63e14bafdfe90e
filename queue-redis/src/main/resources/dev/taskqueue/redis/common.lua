--[[
  Functions shared by the scripts; RedisScripts puts this file in front of each script,
  after counts.lua (the counts by type and the throughput history, which these use).

  A task lives in one field of its queue's 'tasks' hash: id -> record. A record is a
  header, a newline, and a body:
    header  JSON kept by these scripts (cjson): the state and what scripts need to know
    body    JSON written by Java and never parsed here (payload, backoff, timeout, ...)
  The header's field names are one or two letters (h.s status, h.a attempts, ...): a
  waiting task costs memory per byte. RecordHeader.java holds the one table of them;
  Java reads the header by it.

  The lease token lives in the header, so that the writes of a worker (finish, progress,
  release) check it on the record they read anyway: a write whose token is not the
  task's is refused (fencing).

  Times are strings of epoch milliseconds with an optional fraction
  ("1893456000000.000250"), so Java reads back the exact instant it wrote; sorted sets
  use them as scores.

  A waiting task is the member <q><id> of the 'waiting' sorted set with score
  -priority: ZPOPMIN takes the highest priority first, and among equal scores the lowest
  member, that is the task that became ready first.

  Arguments: each script names its ARGV once, at its top (bindArgs), in the order of its
  arguments record in Java (see ScriptArgs; RedisScripts.Script names the record), and
  reads repeating groups (tasks, outcomes, leases) of a fixed width by name (argGroup);
  how many groups follow is one of the named arguments. Names most scripts share:
    now     the time of the call (see Times above)
    events  which events to write (EventDemand in Java): 'always' (a listener of the
            calling instance wants them), 'if-listened' (only while some instance reads
            them: the 'listening' key exists) or 'off'
    maxLen  about how many events the 'events' stream keeps (0 with 'off')
]]
local rcall = redis.call

-- Names this script's KEYS, in the order RedisScripts passes them.
local function bindKeys(...)
  local keys = {}
  for i, name in ipairs({...}) do
    keys[name] = KEYS[i]
  end
  return keys
end

-- Names this script's leading ARGV, in the order its arguments record in Java writes
-- them; returns the named values and the index of the first value after them, where
-- the script's repeating groups start.
local function bindArgs(...)
  local names = {...}
  local args = {}
  for i, name in ipairs(names) do
    args[name] = ARGV[i]
  end
  return args, #names + 1
end

-- A repeating group of ARGV (a task, an outcome, a lease): a fixed list of named fields,
-- in the order of its group record in Java; how many groups a run has is an argument of
-- its own. group.width: how many values one group takes. group.read(first, n): the
-- values of the n-th group (from 1) of a run that starts at ARGV[first], in that order,
-- which the one place that reads the group binds to locals of the same names (a table
-- per group would cost Redis about a microsecond per task).
local function argGroup(...)
  local width = select('#', ...)
  local group = { width = width }
  function group.read(first, n)
    local at = first + (n - 1) * width
    return unpack(ARGV, at, at + width - 1)
  end
  return group
end

-- A new task to store (see store): ProducerArgs.NewTaskArgs in Java.
-- NEW_TASK group: id taskType priority maxAttempts scheduledAt delayed key body
--   delayed  1 when the task waits for its scheduled time, 0 when it is ready now
--   key      its idempotency key, '' for none
--   body     the body of its record (see above)
local NEW_TASK = argGroup('id', 'taskType', 'priority', 'maxAttempts', 'scheduledAt', 'delayed', 'key', 'body')

local function decode(record)
  local newline = string.find(record, '\n', 1, true)
  return cjson.decode(string.sub(record, 1, newline - 1)), string.sub(record, newline + 1)
end

local function encode(header, body)
  return cjson.encode(header) .. '\n' .. body
end

-- Appends an event to the queue's stream, as the script's arguments A ask (A.events,
-- A.maxLen; see above). record: the task's record, or a function that makes it, called
-- only if the event is written. scheduleId: for a schedule event (no id, no record).
local listened -- whether the 'listening' key exists: asked once per script run, if at all
local function emit(K, A, kind, id, record, scheduleId)
  local now = A.now
  if K.control and id and (kind == 'cancelled' or kind == 'removed') then
    -- every engine hears of these, even one that reads no other event
    rcall('XADD', K.control, 'MAXLEN', '~', 1000, '*', 'e', kind, 't', now, 'i', id)
  end
  local events = A.events
  if events == 'if-listened' then
    if listened == nil then
      listened = rcall('EXISTS', K.listening) == 1
    end
    if not listened then
      return
    end
  elseif events ~= 'always' then
    if events ~= 'off' then
      error('events must be always, if-listened or off, was ' .. tostring(events))
    end
    return
  end
  if type(record) == 'function' then
    record = record()
  end
  local maxLen = A.maxLen
  if record then
    rcall('XADD', K.events, 'MAXLEN', '~', maxLen, '*', 'e', kind, 't', now, 'i', id, 'd', record)
  elseif id then
    rcall('XADD', K.events, 'MAXLEN', '~', maxLen, '*', 'e', kind, 't', now, 'i', id)
  elseif scheduleId then
    rcall('XADD', K.events, 'MAXLEN', '~', maxLen, '*', 'e', kind, 't', now, 's', scheduleId)
  else
    rcall('XADD', K.events, 'MAXLEN', '~', maxLen, '*', 'e', kind, 't', now)
  end
end

local function isPaused(K)
  return rcall('HEXISTS', K.meta, 'paused') == 1
end

-- Leaves the wake-up marker that one blocked worker pops (at most one marker).
local function wake(K)
  if not isPaused(K) then
    rcall('ZADD', K.wake, 0, 'w')
  end
end

-- The score of a waiting task of a priority, as text (Redis would write a number with
-- printf's floating-point path).
local function waitingScore(priority)
  if priority == 0 then
    return '0'
  end
  return string.format('%d', 0 - priority)
end

-- Makes a task waiting: behind every task that became ready before, unless it keeps
-- the place its ready sequence gives it (a task handed back or recovered from a stall:
-- its sequence stays in the header while it is active, and while it is delayed after a
-- hand-back).
local function enterWaiting(K, id, h, keepPlace)
  if not (keepPlace and h.q) then
    h.q = string.format('%012x', rcall('HINCRBY', K.meta, 'seq', 1))
  end
  h.s = 'waiting'
  rcall('ZADD', K.waiting, waitingScore(h.p), h.q .. id)
  countType('waiting', h.ty, 1)
end

-- Whether a decoded header is an active task leased under the token.
local function holds(h, token)
  return h.s == 'active' and h.tk == token
end

-- The header and body of an active task whose lease is held with this token (fencing), or
-- nil when the task is gone or its lease was revoked.
local function heldTask(K, id, token)
  local record = rcall('HGET', K.tasks, id)
  if not record then
    return nil
  end
  local h, body = decode(record)
  if not holds(h, token) then
    return nil
  end
  return h, body
end

-- Ends the lease of an active task that goes back unrun (handed back): it leaves the
-- active set and its attempt is not counted.
local function unlease(K, id, h)
  rcall('ZREM', K.active, id)
  countType('active', h.ty, -1)
  h.tk = nil
  h.a = math.max(0, h.a - 1)
end

-- Takes a task out of the structure of its status (and revokes its lease).
local function detach(K, id, h)
  local status = h.s
  if status == 'waiting' then
    rcall('ZREM', K.waiting, h.q .. id)
  else
    rcall('ZREM', K[status], id)
  end
  countType(status, h.ty, -1)
  h.tk = nil
end

-- Deletes a detached task, freeing its idempotency key if the key still names it.
local function forget(K, id, h)
  rcall('HDEL', K.tasks, id)
  rcall('ZREM', K.ids, id)
  if h.k and rcall('HGET', K.idempotency, h.k) == id then
    rcall('HDEL', K.idempotency, h.k)
  end
end

-- Deletes a task whatever its status; returns false if it does not exist.
local function removeTask(K, id)
  local record = rcall('HGET', K.tasks, id)
  if not record then
    return false
  end
  local h = decode(record)
  detach(K, id, h)
  forget(K, id, h)
  return true
end

-- Deletes a task of a status already taken out of that status's set (a finished task,
-- or a delayed, retrying or held one), and uncounts it. Only a task with an idempotency key
-- needs its header decoded.
local function forgetFinished(K, id, status)
  local record = rcall('HGET', K.tasks, id)
  if record then
    countType(status, recordType(record), -1)
    local newline = string.find(record, '\n', 1, true)
    local keyAt = string.find(record, '"k":', 1, true)
    if keyAt and keyAt < newline then
      forget(K, id, decode(record))
    else
      rcall('HDEL', K.tasks, id)
      rcall('ZREM', K.ids, id)
    end
  end
end

-- Counts final outcomes (completed or failed) in the queue's metrics: how many, how many of
-- them failed, and their summed duration in milliseconds.
local function countProcessed(K, count, failed, millis)
  rcall('HINCRBY', K.meta, 'processed', count)
  if failed > 0 then
    rcall('HINCRBY', K.meta, 'failed', failed)
  end
  rcall('HINCRBY', K.meta, 'millis', millis)
end

-- Keeps the newest maxCount completed tasks. Retention removes silently: an event per
-- trimmed task would double the event traffic. Returns the removed ids as a set.
local function retainCompleted(K, maxCount)
  local removed = {}
  local excess = rcall('ZCARD', K.completed) - maxCount
  if excess > 0 then
    local popped = rcall('ZPOPMIN', K.completed, excess)
    for i = 1, #popped, 2 do
      local id = popped[i]
      forgetFinished(K, id, 'completed')
      removed[id] = true
    end
  end
  return removed
end

-- Keeps the newest maxCount failed and cancelled tasks (one retention group), silently.
-- Returns the removed ids as a set.
local function retainFailed(K, maxCount)
  local removed = {}
  local excess = rcall('ZCARD', K.failed) + rcall('ZCARD', K.cancelled) - maxCount
  while excess > 0 do
    local f = rcall('ZRANGE', K.failed, 0, 0, 'WITHSCORES')
    local c = rcall('ZRANGE', K.cancelled, 0, 0, 'WITHSCORES')
    local set, id, status = K.failed, f[1], 'failed'
    if f[1] == nil or (c[1] ~= nil and (tonumber(c[2]) < tonumber(f[2])
        or (tonumber(c[2]) == tonumber(f[2]) and c[1] < f[1]))) then
      set, id, status = K.cancelled, c[1], 'cancelled'
    end
    rcall('ZREM', set, id)
    forgetFinished(K, id, status)
    removed[id] = true
    excess = excess - 1
  end
  return removed
end

-- Ready sequence numbers for up to count tasks, taken from the queue's counter in one
-- step: returns a function that gives the next one (12 hex digits) on each call. Numbers
-- left unused leave gaps, which order does not mind.
local function sequences(K, count)
  local nextSeq = rcall('HINCRBY', K.meta, 'seq', count) - count + 1
  return function()
    local value = nextSeq
    nextSeq = nextSeq + 1
    return string.format('%012x', value)
  end
end

-- Stores a new task: the n-th NEW_TASK group of the run that starts at ARGV[first].
-- nextSeq: gives ready sequence numbers (see sequences), or nil to take one from the counter.
-- Returns the id and 1 (stored), 0 (the task holding the key) or -1 (id already stored),
-- and whether the new task waits.
local function store(K, A, first, n, nextSeq)
  local id, taskType, priority, maxAttempts, scheduledAt, delayed, key, body = NEW_TASK.read(first, n)
  if key ~= '' then
    local holder = rcall('HGET', K.idempotency, key)
    if holder and rcall('HEXISTS', K.tasks, holder) == 1 then
      return holder, 0, false
    end
  end
  local h = { a = 0, m = tonumber(maxAttempts), p = tonumber(priority), sc = scheduledAt, ty = taskType }
  local waiting = delayed ~= '1'
  if waiting then
    h.s = 'waiting'
    h.q = nextSeq and nextSeq() or string.format('%012x', rcall('HINCRBY', K.meta, 'seq', 1))
  else
    h.s = 'delayed'
  end
  if key ~= '' then
    h.k = key
  end
  local record = encode(h, body)
  if rcall('HSETNX', K.tasks, id, record) == 0 then
    return id, -1, false
  end
  if key ~= '' then
    rcall('HSET', K.idempotency, key, id)
  end
  if waiting then
    rcall('ZADD', K.waiting, waitingScore(h.p), h.q .. id)
  else
    rcall('ZADD', K.delayed, h.sc, id)
  end
  countType(h.s, taskType, 1)
  rcall('ZADD', K.ids, '0', id)
  emit(K, A, 'added', id, record)
  return id, 1, waiting
end

-- The lease expiry of a claim made now, as a score: whole milliseconds, rounded up (the
-- small form of a sorted set reads an integer score without parsing it), written with
-- '%d' (a number passed to Redis as it is would be written with 17 significant digits).
-- now is the same for a whole script run, so it is read once.
local nowMillis
local function expiry(now, leaseMs)
  if nowMillis == nil then
    nowMillis = math.ceil(tonumber(now))
  end
  return string.format('%d', nowMillis + leaseMs)
end

-- Claims up to max waiting tasks: active, attempt counted, leased until A.now + leaseMs
-- under the token <tokenBase>.<n>. Returns id, token, record for each.
-- replacing: the claim takes the place of a task that just finished (finish with
-- claim next), so the number of active tasks cannot reach a new peak, and the workers
-- that could take more are busy: no peak update and no new wake-up marker.
local function claim(K, A, max, leaseMs, tokenBase, replacing)
  local now = A.now
  local popped = rcall('ZPOPMIN', K.waiting, max)
  local out = {}
  local expires = expiry(now, leaseMs)
  for i = 1, #popped, 2 do
    local id = string.sub(popped[i], 13)
    local record = rcall('HGET', K.tasks, id)
    if record then
      local h, body = decode(record)
      countType('waiting', h.ty, -1)
      countType('active', h.ty, 1)
      h.s = 'active'
      h.a = h.a + 1
      h.st = now
      h.pr = nil
      local token = tokenBase .. string.format('.%d', (i + 1) / 2)
      h.tk = token
      record = encode(h, body)
      rcall('HSET', K.tasks, id, record)
      rcall('ZADD', K.active, expires, id)
      emit(K, A, 'active', id, record)
      out[#out + 1] = id
      out[#out + 1] = token
      out[#out + 1] = record
    end
  end
  if #out > 0 and not replacing then
    local running = rcall('ZCARD', K.active)
    if running > tonumber(rcall('HGET', K.meta, 'peak') or '0') then
      rcall('HSET', K.meta, 'peak', running)
    end
    -- as many as asked for: more may wait, let the next idle worker (of any instance)
    -- take them
    if #popped == 2 * max and rcall('EXISTS', K.waiting) == 1 then
      rcall('ZADD', K.wake, 0, 'w')
    end
  end
  return out
end
