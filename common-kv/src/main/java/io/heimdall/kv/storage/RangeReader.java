package io.heimdall.kv.storage;

import io.heimdall.kv.coproc.KVIterator;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.range.Boundary;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Snapshot;
import org.rocksdb.Slice;

/**
 * Reads one range's user keys inside its boundary, from the live data or, when given a RocksDB snapshot, from one
 * point in time; closing releases the snapshot.
 */
public final class RangeReader implements KVReader, AutoCloseable {
    private final RocksDB db;
    private final ColumnFamilyHandle cf;
    private final Boundary boundary;
    private final Snapshot snapshot;
    private final ReadOptions readOptions;

    /** Live readers share {@code liveOptions} (never closed here); a snapshot reader owns its options. */
    RangeReader(RocksDB db, ColumnFamilyHandle cf, Boundary boundary, Snapshot snapshot, ReadOptions liveOptions) {
        this.db = db;
        this.cf = cf;
        this.boundary = boundary;
        this.snapshot = snapshot;
        this.readOptions = snapshot == null ? liveOptions : new ReadOptions().setSnapshot(snapshot);
    }

    @Override
    public void close() {
        if (snapshot != null) {
            readOptions.close();
            db.releaseSnapshot(snapshot);
        }
    }

    @Override
    public Boundary boundary() {
        return boundary;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        if (!boundary.contains(key)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(db.get(cf, readOptions, RangeKeys.data(key)));
        } catch (RocksDBException e) {
            throw new IllegalStateException("read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public KVIterator iterator() {
        return new RangeIterator(db, cf, readOptions, RangeKeys.dataLow(boundary.start()),
            RangeKeys.dataHigh(boundary.end()));
    }

    @Override
    public long size(Boundary within) {
        byte[] start = RangeKeys.laterStart(boundary.start(), within.start());
        byte[] end = RangeKeys.earlierEnd(boundary.end(), within.end());
        if (start != null && end != null && Boundary.compare(start, end) >= 0) {
            return 0;
        }
        try (Slice s = new Slice(RangeKeys.dataLow(start)); Slice e = new Slice(RangeKeys.dataHigh(end))) {
            return db.getApproximateSizes(cf, List.of(new org.rocksdb.Range(s, e)),
                SizeApproximationFlag.INCLUDE_FILES, SizeApproximationFlag.INCLUDE_MEMTABLES)[0];
        }
    }
}
