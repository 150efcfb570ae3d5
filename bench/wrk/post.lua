-- post.lua makes wrk send POST with a JSON body read from the file that the
-- environment variable BENCH_BODY names (scripts/bench.sh sets it).
local path = os.getenv("BENCH_BODY")
assert(path, "BENCH_BODY must name the body file")
local f = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
