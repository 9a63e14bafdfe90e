--[[
  Records the progress of a running task, if the claim's lease is still held.

  KEYS: tasks events listening
  ARGV[1] now
  ARGV[2] event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3] task id
  ARGV[4] lease token
  ARGV[5] progress JSON
  Returns: {1} recorded, {0} lease not held
  Events:  progress
]]
local K = bindKeys('tasks', 'events', 'listening')
local id = ARGV[3]
local h, body = heldTask(K, id, ARGV[4])
if not h then
  return {0}
end
h.pr = ARGV[5]
local record = encode(h, body)
rcall('HSET', K.tasks, id, record)
emit(K, tonumber(ARGV[2]), 'progress', ARGV[1], id, record)
return {1}
