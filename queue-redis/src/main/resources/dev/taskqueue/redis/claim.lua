--[[
  Claims up to max waiting tasks of a queue, highest priority first and first ready
  first among equals: each becomes active with its attempt counted and a lease.
  Claims nothing from a paused queue.

  KEYS: tasks waiting active meta wake events listening
  ARGV[1] now
  ARGV[2] event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3] max
  ARGV[4] lease length in milliseconds
  ARGV[5] token base (each claim's token is <base>.<n>)
  Returns: id, token, record of each claimed task
  Events:  active
]]
local K = bindKeys('tasks', 'waiting', 'active', 'meta', 'wake', 'events', 'listening')
if isPaused(K) then
  return {}
end
return claim(K, ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], false)
