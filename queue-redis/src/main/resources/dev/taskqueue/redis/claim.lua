--[[
  Claims up to max waiting tasks of a queue, highest priority first and first ready
  first among equals: each becomes active with its attempt counted and a lease.
  Claims nothing from a paused queue.

  KEYS: tasks waiting active meta wake events listening types
  ARGV: now events maxLen max leaseMs tokenBase
    max        the most tasks to claim
    leaseMs    lease length in milliseconds
    tokenBase  each claim's token is <tokenBase>.<n>
  Returns: id, token, record of each claimed task
  Events:  active
]]
local K = bindKeys('tasks', 'waiting', 'active', 'meta', 'wake', 'events', 'listening', 'types')
local A = bindArgs('now', 'events', 'maxLen', 'max', 'leaseMs', 'tokenBase')
if isPaused(K) then
  return {}
end
local claimed = claim(K, A, tonumber(A.max), tonumber(A.leaseMs), A.tokenBase, false)
saveTypeCounts(K)
return claimed
