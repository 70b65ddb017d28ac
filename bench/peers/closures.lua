-- closures: map / filter / reduce over an array table with anonymous functions.
-- Each step builds a new table, as Simple's array map/filter do.
local function map(xs, f)
    local out = {}
    for i = 1, #xs do
        out[i] = f(xs[i])
    end
    return out
end

local function filter(xs, pred)
    local out = {}
    local n = 0
    for i = 1, #xs do
        local x = xs[i]
        if pred(x) then
            n = n + 1
            out[n] = x
        end
    end
    return out
end

local function reduce(xs, init, f)
    local acc = init
    for i = 1, #xs do
        acc = f(acc, xs[i])
    end
    return acc
end

local function closures_bench(n)
    local xs = {}
    for i = 0, n - 1 do
        xs[i + 1] = i
    end
    local tripled = map(xs, function(x) return x * 3 end)
    local evens = filter(tripled, function(x) return x % 2 == 0 end)
    return reduce(evens, 0, function(a, b) return a + b end)
end

print(closures_bench(1000000))
