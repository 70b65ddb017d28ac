-- shapes: build tagged shape tables and dispatch on the tag (integer areas).
local function Circle(r) return { tag = "Circle", r = r } end
local function Rect(w, h) return { tag = "Rect", w = w, h = h } end
local function Tri(b, h) return { tag = "Tri", b = b, h = h } end

local function area(s)
    local tag = s.tag
    if tag == "Circle" then
        return 3 * s.r * s.r
    elseif tag == "Rect" then
        return s.w * s.h
    elseif tag == "Tri" then
        return s.b * s.h // 2
    end
    error("unknown shape " .. tostring(tag))
end

local function shapes_bench(n)
    local total = 0
    for i = 0, n - 1 do
        local k = i % 100
        local m = i % 3
        local s
        if m == 0 then
            s = Circle(k)
        elseif m == 1 then
            s = Rect(k, k + 1)
        else
            s = Tri(k, k + 2)
        end
        total = total + area(s)
    end
    return total
end

print(shapes_bench(1000000))
