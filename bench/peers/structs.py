# structs: construct small objects and call a method on them.
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dot(self, other):
        return self.x * other.x + self.y * other.y


def structs_bench(n):
    total = 0
    for i in range(n):
        p = Point(i, i + 1)
        total += p.dot(Point(3, 4)) % 1000
    return total


print(structs_bench(1_000_000))
