# strings: build, join, split and scan strings.
def strings_bench(n):
    items = []
    for i in range(n):
        items.append("item" + str(i))
    joined = ",".join(items)
    pieces = joined.split(",")
    sevens = 0
    for piece in pieces:
        if piece.endswith("7"):
            sevens += len(piece)
    return len(joined), sevens


total, sevens = strings_bench(200_000)
print(f"{total} {sevens}")
