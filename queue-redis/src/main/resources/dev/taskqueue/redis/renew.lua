--[[
  Extends the leases of running tasks of a queue, each if its token still holds it.

  KEYS: tasks active
  ARGV[1]  new expiry (score: whole milliseconds)
  ARGV[2…] task id and lease token, per task
  Returns: the ids whose lease is no longer held
]]
local K = bindKeys('tasks', 'active')
local lost = {}
for i = 2, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  local record = rcall('HGET', K.tasks, id)
  -- a token is unique and leaves the header with the lease, so finding it is enough
  local at = record and string.find(record, '"tk":"' .. token .. '"', 1, true)
  if at and at < string.find(record, '\n', 1, true) then
    rcall('ZADD', K.active, 'XX', ARGV[1], id)
  else
    lost[#lost + 1] = id
  end
end
return lost
