-- wrk script: GET training agreements by id as an auditor (sees every case).
local token = os.getenv("TOKEN")
local maxid = tonumber(os.getenv("CASES"))
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function init(args)
  math.randomseed(2000 + tid)
end

request = function()
  return wrk.format("GET", "/api/v1/agreements/" .. math.random(1, maxid), {
    ["Authorization"] = "Bearer " .. token
  })
end

done = function(summary, latency, requests)
  io.write(string.format("p50_ms %.3f\np99_ms %.3f\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
