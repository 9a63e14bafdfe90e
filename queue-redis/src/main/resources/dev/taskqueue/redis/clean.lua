--[[
  Removes finished tasks that finished before a cutoff, at most limit per call: clean,
  with removed events, and retention by age, which removes silently.

  KEYS: tasks ids completed failed cancelled idempotency events listening
  ARGV[1]  now
  ARGV[2]  event stream length (0: no events; negative: only while an instance reads them)
  ARGV[3]  the most tasks to remove in this call
  ARGV[4]  publish removed events (1/0)
  ARGV[5…] status (completed, failed or cancelled) and cutoff time, per status
  Returns: {how many were removed} (fewer than limit: none is left)
  Events:  removed (when asked)
]]
local K = bindKeys('tasks', 'ids', 'completed', 'failed', 'cancelled', 'idempotency', 'events', 'listening')
local now, maxLen, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local events = ARGV[4] == '1'
local removed = 0
for i = 5, #ARGV, 2 do
  if removed >= limit then
    break
  end
  local set = K[ARGV[i]]
  local ids = rcall('ZRANGE', set, '-inf', '(' .. ARGV[i + 1], 'BYSCORE', 'LIMIT', 0, limit - removed)
  for _, id in ipairs(ids) do
    rcall('ZREM', set, id)
    forgetFinished(K, id)
    if events then
      emit(K, maxLen, 'removed', now, id)
    end
    removed = removed + 1
  end
end
return { removed }
