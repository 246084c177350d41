-- wrk script: durable creates only, each a new key (a repeated key would be a 409, not a write).
-- Environment: TEAM, SESSION (a session token of a team owner), RUN (differs between runs).
local team, session = os.getenv("TEAM"), os.getenv("SESSION")
local run = os.getenv("RUN") or "0"
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"type":"openai","description":"bench create %d.%d","key":"sk-bench-%s-%d-%d-0123456789"}',
    id, counter, run, id, counter)
  return wrk.format("POST", "/api/v1/teams/" .. team .. "/api-keys",
    {["Authorization"] = "Bearer " .. session, ["Content-Type"] = "application/json"}, body)
end

function response(status)
  if status ~= 201 then
    io.stderr:write("create answered " .. status .. "\n")
  end
end
