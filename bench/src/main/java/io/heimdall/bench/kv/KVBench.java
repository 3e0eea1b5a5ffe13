package io.heimdall.bench.kv;

import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.store.RaftKVRangeStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The common-kv benchmark: write throughput to one range with one and with three voters (fsync on), then, on a
 * range loaded with 100k keys, the time to install it as a snapshot on a new replica and the time to split it.
 * Prints a markdown report and writes it under the report directory (first argument, default bench/reports).
 * System properties: {@code bench.writeMillis} (10000), {@code bench.keys} (100000), {@code bench.valueBytes} (100).
 */
public final class KVBench {
    private static final int SINGLE_IN_FLIGHT = 128;
    private static final int BATCH_IN_FLIGHT = 8;
    private static final int BATCH_KEYS = 100;
    private static final int LOAD_BATCH_KEYS = 1000;

    private final long writeMillis = Long.getLong("bench.writeMillis", 10_000);
    private final int keys = Integer.getInteger("bench.keys", 100_000);
    private final byte[] value = randomValue(Integer.getInteger("bench.valueBytes", 100));
    private final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        Path reports = Path.of(args.length > 0 ? args[0] : "bench/reports");
        Path root = Files.createTempDirectory("heimdall-kvbench");
        try {
            String md = new KVBench().run(root);
            Files.createDirectories(reports);
            Path file = reports.resolve("kv-bench-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC).format(Instant.now()) + ".md");
            Files.writeString(file, md, StandardCharsets.UTF_8);
            System.out.println("report written to " + file.toAbsolutePath());
        } finally {
            deleteTree(root);
        }
    }

    String run(Path root) throws Exception {
        append("# common-kv benchmark\n\n");
        append(String.format(Locale.ROOT, "%s, %d cores, Java %s, fsync on, random values of %d bytes, keys of %d "
                    + "bytes; all stores in one JVM on 127.0.0.1.%n%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), value.length,
                Keys.LENGTH));
        append("## Writes to one range\n\n| voters | mode | keys/s | requests/s | p50 ms | p99 ms | failed |\n"
            + "|---|---|---|---|---|---|---|\n");
        for (int voters : new int[] {1, 3}) {
            try (BenchStores stores = new BenchStores(root.resolve("voters" + voters), voters, 10_000)) {
                KVRangeId id = stores.bootstrap();
                if (voters > 1) {
                    stores.growVoters(id, voters);
                }
                int leader = stores.leaderIndex(id);
                long ver = stores.replica(leader, id).orElseThrow().ver();
                row(voters, "single puts, " + SINGLE_IN_FLIGHT + " in flight",
                    WriteLoad.run(stores.store(leader), id, ver, SINGLE_IN_FLIGHT, 1, 0, writeMillis, value));
                row(voters, BATCH_KEYS + " keys per mutation, " + BATCH_IN_FLIGHT + " in flight",
                    WriteLoad.run(stores.store(leader), id, ver, BATCH_IN_FLIGHT, BATCH_KEYS, 1L << 40, writeMillis,
                        value));
            }
        }
        bigRange(root.resolve("big"));
        return report.toString();
    }

