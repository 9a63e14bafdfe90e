--[[
  Removes a task whatever its status (an active one loses its lease).

  KEYS: tasks ids waiting delayed retrying active completed failed cancelled
        idempotency events listening control
  ARGV[1] now
  ARGV[2] event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3] task id
  Returns: {1} removed, {0} no such task
  Events:  removed
]]
local K = bindKeys('tasks', 'ids', 'waiting', 'delayed', 'retrying', 'active', 'completed', 'failed',
  'cancelled', 'idempotency', 'events', 'listening', 'control')
if not removeTask(K, ARGV[3]) then
  return {0}
end
emit(K, tonumber(ARGV[2]), 'removed', ARGV[1], ARGV[3])
return {1}
