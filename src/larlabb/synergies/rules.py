"""Rules of a mapping session as pure functions (no ORM, no HTTP)."""

MIN_GOALS = 5
MAX_GOALS = 40
MAX_GROUPS = 20


def row_blocks(goal_count: int, group_count: int) -> list[range]:
    """Split the rows 0 … goal_count−1 into ``group_count`` consecutive blocks whose sizes
    differ by at most one (the first blocks take the extra rows)."""
    if group_count < 1 or group_count > goal_count:
        raise ValueError(f"cannot split {goal_count} rows among {group_count} groups")
    size, extra = divmod(goal_count, group_count)
    blocks, start = [], 0
    for number in range(group_count):
        end = start + size + (1 if number < extra else 0)
        blocks.append(range(start, end))
        start = end
    return blocks
