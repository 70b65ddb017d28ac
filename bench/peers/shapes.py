# shapes: build tagged shape objects and dispatch on them with match (integer areas).
class Shape:
    __slots__ = ()


class Circle(Shape):
    __slots__ = ("r",)
    __match_args__ = ("r",)

    def __init__(self, r):
        self.r = r


class Rect(Shape):
    __slots__ = ("w", "h")
    __match_args__ = ("w", "h")

    def __init__(self, w, h):
        self.w = w
        self.h = h


class Tri(Shape):
    __slots__ = ("b", "h")
    __match_args__ = ("b", "h")

    def __init__(self, b, h):
        self.b = b
        self.h = h


def area(s):
    match s:
        case Circle(r):
            return 3 * r * r
        case Rect(w, h):
            return w * h
        case Tri(b, h):
            return b * h // 2


def shapes_bench(n):
    total = 0
    for i in range(n):
        k = i % 100
        m = i % 3
        if m == 0:
            s = Circle(k)
        elif m == 1:
            s = Rect(k, k + 1)
        else:
            s = Tri(k, k + 2)
        total += area(s)
    return total


print(shapes_bench(1_000_000))
