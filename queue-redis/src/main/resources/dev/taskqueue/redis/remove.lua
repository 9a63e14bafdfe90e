--[[
  Removes a task whatever its status (an active one loses its lease).

  KEYS: tasks ids waiting delayed retrying active held completed failed cancelled
        idempotency events listening control types
  ARGV: now events maxLen id
    id  the task
  Returns: {1} removed, {0} no such task
  Events:  removed
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'retrying', 'active', 'held', 'completed', 'failed',
  'cancelled', 'idempotency', 'events', 'listening', 'control', 'types')
local A = bindArgs('now', 'events', 'maxLen', 'id')
if not removeTask(K, A.id) then
  return {0}
end
saveTypeCounts(K)
emit(K, A, 'removed', A.id)
return {1}
