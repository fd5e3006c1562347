-- wrk script for deploy/cluster/bench.sh: the question list of the sample data's products 1 to 5,
-- pages 1 and 2 of 5 questions, in turn.
local paths = {}
for product = 1, 5 do
    for page = 1, 2 do
        paths[#paths + 1] = "/qa/questions?product_id=" .. product .. "&page=" .. page .. "&count=5"
    end
end
local next_path = 0

request = function()
    next_path = next_path % #paths + 1
    return wrk.format("GET", paths[next_path])
end
