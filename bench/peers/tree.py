# tree: build recursive expression trees of tagged objects, then fold them (match on
# classes, a method on the base class, recursion).
class Expr:
    __slots__ = ()

    def size(self):
        match self:
            case Num():
                return 1
            case Add(l, r):
                return 1 + l.size() + r.size()
            case Mul(l, r):
                return 1 + l.size() + r.size()
            case Neg(e):
                return 1 + e.size()


class Num(Expr):
    __slots__ = ("v",)
    __match_args__ = ("v",)

    def __init__(self, v):
        self.v = v


class Add(Expr):
    __slots__ = ("l", "r")
    __match_args__ = ("l", "r")

    def __init__(self, l, r):
        self.l = l
        self.r = r


class Mul(Expr):
    __slots__ = ("l", "r")
    __match_args__ = ("l", "r")

    def __init__(self, l, r):
        self.l = l
        self.r = r


class Neg(Expr):
    __slots__ = ("e",)
    __match_args__ = ("e",)

    def __init__(self, e):
        self.e = e


P = 1_000_003


def build(depth, seed):
    if depth == 0:
        return Num(seed % 10)
    nxt = (seed * 31 + depth) % P
    match nxt % 5:
        case 0:
            return Neg(build(depth - 1, nxt))
        case 1:
            return Mul(build(depth - 1, nxt), build(depth - 1, nxt + 1))
        case _:
            return Add(build(depth - 1, nxt), build(depth - 1, nxt + 7))


def evaluate(e):
    match e:
        case Num(v):
            return v
        case Add(l, r):
            return (evaluate(l) + evaluate(r)) % P
        case Mul(l, r):
            return evaluate(l) * evaluate(r) % P
        case Neg(x):
            return (P - evaluate(x)) % P


def tree_bench(rounds, depth):
    total = 0
    nodes = 0
    for i in range(rounds):
        t = build(depth, i)
        total = (total + evaluate(t)) % P
        nodes += t.size()
    print(f"{nodes} {total}")


tree_bench(30, 16)
