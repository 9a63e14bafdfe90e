--[[
  Counts and metrics of a queue, in time independent of its size (the oldest waiting
  task takes one lookup per priority level present).

  KEYS: tasks waiting delayed retrying active held completed failed cancelled meta types
  ARGV: none
  Returns: {waiting, delayed, retrying, active, held, completed, failed, cancelled,
            paused (1/0), processed, failed outcomes, total milliseconds, peak,
            scheduled time of the task waiting longest or false,
            the counts by type: {<status>:<type>, count, ...}}
]]
local K = bindKeys('tasks', 'waiting', 'delayed', 'retrying', 'active', 'held', 'completed', 'failed', 'cancelled',
  'meta', 'types')
local meta = rcall('HMGET', K.meta, 'paused', 'processed', 'failed', 'millis', 'peak')

-- the head of each priority level is its longest-waiting task; the oldest of the heads wins
local oldestMember
local head = rcall('ZRANGE', K.waiting, 0, 0, 'WITHSCORES')
while head[1] do
  if not oldestMember or string.sub(head[1], 1, 12) < string.sub(oldestMember, 1, 12) then
    oldestMember = head[1]
  end
  head = rcall('ZRANGE', K.waiting, '(' .. head[2], '+inf', 'BYSCORE', 'LIMIT', 0, 1, 'WITHSCORES')
end
local oldest = false
if oldestMember then
  local record = rcall('HGET', K.tasks, string.sub(oldestMember, 13))
  if record then
    oldest = decode(record).sc
  end
end

return {
  rcall('ZCARD', K.waiting), rcall('ZCARD', K.delayed), rcall('ZCARD', K.retrying), rcall('ZCARD', K.active),
  rcall('ZCARD', K.held), rcall('ZCARD', K.completed), rcall('ZCARD', K.failed), rcall('ZCARD', K.cancelled),
  meta[1] and 1 or 0, tonumber(meta[2] or '0'), tonumber(meta[3] or '0'), tonumber(meta[4] or '0'),
  tonumber(meta[5] or '0'), oldest, rcall('HGETALL', K.types)
}
