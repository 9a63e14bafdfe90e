--[[
  Writes the record of a running engine and lists it until its expiry, and drops the
  instances listed whose expiry passed (their heartbeats stopped). The keys belong to no
  queue: they share the hash tag of the instance registry.

  KEYS: instances instance
  ARGV: id record expiry ttl now
    id      the instance's id, its member in 'instances'
    record  its record (JSON), kept in 'instance' for ttl
    expiry  when it stops being listed unless another heartbeat comes (its score)
    ttl     how many milliseconds Redis keeps the record, and at least the set
    now     the time of the call: members whose expiry is not after it are dropped
  Returns: {1}
]]
local K = bindKeys('instances', 'instance')
local A = bindArgs('id', 'record', 'expiry', 'ttl', 'now')
rcall('SET', K.instance, A.record, 'PX', A.ttl)
rcall('ZADD', K.instances, A.expiry, A.id)
rcall('ZREMRANGEBYSCORE', K.instances, '-inf', A.now)
-- the set lives as long as the longest-lived record in it, so a registry whose instances
-- all died leaves nothing behind
if rcall('PTTL', K.instances) < tonumber(A.ttl) then
  rcall('PEXPIRE', K.instances, A.ttl)
end
return {1}
