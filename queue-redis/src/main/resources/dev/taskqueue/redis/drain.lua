--[[
  Removes waiting, delayed and retrying tasks of a queue, at most limit per call.

  KEYS: tasks ids waiting delayed retrying idempotency events listening
  ARGV[1] now
  ARGV[2] event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3] the most tasks to remove in this call
  Returns: {how many were removed} (fewer than limit: none is left)
  Events:  removed
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'retrying', 'idempotency', 'events', 'listening')
local now, maxLen, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local removed = 0
local waiting = rcall('ZRANGE', K.waiting, 0, limit - 1)
if #waiting > 0 then
  rcall('ZREM', K.waiting, unpack(waiting))
end
for _, member in ipairs(waiting) do
  local id = string.sub(member, 13)
  local record = rcall('HGET', K.tasks, id)
  if record then
    forget(K, id, decode(record))
    emit(K, maxLen, 'removed', now, id)
  end
  removed = removed + 1
end
for _, set in ipairs({ K.delayed, K.retrying }) do
  if removed < limit then
    local ids = rcall('ZRANGE', set, 0, limit - removed - 1)
    for _, id in ipairs(ids) do
      rcall('ZREM', set, id)
      forgetFinished(K, id)
      emit(K, maxLen, 'removed', now, id)
      removed = removed + 1
    end
  end
end
return { removed }
