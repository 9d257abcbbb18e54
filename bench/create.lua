-- wrk script: POST training agreements as an advisor with province-wide scope.
-- Environment: TOKEN (bearer), PERSONS (max person id), SPONSOR_MIN, SPONSOR_MAX.
local token = os.getenv("TOKEN")
local persons = tonumber(os.getenv("PERSONS"))
local smin = tonumber(os.getenv("SPONSOR_MIN"))
local smax = tonumber(os.getenv("SPONSOR_MAX"))
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function init(args)
  math.randomseed(1000 + tid)
end

request = function()
  local body = string.format(
    '{"person_id":%d,"sponsor_id":%d,"trade_code":"309A","start_date":"2027-01-04"}',
    math.random(1, persons), math.random(smin, smax))
  return wrk.format("POST", "/api/v1/agreements", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json"
  }, body)
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("p50_ms %.3f\np99_ms %.3f\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
