-- traits: a base "class" with provided methods and three subclasses (metatables whose
-- __index chains to the base); methods called on a mixed array in a loop.
local Shape = {}
Shape.__index = Shape

function Shape:score()
    return self:area() * 2 + self:perimeter()
end

local function subclass()
    local c = setmetatable({}, { __index = Shape })
    c.__index = c
    return c
end

local Square = subclass()
function Square.new(side) return setmetatable({ side = side }, Square) end
function Square:area() return self.side * self.side end
function Square:perimeter() return 4 * self.side end

local Rect = subclass()
function Rect.new(w, h) return setmetatable({ w = w, h = h }, Rect) end
function Rect:area() return self.w * self.h end
function Rect:perimeter() return 2 * (self.w + self.h) end

local Circle = subclass()
function Circle.new(r) return setmetatable({ r = r }, Circle) end
function Circle:area() return 3 * self.r * self.r end
function Circle:perimeter() return 6 * self.r end
function Circle:score() return self:area() + self.r end

local function traits_bench(count, rounds)
    local shapes = {}
    for i = 0, count - 1 do
        local k = i % 50 + 1
        if i % 3 == 0 then
            shapes[#shapes + 1] = Square.new(k)
        elseif i % 3 == 1 then
            shapes[#shapes + 1] = Rect.new(k, k + 2)
        else
            shapes[#shapes + 1] = Circle.new(k)
        end
    end
    local total = 0
    for _ = 1, rounds do
        for _, s in ipairs(shapes) do
            total = total + s:score() % 1000
        end
    end
    return total
end

print(traits_bench(300, 10000))
