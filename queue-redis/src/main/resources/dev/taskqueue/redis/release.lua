--[[
  Hands a claimed task back unfinished (graceful shutdown), if the claim's lease is still
  held: waiting again at the place it had, its attempt not counted.

  KEYS: tasks waiting active meta wake events listening
  ARGV[1] now
  ARGV[2] event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3] task id
  ARGV[4] lease token
  Returns: {1} handed back, {0} lease not held
  Events:  waiting
]]
local K = bindKeys('tasks', 'waiting', 'active', 'meta', 'wake', 'events', 'listening')
local id = ARGV[3]
local h, body = heldTask(K, id, ARGV[4])
if not h then
  return {0}
end
unlease(K, id, h)
enterWaiting(K, id, h, true)
local record = encode(h, body)
rcall('HSET', K.tasks, id, record)
emit(K, tonumber(ARGV[2]), 'waiting', ARGV[1], id, record)
wake(K)
return {1}
