-- serve-code.lua - wrk script for bench/serve.sh: POST /v1/code with one news article
-- (BENCH_DOC, a JSON document, read by the shell script from the corpus).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open(os.getenv("BENCH_DOC"), "r")
wrk.body = f:read("*a")
f:close()
