--[[
  Removes finished tasks that finished before a cutoff, at most limit per call: clean,
  with removed events, and retention by age, which removes silently.

  KEYS: tasks ids completed failed cancelled idempotency events listening types
  ARGV: now events maxLen limit announce cutoffs
    limit     the most tasks to remove in this call
    announce  publish removed events (1/0)
    cutoffs   how many CUTOFF groups follow
  CUTOFF groups, one per status: status before
    status    completed, failed or cancelled
    before    remove the tasks of that status that finished before this time
  Returns: {how many were removed} (fewer than limit: none is left)
  Events:  removed (when asked)
]]
local K = bindKeys('tasks', 'ids', 'completed', 'failed', 'cancelled', 'idempotency', 'events', 'listening', 'types')
local A, first = bindArgs('now', 'events', 'maxLen', 'limit', 'announce', 'cutoffs')
local CUTOFF = argGroup('status', 'before')
local limit = tonumber(A.limit)
local announce = A.announce == '1'
local removed = 0
for n = 1, tonumber(A.cutoffs) do
  if removed >= limit then
    break
  end
  local status, before = CUTOFF.read(first, n)
  local set = K[status]
  local ids = rcall('ZRANGE', set, '-inf', '(' .. before, 'BYSCORE', 'LIMIT', 0, limit - removed)
  for _, id in ipairs(ids) do
    rcall('ZREM', set, id)
    forgetFinished(K, id, status)
    if announce then
      emit(K, A, 'removed', id)
    end
    removed = removed + 1
  end
end
saveTypeCounts(K)
return { removed }
