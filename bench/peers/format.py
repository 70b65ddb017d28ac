# format: report lines built from mixed values by f-strings, with and without format
# specs (ints, floats, strings; precision, padding, zero fill).
def format_bench(n):
    names = ["alpha", "beta", "gamma", "delta", "epsilon"]
    total = 0
    checksum = 0
    last = ""
    for i in range(n):
        name = names[i % 5]
        qty = i % 17
        price = (i % 1000) * 0.25
        ratio = i / 7.0
        status = "high" if qty > 8 else "low"
        line = f"{name}#{i}: {qty} x {price} = {qty * price:.2f} ratio={ratio:.3f} [{name:>8}|{qty:03}] {status}"
        total += len(line)
        checksum = (checksum * 31 + len(line)) % 1_000_003
        last = line
    print(f"{total} {checksum}")
    print(last)


format_bench(400_000)
