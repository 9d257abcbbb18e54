-- wrk script: GET PREFIX .. id for ids picked at random from the file IDS (one public id a
-- line), so that every request looks a different certificate up. Each wrk thread has its own
-- seed, the same for every server measured, so they are asked the same sequence.
local prefix = os.getenv("PREFIX")
local ids = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function init(args)
  for line in io.lines(os.getenv("IDS")) do
    ids[#ids + 1] = line
  end
  math.randomseed(5000 + tid)
end

request = function()
  return wrk.format("GET", prefix .. ids[math.random(1, #ids)])
end

done = function(summary, latency, requests)
  io.write(string.format("p50_ms %.3f\np99_ms %.3f\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
