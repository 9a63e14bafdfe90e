--[[
  Makes delayed and retrying tasks whose time has come waiting, earliest due first: behind
  the tasks ready before, except a task handed back for a later time, which returns to its
  place.

  KEYS: tasks waiting delayed retrying meta wake events listening types
  ARGV: now events maxLen limit
    limit  the most tasks to promote in this call
  Returns: {how many were promoted, scheduled time of the next due task or false}
  Events:  waiting
]]
local K = bindKeys('tasks', 'waiting', 'delayed', 'retrying', 'meta', 'wake', 'events', 'listening', 'types')
local A = bindArgs('now', 'events', 'maxLen', 'limit')
local now, limit = A.now, tonumber(A.limit)

local function due(set)
  local found = rcall('ZRANGE', set, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit, 'WITHSCORES')
  local list = {}
  for i = 1, #found, 2 do
    list[#list + 1] = { set = set, id = found[i], score = tonumber(found[i + 1]) }
  end
  return list
end

local batch = due(K.delayed)
for _, entry in ipairs(due(K.retrying)) do
  batch[#batch + 1] = entry
end
table.sort(batch, function(x, y)
  if x.score ~= y.score then
    return x.score < y.score
  end
  return x.id < y.id
end)

local promoted = 0
for _, entry in ipairs(batch) do
  if promoted >= limit then
    break
  end
  rcall('ZREM', entry.set, entry.id)
  local record = rcall('HGET', K.tasks, entry.id)
  if record then
    local h, body = decode(record)
    countType(h.s, h.ty, -1)
    -- a delayed task has a ready sequence only when it was handed back: it returns to
    -- its place (a retrying one becomes ready anew)
    enterWaiting(K, entry.id, h, entry.set == K.delayed)
    record = encode(h, body)
    rcall('HSET', K.tasks, entry.id, record)
    emit(K, A, 'waiting', entry.id, record)
    promoted = promoted + 1
  end
end
if promoted > 0 then
  wake(K)
end
saveTypeCounts(K)

local nextId
local d = rcall('ZRANGE', K.delayed, 0, 0, 'WITHSCORES')
local r = rcall('ZRANGE', K.retrying, 0, 0, 'WITHSCORES')
if d[1] and (not r[1] or tonumber(d[2]) <= tonumber(r[2])) then
  nextId = d[1]
elseif r[1] then
  nextId = r[1]
end
local nextDue = false
if nextId then
  local record = rcall('HGET', K.tasks, nextId)
  if record then
    nextDue = decode(record).sc
  end
end
return { promoted, nextDue }
