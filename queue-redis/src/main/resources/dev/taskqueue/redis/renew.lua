--[[
  Extends the leases of running tasks of a queue, each if its token still holds it.

  KEYS: active leases
  ARGV[1]  new expiry (score)
  ARGV[2…] task id and lease token, per task
  Returns: the ids whose lease is no longer held
]]
local K = bindKeys('active', 'leases')
local lost = {}
for i = 2, #ARGV, 2 do
  if rcall('HGET', K.leases, ARGV[i]) == ARGV[i + 1] then
    rcall('ZADD', K.active, 'XX', ARGV[1], ARGV[i])
  else
    lost[#lost + 1] = ARGV[i]
  end
end
return lost
