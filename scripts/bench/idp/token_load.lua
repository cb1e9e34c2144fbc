-- wrk script: POSTs pre-signed token requests, each body once per thread partition
-- (args: BODIES_FILE THREADS). Counts 200s and refusals; prints them in done().
local threads = {}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    local path, count = args[1], tonumber(args[2])
    bodies = {}
    local index = 0
    for line in io.lines(path) do
        if index % count == id then table.insert(bodies, line) end
        index = index + 1
    end
    position = 0
    ok = 0
    refused = 0
    exhausted = 0
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
    position = position + 1
    if position > #bodies then
        -- Out of fresh assertions: these are replays and come back 401 (not counted as ok).
        exhausted = exhausted + 1
        position = 1
    end
    return wrk.format(nil, nil, nil, bodies[position])
end

function response(status, headers, body)
    if status == 200 then ok = ok + 1 else refused = refused + 1 end
end

function done(summary, latency, requests)
    local total_ok, total_refused, total_exhausted = 0, 0, 0
    for _, thread in ipairs(threads) do
        total_ok = total_ok + thread:get("ok")
        total_refused = total_refused + thread:get("refused")
        total_exhausted = total_exhausted + thread:get("exhausted")
    end
    io.write(string.format("BENCH ok=%d refused=%d wrapped=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f\n",
        total_ok, total_refused, total_exhausted, summary.duration / 1e6,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
