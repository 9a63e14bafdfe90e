--[[
  Records the progress of a running task, if the claim's lease is still held.

  KEYS: tasks events listening
  ARGV: now events maxLen id token progress
    id, token  the task and its lease token
    progress   progress JSON
  Returns: {1} recorded, {0} lease not held
  Events:  progress
]]
local K = bindKeys('tasks', 'events', 'listening')
local A = bindArgs('now', 'events', 'maxLen', 'id', 'token', 'progress')
local id = A.id
local h, body = heldTask(K, id, A.token)
if not h then
  return {0}
end
h.pr = A.progress
local record = encode(h, body)
rcall('HSET', K.tasks, id, record)
emit(K, A, 'progress', id, record)
return {1}
