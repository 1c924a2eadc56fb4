"""Free time: one space's free time, and spaces across venues free for a whole interval."""
