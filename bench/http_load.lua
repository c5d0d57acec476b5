-- wrk script for `python -m bench http` (bench/http_load.py): GET each path of a file in turn and print
-- the figures as one JSON line: wrk -t1 -cN -dSECONDS -s http_load.lua URL -- PATHS_FILE
local paths, next_path = {}, 0

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"mean_us": %.1f, "errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
