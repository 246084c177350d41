-- wrk script: a mixed workload of reads (95 %) and durable writes (5 %) against one team, and a
-- tally of answers by class so the runner can insist on zero 5xx.
local team, session, service = os.getenv("TEAM"), os.getenv("SESSION"), os.getenv("SERVICE")
-- Each run's keys differ from the last run's: a repeated key would be a 409, not a write.
local run = os.getenv("RUN") or "0"
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  ok, client_errors, server_errors, writes = 0, 0, 0, 0
  math.randomseed(id * 7919)
end

function request()
  local dice = math.random(100)
  local keys = "/api/v1/teams/" .. team .. "/api-keys"
  if dice <= 5 then
    counter = counter + 1
    writes = writes + 1
    local body = string.format(
      '{"type":"openai","description":"load %d.%d","key":"sk-load-%s-%d-%d-0123456789"}',
      id, counter, run, id, counter)
    return wrk.format("POST", keys, {["Authorization"] = "Bearer " .. session,
      ["Content-Type"] = "application/json"}, body)
  elseif dice <= 30 then
    return wrk.format("GET", "/api/v1/resolve?type=openai",
      {["Authorization"] = "Bearer " .. service})
  elseif dice <= 45 then
    return wrk.format("GET", keys .. "?search=key&page_size=25",
      {["Authorization"] = "Bearer " .. session})
  else
    return wrk.format("GET", keys .. "?page=" .. math.random(40) .. "&sort=description",
      {["Authorization"] = "Bearer " .. session})
  end
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  else
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local totals = {ok = 0, client_errors = 0, server_errors = 0, writes = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  local errors = summary.errors
  io.write(string.format(
    "TALLY ok=%d client_errors=%d server_errors=%d writes=%d socket_errors=%d " ..
    "(connect %d, read %d, write %d, timeout %d) requests=%d p50_ms=%.2f p99_ms=%.2f\n",
    totals.ok, totals.client_errors, totals.server_errors, totals.writes,
    errors.connect + errors.read + errors.write + errors.timeout, errors.connect, errors.read,
    errors.write, errors.timeout, summary.requests,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
