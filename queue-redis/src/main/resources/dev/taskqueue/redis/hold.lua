--[[
  Holds a waiting, delayed or retrying task, or releases a held one.

  Holding: the task leaves the set of its status for the 'held' set (score: when it was
  held), so that no claim and no promotion sees it; its header remembers that status
  (h.hf) beside what ordered it there, its ready sequence (h.q) and scheduled time (h.sc).
  Releasing: it goes back to that status at its place: waiting at the place its ready
  sequence gives it, delayed or retrying at its scheduled time, or, when that time is not
  after now, waiting at once (a delayed one keeping its place if it has one, as promote.lua
  does), waking a worker.

  KEYS: tasks waiting delayed retrying held meta wake events listening types
  ARGV: now events maxLen id held
    id    the task
    held  1 to hold it, 0 to release it
  Returns: {1, record} held or released; {0} no such task;
           {-1, status} its status does not allow it (holding: not waiting, delayed or
           retrying; releasing: not held)
  Events:  held or released
]]
local K = bindKeys('tasks', 'waiting', 'delayed', 'retrying', 'held', 'meta', 'wake', 'events', 'listening', 'types')
local A = bindArgs('now', 'events', 'maxLen', 'id', 'held')
local now, id = A.now, A.id
local record = rcall('HGET', K.tasks, id)
if not record then
  return {0}
end
local h, body = decode(record)
local status = h.s
local event
if A.held == '1' then
  if status ~= 'waiting' and status ~= 'delayed' and status ~= 'retrying' then
    return {-1, status}
  end
  detach(K, id, h)
  h.hf = status
  h.s = 'held'
  rcall('ZADD', K.held, now, id)
  countType('held', h.ty, 1)
  event = 'held'
else
  if status ~= 'held' then
    return {-1, status}
  end
  detach(K, id, h)
  local from = h.hf or 'waiting'
  h.hf = nil
  if from ~= 'waiting' and tonumber(h.sc) > tonumber(now) then
    h.s = from
    rcall('ZADD', K[from], h.sc, id)
    countType(from, h.ty, 1)
  else
    -- a retrying task becomes ready anew, as when promoted
    enterWaiting(K, id, h, from ~= 'retrying')
    wake(K)
  end
  event = 'released'
end
record = encode(h, body)
rcall('HSET', K.tasks, id, record)
emit(K, A, event, id, record)
saveTypeCounts(K)
return {1, record}
