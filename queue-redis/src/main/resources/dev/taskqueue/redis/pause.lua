--[[
  Pauses or resumes a queue for every instance. Resuming wakes a blocked worker.

  KEYS: meta wake events listening
  ARGV: now events maxLen paused
    paused  1 to pause, 0 to resume
  Returns: {1}
  Events:  paused or resumed
]]
local K = bindKeys('meta', 'wake', 'events', 'listening')
local A = bindArgs('now', 'events', 'maxLen', 'paused')
if A.paused == '1' then
  rcall('HSET', K.meta, 'paused', 1)
  emit(K, A, 'paused')
else
  rcall('HDEL', K.meta, 'paused')
  rcall('ZADD', K.wake, 0, 'w')
  emit(K, A, 'resumed')
end
return {1}
