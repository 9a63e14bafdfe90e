--[[
  Reads one queue's tasks newest (highest id) first, below a cursor, keeping those that
  match a type and statuses, until enough match or a scan budget is spent.

  KEYS: tasks ids
  ARGV: cursor wanted type statuses budget
    cursor    only ids below it ('' for no bound)
    wanted    the most matches to return
    type      the type of the matches ('' for any)
    statuses  their statuses, comma-separated ('' for any)
    budget    the most ids to examine
  Returns: {1 when no id below the last examined one is left or 0, last examined id or '',
            then id and record of each match}
]]
local K = bindKeys('tasks', 'ids')
local A = bindArgs('cursor', 'wanted', 'type', 'statuses', 'budget')
local wanted, budget = tonumber(A.wanted), tonumber(A.budget)
local wantedType = A.type
local statuses = nil
if A.statuses ~= '' then
  statuses = {}
  for status in string.gmatch(A.statuses, '[^,]+') do
    statuses[status] = true
  end
end
local filtered = wantedType ~= '' or statuses ~= nil

local upper = (A.cursor == '') and '+' or ('(' .. A.cursor)
local out = { 0, '' }
local found, examined = 0, 0
local exhausted = false
while found < wanted and examined < budget do
  local chunk = rcall('ZREVRANGEBYLEX', K.ids, upper, '-', 'LIMIT', 0, math.min(100, budget - examined))
  if #chunk == 0 then
    exhausted = true
    break
  end
  for _, id in ipairs(chunk) do
    examined = examined + 1
    out[2] = id
    upper = '(' .. id
    local record = rcall('HGET', K.tasks, id)
    if record then
      local keep = true
      if filtered then
        local h = decode(record)
        keep = (wantedType == '' or h.ty == wantedType) and (statuses == nil or statuses[h.s] == true)
      end
      if keep then
        out[#out + 1] = id
        out[#out + 1] = record
        found = found + 1
        if found >= wanted then
          break
        end
      end
    end
  end
end
if exhausted then
  out[1] = 1
end
return out
