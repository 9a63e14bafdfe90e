--[[
  Removes the tasks of a queue that have not run yet (waiting, delayed, retrying and
  held), at most limit per call.

  KEYS: tasks ids waiting delayed retrying held idempotency events listening types
  ARGV: now events maxLen limit
    limit  the most tasks to remove in this call
  Returns: {how many were removed} (fewer than limit: none is left)
  Events:  removed
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'retrying', 'held', 'idempotency', 'events', 'listening',
  'types')
local A = bindArgs('now', 'events', 'maxLen', 'limit')
local limit = tonumber(A.limit)
local removed = 0
local waiting = rcall('ZRANGE', K.waiting, 0, limit - 1)
if #waiting > 0 then
  rcall('ZREM', K.waiting, unpack(waiting))
end
for _, member in ipairs(waiting) do
  local id = string.sub(member, 13)
  local record = rcall('HGET', K.tasks, id)
  if record then
    local h = decode(record)
    countType('waiting', h.ty, -1)
    forget(K, id, h)
    emit(K, A, 'removed', id)
  end
  removed = removed + 1
end
for _, status in ipairs({ 'delayed', 'retrying', 'held' }) do
  local set = K[status]
  if removed < limit then
    local ids = rcall('ZRANGE', set, 0, limit - removed - 1)
    for _, id in ipairs(ids) do
      rcall('ZREM', set, id)
      forgetFinished(K, id, status)
      emit(K, A, 'removed', id)
      removed = removed + 1
    end
  end
end
saveTypeCounts(K)
return { removed }
