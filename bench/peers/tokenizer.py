# tokenizer: scan a generated program text character by character into identifiers,
# numbers, symbols and comments (string indexing, one-character strings, char tests).
def make_source(lines):
    parts = []
    for i in range(lines):
        parts.append(f"let value_{i % 97} = compute({i}, x{i % 13}) * {i % 1000} + (y - {i % 7}) / 3;  # step {i}\n")
    return "".join(parts)


def tokenize(src):
    idents = 0
    keywords = 0
    numbers = 0
    symbols = 0
    comments = 0
    total = 0
    longest = 0
    i = 0
    n = len(src)
    while i < n:
        c = src[i]
        if c == " " or c == "\n":
            i += 1
        elif c.isdigit():
            v = 0
            while i < n and src[i].isdigit():
                v = v * 10 + (ord(src[i]) - 48)
                i += 1
            numbers += 1
            total += v
        elif c.isalpha() or c == "_":
            start = i
            while i < n and (src[i].isalnum() or src[i] == "_"):
                i += 1
            word = src[start:i]
            if word == "let":
                keywords += 1
            else:
                idents += 1
            longest = max(longest, len(word))
        elif c == "#":
            while i < n and src[i] != "\n":
                i += 1
            comments += 1
        else:
            symbols += 1
            i += 1
    print(f"{idents} {keywords} {numbers} {symbols} {comments} {total} {longest}")


tokenize(make_source(40_000))
