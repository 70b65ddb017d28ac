-- tree: build recursive expression trees of tagged tables, then fold them (dispatch on
-- the tag, a method through the metatable, recursion).
local Expr = {}
Expr.__index = Expr

local function Num(v) return setmetatable({ tag = "Num", v = v }, Expr) end
local function Add(l, r) return setmetatable({ tag = "Add", l = l, r = r }, Expr) end
local function Mul(l, r) return setmetatable({ tag = "Mul", l = l, r = r }, Expr) end
local function Neg(e) return setmetatable({ tag = "Neg", e = e }, Expr) end

function Expr:size()
    local tag = self.tag
    if tag == "Num" then
        return 1
    elseif tag == "Add" or tag == "Mul" then
        return 1 + self.l:size() + self.r:size()
    else
        return 1 + self.e:size()
    end
end

local P = 1000003

local function build(depth, seed)
    if depth == 0 then
        return Num(seed % 10)
    end
    local nxt = (seed * 31 + depth) % P
    local k = nxt % 5
    if k == 0 then
        return Neg(build(depth - 1, nxt))
    elseif k == 1 then
        return Mul(build(depth - 1, nxt), build(depth - 1, nxt + 1))
    else
        return Add(build(depth - 1, nxt), build(depth - 1, nxt + 7))
    end
end

local function eval(e)
    local tag = e.tag
    if tag == "Num" then
        return e.v
    elseif tag == "Add" then
        return (eval(e.l) + eval(e.r)) % P
    elseif tag == "Mul" then
        return eval(e.l) * eval(e.r) % P
    else
        return (P - eval(e.e)) % P
    end
end

local function tree_bench(rounds, depth)
    local total = 0
    local nodes = 0
    for i = 0, rounds - 1 do
        local t = build(depth, i)
        total = (total + eval(t)) % P
        nodes = nodes + t:size()
    end
    print(string.format("%d %d", nodes, total))
end

tree_bench(30, 16)
