-- dict: insert int keys into a table, then look them up (with default) and test membership.
local function dict_bench(n)
    local d = {}
    for i = 0, n - 1 do
        d[i * 7] = i
    end
    local total = 0
    for i = 0, n - 1 do
        total = total + (d[i * 7] or 0)
        if d[i * 3] ~= nil then
            total = total + 1
        end
    end
    return total
end

print(dict_bench(200000))
