-- wrk calls done() once, after the run: print its summary as one JSON line for bench.run.
-- Percentiles are in microseconds. errors.status counts responses with a status of 400 or
-- more; bench.run checks before each page that it answers 200 without a redirect.
--
-- "sent" counts the requests written, completed or not: when the run ends, each connection
-- still waits for one, and gunicorn serves those too (into a closed socket). bench.run
-- divides the server's CPU time by the requests it served, so it needs that count.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  sent = 0
end

function request()
  sent = sent + 1
  return wrk.format()
end

function done(summary, latency, requests)
  local total_sent = 0
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
  end
  io.write(string.format(
    'BENCH {"requests": %d, "sent": %d, "duration_us": %d, "bytes": %d, '
      .. '"status_errors": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"timeouts": %d, "p50_us": %.0f, "p90_us": %.0f, "p99_us": %.0f, "max_us": %.0f, '
      .. '"mean_us": %.1f}\n',
    summary.requests, total_sent, summary.duration, summary.bytes, summary.errors.status,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean
  ))
end
