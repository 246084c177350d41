-- wrk script: sign-ins (one argon2id verification each) with EMAIL and PASSWORD.
local body = string.format('{"email":"%s","password":"%s"}', os.getenv("EMAIL"),
  os.getenv("PASSWORD"))

function request()
  return wrk.format("POST", "/api/v1/session", {["Content-Type"] = "application/json"}, body)
end

function response(status)
  if status ~= 201 then
    io.stderr:write("sign-in answered " .. status .. "\n")
  end
end
