# traits: a base class with abstract and provided methods, subclassed by three classes;
# methods called on a mixed list in a loop (dynamic dispatch, attribute reads).
class Shape:
    __slots__ = ()

    def area(self):
        raise NotImplementedError

    def perimeter(self):
        raise NotImplementedError

    def score(self):
        return self.area() * 2 + self.perimeter()


class Square(Shape):
    __slots__ = ("side",)

    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side * self.side

    def perimeter(self):
        return 4 * self.side


class Rect(Shape):
    __slots__ = ("w", "h")

    def __init__(self, w, h):
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    def perimeter(self):
        return 2 * (self.w + self.h)


class Circle(Shape):
    __slots__ = ("r",)

    def __init__(self, r):
        self.r = r

    def area(self):
        return 3 * self.r * self.r

    def perimeter(self):
        return 6 * self.r

    def score(self):
        return self.area() + self.r


def traits_bench(count, rounds):
    shapes = []
    for i in range(count):
        k = i % 50 + 1
        if i % 3 == 0:
            shapes.append(Square(k))
        elif i % 3 == 1:
            shapes.append(Rect(k, k + 2))
        else:
            shapes.append(Circle(k))
    total = 0
    for _ in range(rounds):
        for s in shapes:
            total += s.score() % 1000
    return total


print(traits_bench(300, 10000))
