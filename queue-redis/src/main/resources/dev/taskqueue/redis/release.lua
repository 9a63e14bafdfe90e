--[[
  Hands a claimed task back unfinished (graceful shutdown), if the claim's lease is still
  held: waiting again at the place it had, its attempt not counted.

  KEYS: tasks waiting active meta wake events listening types
  ARGV: now events maxLen id token
    id, token  the task and its lease token
  Returns: {1} handed back, {0} lease not held
  Events:  waiting
]]
local K = bindKeys('tasks', 'waiting', 'active', 'meta', 'wake', 'events', 'listening', 'types')
local A = bindArgs('now', 'events', 'maxLen', 'id', 'token')
local id = A.id
local h, body = heldTask(K, id, A.token)
if not h then
  return {0}
end
unlease(K, id, h)
enterWaiting(K, id, h, true)
local record = encode(h, body)
rcall('HSET', K.tasks, id, record)
emit(K, A, 'waiting', id, record)
wake(K)
saveTypeCounts(K)
return {1}
