"""What several benchmarks measure the same way."""

from pathlib import Path


def peak_mb() -> float:
    """This process's peak RSS. Not ru_maxrss: on Linux that carries the
    parent's peak over fork and exec, and the parent built the databases."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
