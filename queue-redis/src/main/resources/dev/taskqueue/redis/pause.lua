--[[
  Pauses or resumes a queue for every instance. Resuming wakes a blocked worker.

  KEYS: meta wake events listening
  ARGV[1] now
  ARGV[2] event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3] 1 to pause, 0 to resume
  Returns: {1}
  Events:  paused or resumed
]]
local K = bindKeys('meta', 'wake', 'events', 'listening')
if ARGV[3] == '1' then
  rcall('HSET', K.meta, 'paused', 1)
  emit(K, tonumber(ARGV[2]), 'paused', ARGV[1])
else
  rcall('HDEL', K.meta, 'paused')
  rcall('ZADD', K.wake, 0, 'w')
  emit(K, tonumber(ARGV[2]), 'resumed', ARGV[1])
end
return {1}