    private void row(int voters, String mode, WriteLoad.Result r) {
        append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.0f | %.1f | %.1f | %d |%n", voters, mode,
            r.keysPerSecond(), r.requests() / r.seconds(), r.p50Micros() / 1000.0, r.p99Micros() / 1000.0,
            r.failures()));
    }

    /** Adds to the report and shows it at once, so a run that fails later still tells what it measured. */
    private void append(String text) {
        report.append(text);
        System.out.print(text);
        System.out.flush();
    }

    /** Loads {@code keys} keys, installs them on a new replica by snapshot, then splits the range in two. */
    private void bigRange(Path dir) throws Exception {
        // snapshots every 20 entries purge the log, so the new replica cannot replay it and must take a snapshot
        try (BenchStores stores = new BenchStores(dir, 2, 20)) {
            KVRangeId id = stores.bootstrap();
            RaftKVRangeStore leader = stores.store(0);
            long ver = stores.replica(0, id).orElseThrow().ver();
            long loadStart = System.nanoTime();
            load(leader, id, ver);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            append("\n## A range of " + keys + " keys\n\n| step | seconds |\n|---|---|\n");
            append(String.format(Locale.ROOT, "| load (%d keys per mutation, fsync on) | %.2f |%n", LOAD_BATCH_KEYS,
                loadSeconds));
            byte[] lastKey = Keys.key(keys - 1);
            if (leader.get(ver, id, lastKey, true).get(60, TimeUnit.SECONDS).isEmpty()) {
                throw new IllegalStateException("load lost the last key");
            }

            long installStart = System.nanoTime();
            stores.growVoters(id, 2);
            RaftKVRangeStore added = stores.store(1);
            BenchStores.await("the new replica serves the last key", () -> localGet(added, id, lastKey));
            double installSeconds = (System.nanoTime() - installStart) / 1e9;
            append(String.format(Locale.ROOT, "| snapshot install to a new voter (%.1f MB of keys and values), until "
                + "it serves the last key locally | %.2f |%n", keys * (Keys.LENGTH + value.length) / 1e6,
                installSeconds));

            int l = stores.leaderIndex(id);
            long splitVer = stores.replica(l, id).orElseThrow().ver();
            byte[] splitKey = Keys.key(keys / 2);
            long splitStart = System.nanoTime();
            stores.store(l).split(splitVer, id, splitKey).get(BenchStores.WAIT_MILLIS, TimeUnit.MILLISECONDS);
            double splitCommitted = (System.nanoTime() - splitStart) / 1e9;
            AtomicReference<RangeDescriptor> child = new AtomicReference<>();
            BenchStores.await("the split child has a leader", () -> {
                for (int i = 0; i < 2; i++) {
                    Optional<RangeDescriptor> c = stores.ranges(i).stream()
                        .filter(r -> !r.id().equals(id) && r.isLeader()).findFirst();
                    if (c.isPresent()) {
                        child.set(c.get());
                        return true;
                    }
                }
                return false;
            });
            double splitServing = (System.nanoTime() - splitStart) / 1e9;
            verifySplit(stores, id, child.get(), splitKey);

            append(String.format(Locale.ROOT, "| split at the middle key, until committed | %.3f |%n",
                splitCommitted));
            append(String.format(Locale.ROOT, "| split, until the new range has a leader | %.3f |%n", splitServing));
        }
    }

    private void load(RaftKVRangeStore leader, KVRangeId id, long ver) throws Exception {
        Semaphore window = new Semaphore(4);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (long first = 0; first < keys; first += LOAD_BATCH_KEYS) {
            window.acquire();
            int count = (int) Math.min(LOAD_BATCH_KEYS, keys - first);
            leader.mutateCoProc(ver, id, BulkLoadCoProc.batch(first, count, value)).whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                window.release();
            });
        }
        window.acquire(4);
        if (failure.get() != null) {
            throw new IllegalStateException("load failed", failure.get());
        }
    }

    private static boolean localGet(RaftKVRangeStore store, KVRangeId id, byte[] key) {
        try {
            long ver = store.describe().ranges().stream().filter(r -> r.id().equals(id)).findFirst()
                .map(RangeDescriptor::ver).orElse(-1L);
            return ver >= 0 && store.get(ver, id, key, false).get(10, TimeUnit.SECONDS).isPresent();
        } catch (Exception e) {
            return false;
        }
    }

    /** Both halves answer for their keys on their leaders: the split kept every key on the right side. */
    private void verifySplit(BenchStores stores, KVRangeId parent, RangeDescriptor child, byte[] splitKey)
        throws Exception {
        RangeDescriptor p = stores.replica(stores.leaderIndex(parent), parent).orElseThrow();
        if (!child.boundary().contains(splitKey) || p.boundary().contains(splitKey)) {
            throw new IllegalStateException("split boundaries wrong: " + p.boundary() + " " + child.boundary());
        }
        RaftKVRangeStore pl = stores.leader(parent);
        RaftKVRangeStore cl = stores.leader(child.id());
        for (long k : new long[] {0, keys / 2 - 1}) {
            if (pl.get(p.ver(), parent, Keys.key(k), true).get(60, TimeUnit.SECONDS).isEmpty()) {
                throw new IllegalStateException("key " + k + " missing left of the split");
            }
        }
        for (long k : new long[] {keys / 2, keys - 1}) {
            if (cl.get(child.ver(), child.id(), Keys.key(k), true).get(60, TimeUnit.SECONDS).isEmpty()) {
                throw new IllegalStateException("key " + k + " missing right of the split");
            }
        }
    }

    /** Incompressible, so RocksDB sizes and snapshot transfers are not flattered by compression. */
    private static byte[] randomValue(int size) {
        byte[] v = new byte[size];
        new java.util.Random(42).nextBytes(v);
        return v;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
