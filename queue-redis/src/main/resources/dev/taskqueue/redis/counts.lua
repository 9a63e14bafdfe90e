--[[
  The counts scripts keep beside the tasks, in the same atomic step as the change they
  count: tasks by type and status ('types' hash), and tasks completed or failed for good
  per minute ('throughput' hashes). RedisScripts puts this file in front of common.lua,
  whose functions call these, in front of each script.
]]
local rcall = redis.call

-- Counts by type and status: the 'types' hash holds, for each type and status with
-- tasks, field '<status>:<type>' (a status has no ':', so the first one ends it) -> how
-- many tasks of the queue have them. A field that falls to 0 is deleted, so a type
-- without tasks disappears. Every change of a task's status (stored, moved, deleted)
-- calls countType in the same script; the changes add up in typeDeltas and are written
-- once, by saveTypeCounts at the end of the script, so that a finish call of 15 tasks
-- that each complete and claim the next of the same type writes one field, not sixty.
local typeDeltas = {}
local function countType(status, taskType, delta)
  local field = status .. ':' .. taskType
  typeDeltas[field] = (typeDeltas[field] or 0) + delta
end

-- Writes the changes countType gathered; every script that calls countType calls this
-- before it returns.
local function saveTypeCounts(K)
  for field, delta in pairs(typeDeltas) do
    if delta ~= 0 and rcall('HINCRBY', K.types, field, delta) <= 0 then
      rcall('HDEL', K.types, field)
    end
  end
  typeDeltas = {}
end

-- The type of a task from its record, without decoding the header (retention deletes
-- tasks it has not decoded): '"ty":"' can only be that key, since a quote inside a JSON
-- string is escaped. A type with escapes in its JSON (cjson writes '/' as '\/') is
-- decoded.
local function recordType(record)
  local first = string.find(record, '"ty":"', 1, true) + 6
  local from = first
  while true do
    local quote = string.find(record, '"', from, true)
    local before = quote - 1
    while string.byte(record, before) == 92 do
      before = before - 1
    end
    if (quote - 1 - before) % 2 == 0 then
      local raw = string.sub(record, first, quote - 1)
      if string.find(raw, '\\', 1, true) then
        return cjson.decode('"' .. raw .. '"')
      end
      return raw
    end
    from = quote + 1
  end
end

-- Throughput history: tasks that completed or failed for good, per minute of the time of
-- the call (floor(epochMillis / 60000)). One small hash per queue and hour, KEYS
-- 'throughput' (<p>:{<q>}:throughput:<hour>, the hour of A.now, named by Java), fields
-- c<minute of the hour> and f<minute of the hour>. Why per hour: at most 120 fields, so
-- Redis keeps it in its compact listpack form (about 1 KB, where one hash of a day's 2,880
-- fields would be a hash table of over 100 KB), and it expires by itself 25 hours after
-- its last new field, so nothing needs trimming and an idle queue's history goes away.
local function countThroughput(K, now, completed, failed)
  local minute = math.floor(tonumber(string.match(now, '^-?%d+')) / 60000) % 60
  if completed > 0 and rcall('HINCRBY', K.throughput, 'c' .. minute, completed) == completed then
    rcall('EXPIRE', K.throughput, 90000)
  end
  if failed > 0 and rcall('HINCRBY', K.throughput, 'f' .. minute, failed) == failed then
    rcall('EXPIRE', K.throughput, 90000)
  end
end
