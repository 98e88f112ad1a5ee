package ng.vaxtrace.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time used by the processes of a benchmark (a process and everything it started), read from Linux's /proc, so
 * a run can say where the machine's cores went: a throughput far from a ceiling is only explained once we know
 * whether the database, the broker or the service was busy. Elsewhere than Linux it reports nothing.
 */
final class CpuAccounting {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux we run on

    private final Map<String, Long> roots = new LinkedHashMap<>();
    private Map<String, Long> start = Map.of();
    private Map<String, Long> threadStart = Map.of();

    /** Accounts for {@code pid} and its descendants under {@code label}; unknown or absent pids are skipped. */
    CpuAccounting track(String label, Optional<Long> pid) {
        pid.ifPresent(p -> roots.put(label, p));
        return this;
    }

    void begin() {
        start = sample();
        threadStart = threads();
    }

    /**
     * CPU seconds per kind of thread of the first tracked process since {@link #begin()} (JIT compilers, garbage
     * collector, consumer threads, event loops, Kafka clients…), largest first: what a JVM spends its cores on.
     */
    Map<String, Double> threadsEnd() {
        Map<String, Long> now = threads();
        Map<String, Double> used = new LinkedHashMap<>();
        now.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue() - threadStart.getOrDefault(b.getKey(), 0L),
                a.getValue() - threadStart.getOrDefault(a.getKey(), 0L)))
                .forEach(e -> used.put(e.getKey(), (e.getValue() - threadStart.getOrDefault(e.getKey(), 0L)) / TICKS_PER_SECOND));
        return used;
    }

    private Map<String, Long> threads() {
        Map<String, Long> byKind = new HashMap<>();
        if (roots.isEmpty()) {
            return byKind;
        }
        Path tasks = Path.of("/proc", Long.toString(roots.values().iterator().next()), "task");
        try (var dirs = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) dirs::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // Thread names without their numbers: "C2 CompilerThre", "GC Thread#", "vert.x-eventloop-thread-"…
                    byKind.merge(name.replaceAll("[0-9]+", ""), Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException noProc) {
            return byKind;
        }
        return byKind;
    }

    /** CPU seconds per label since {@link #begin()}, in the order tracked. */
    Map<String, Double> end() {
        Map<String, Long> now = sample();
        Map<String, Double> used = new LinkedHashMap<>();
        roots.keySet().forEach(label -> used.put(label, (now.getOrDefault(label, 0L) - start.getOrDefault(label, 0L)) / TICKS_PER_SECOND));
        return used;
    }

    /** A line for the report: the thread kinds that used at least {@code floor} seconds. */
    static String describeThreads(String label, Map<String, Double> used, double floor) {
        StringBuilder line = new StringBuilder("   " + label + " threads (core-seconds):");
        used.forEach((kind, seconds) -> {
            if (seconds >= floor) {
                line.append(String.format(" %s %.1f;", kind.strip(), seconds));
            }
        });
        return line.toString();
    }

    /** A line for the report: each label's CPU seconds and share of the cores over {@code seconds} of wall time. */
    static String describe(Map<String, Double> used, double seconds) {
        if (used.isEmpty()) {
            return "   CPU: not measured (no /proc)";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder line = new StringBuilder("   CPU used while draining (core-seconds, of " + String.format("%.1f", cores * seconds) + " available):");
        double total = 0;
        for (Map.Entry<String, Double> e : used.entrySet()) {
            line.append(String.format(" %s %.1f;", e.getKey(), e.getValue()));
            total += e.getValue();
        }
        return line.append(String.format(" total %.1f (%.0f %% of the machine)", total, 100 * total / (cores * seconds))).toString();
    }

    /** The pid written in the first line of a pid file (PostgreSQL's postmaster.pid, infra.sh's kafka.pid…). */
    static Optional<Long> pidFile(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(file).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Map<String, Long> sample() {
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(name);
                    parents.put(pid, Long.parseLong(fields[1]));
                    ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException noProc) {
            return Map.of();
        }
        Map<String, Long> byLabel = new LinkedHashMap<>();
        roots.forEach((label, root) -> {
            long sum = 0;
            for (Long pid : ticks.keySet()) {
                if (descends(pid, root, parents)) {
                    sum += ticks.get(pid);
                }
            }
            byLabel.put(label, sum);
        });
        return byLabel;
    }

    private static boolean descends(long pid, long root, Map<Long, Long> parents) {
        List<Long> seen = new ArrayList<>();
        for (Long p = pid; p != null && p > 1 && seen.size() < 64; p = parents.get(p)) {
            if (p == root) {
                return true;
            }
            seen.add(p);
        }
        return false;
    }
}
