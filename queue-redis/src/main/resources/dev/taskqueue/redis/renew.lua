--[[
  Extends the leases of running tasks of a queue, each if its token still holds it.

  KEYS: tasks active
  ARGV: expiry leases
    expiry  the new lease expiry (score: whole milliseconds)
    leases  how many LEASE groups follow
  LEASE groups, one per task: id token
  Returns: the ids whose lease is no longer held
]]
local K = bindKeys('tasks', 'active')
local A, first = bindArgs('expiry', 'leases')
local LEASE = argGroup('id', 'token')
local lost = {}
for n = 1, tonumber(A.leases) do
  local id, token = LEASE.read(first, n)
  local record = rcall('HGET', K.tasks, id)
  -- a token is unique and leaves the header with the lease, so finding it is enough
  local at = record and string.find(record, '"tk":"' .. token .. '"', 1, true)
  if at and at < string.find(record, '\n', 1, true) then
    rcall('ZADD', K.active, 'XX', A.expiry, id)
  else
    lost[#lost + 1] = id
  end
end
return lost
