--[[
  Tells every instance that a queue's worker started or stopped on one instance. Changes
  no state: it only writes the event, when events are written at all, and only for a
  queue that holds tasks or has held some (as the queue list shows them): the readers
  of other instances follow no other queue's events.

  KEYS: events listening tasks meta
  ARGV: now events maxLen kind instance
    kind      worker-started or worker-stopped
    instance  the id of the instance the worker runs on
  Returns: {1} if the event was written, {0} if no one reads events
  Events:  worker-started or worker-stopped, with the instance's id in field 'n'
]]
local K = bindKeys('events', 'listening', 'tasks', 'meta')
local A = bindArgs('now', 'events', 'maxLen', 'kind', 'instance')
if rcall('HLEN', K.tasks) == 0 then
  local meta = rcall('HMGET', K.meta, 'paused', 'processed', 'peak')
  if not (meta[1] or meta[2] or meta[3]) then
    return {0}
  end
end
if A.events == 'if-listened' then
  if rcall('EXISTS', K.listening) == 0 then
    return {0}
  end
elseif A.events ~= 'always' then
  return {0}
end
rcall('XADD', K.events, 'MAXLEN', '~', A.maxLen, '*', 'e', A.kind, 't', A.now, 'n', A.instance)
return {1}
