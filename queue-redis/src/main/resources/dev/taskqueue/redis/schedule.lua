--[[
  Creates, replaces or removes one of the queue's schedules, only when its stored revision
  is the expected one, and stores the task the change makes (a due time's, or a
  trigger's) in the same step: engines that fire the same due time at once make one task.

  KEYS: schedules timetable tasks ids waiting delayed idempotency meta wake events listening
        types
  ARGV: now events maxLen id expected record due event tasks
    expected  the revision the stored schedule must have ('0': none stored)
    record    '<revision>:<JSON>' to store, '' to remove the schedule
    due       its next due time, '' when it is not to be fired (paused, ended, removed)
    event     the schedule event to write ('schedule-created', ...), '' for none
    tasks     how many NEW_TASK groups follow: 0 or 1
  Returns: {0} when the stored revision differs (nothing changed); {-1, id} when a task with
           the task's id is stored already (nothing changed); {1} or {1, task id, code}
           (code as enqueue.lua's)
  Events:  added, and the given schedule event (with the schedule's id in field 's')
]]
local K = bindKeys('schedules', 'timetable', 'tasks', 'ids', 'waiting', 'delayed', 'idempotency', 'meta', 'wake',
  'events', 'listening', 'types')
local A, first = bindArgs('now', 'events', 'maxLen', 'id', 'expected', 'record', 'due', 'event', 'tasks')
local stored = rcall('HGET', K.schedules, A.id)
local revision = stored and tonumber(string.match(stored, '^(%d+):')) or 0
if revision ~= tonumber(A.expected) then
  return { 0 }
end
local out = { 1 }
if tonumber(A.tasks) > 0 then
  local id, code, waiting = store(K, A, first, 1, nil)
  if code < 0 then
    return { -1, id }
  end
  if waiting then
    wake(K)
  end
  saveTypeCounts(K)
  out = { 1, id, code }
end
if A.record == '' then
  rcall('HDEL', K.schedules, A.id)
  rcall('ZREM', K.timetable, A.id)
else
  rcall('HSET', K.schedules, A.id, A.record)
  if A.due == '' then
    rcall('ZREM', K.timetable, A.id)
  else
    rcall('ZADD', K.timetable, A.due, A.id)
  end
end
if A.event ~= '' then
  emit(K, A, A.event, nil, nil, A.id)
end
return out
