package io.heimdall.kv.storage;

import io.heimdall.kv.coproc.KVWriter;
import io.heimdall.kv.range.Boundary;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.EnvOptions;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.SstFileWriter;
import org.rocksdb.WriteBatch;

/** One range replica's column family: its metadata record, its data, and whole-range export and import. */
public final class RangeSpace {
    private final StoreEngine engine;
    private final String name;
    private final ColumnFamilyHandle cf;

    RangeSpace(StoreEngine engine, String name, ColumnFamilyHandle cf) {
        this.engine = engine;
        this.name = name;
        this.cf = cf;
    }

    public String name() {
        return name;
    }

    public Optional<RangeMeta> loadMeta() throws RocksDBException {
        byte[] v = engine.db().get(cf, RangeKeys.META_KEY);
        return v == null ? Optional.empty() : Optional.of(RangeMeta.decode(v));
    }

    /** A reader of the live data; reads see every write committed before them. */
    public RangeReader reader(Boundary boundary) {
        return new RangeReader(engine.db(), cf, boundary, null, engine.liveReads());
    }

    /** A reader pinned to the data as it is now; close it. */
    public RangeReader snapshotReader(Boundary boundary) {
        return new RangeReader(engine.db(), cf, boundary, engine.db().getSnapshot(), null);
    }

    /** An atomic batch of writes to this range (and, for split and merge, to others). */
    public Batch batch() {
        return new Batch();
    }

    /**
     * Writes the whole column family, metadata included, into one SST file as of a single point in time. The
     * metadata record guarantees the file is never empty.
     */
    public void exportTo(Path file) throws RocksDBException {
        Snapshot snap = engine.db().getSnapshot();
        try (ReadOptions ro = new ReadOptions().setSnapshot(snap);
             RocksIterator it = engine.db().newIterator(cf, ro);
             EnvOptions env = new EnvOptions();
             Options opts = new Options();
             SstFileWriter writer = new SstFileWriter(env, opts)) {
            writer.open(file.toString());
            for (it.seekToFirst(); it.isValid(); it.next()) {
                writer.put(it.key(), it.value());
            }
            writer.finish();
        } finally {
            engine.db().releaseSnapshot(snap);
        }
    }

    /** Replaces everything in this column family with the content of an SST file made by {@link #exportTo}. */
    public void replaceWith(Path file) throws RocksDBException {
        engine.db().deleteRange(cf, RangeKeys.LOWEST, RangeKeys.HIGHEST);
        try (IngestExternalFileOptions opts = new IngestExternalFileOptions()) {
            // copy, not move: the snapshot file stays as this replica's own latest snapshot
            opts.setMoveFiles(false);
            engine.db().ingestExternalFile(cf, List.of(file.toString()), opts);
        }
    }

    public long approximateSize(Boundary boundary) {
        try (RangeReader r = reader(boundary)) {
            return r.size(Boundary.FULL);
        }
    }

    /** Writes to one or more ranges applied together or not at all. */
    public final class Batch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();

        public KVWriter writer(Boundary boundary) {
            return new RangeWriter(batch, cf, boundary);
        }

        public Batch putMeta(RangeMeta meta) throws RocksDBException {
            batch.put(cf, RangeKeys.META_KEY, meta.encode());
            return this;
        }

        /** Copies this range's data inside {@code part} into {@code target}, read at the current state. */
        public Batch copyTo(RangeSpace target, Boundary part) throws RocksDBException {
            try (RangeReader r = reader(part); var it = r.iterator()) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    batch.put(target.cf, RangeKeys.data(it.key()), it.value());
                }
            }
            return this;
        }

        /** Removes this range's data inside {@code part}. */
        public Batch deleteData(Boundary part) throws RocksDBException {
            batch.deleteRange(cf, RangeKeys.dataLow(part.start()), RangeKeys.dataHigh(part.end()));
            return this;
        }

        public Batch putMetaOf(RangeSpace other, RangeMeta meta) throws RocksDBException {
            batch.put(other.cf, RangeKeys.META_KEY, meta.encode());
            return this;
        }

        public void commit() throws RocksDBException {
            engine.write(batch);
        }

        @Override
        public void close() {
            batch.close();
        }
    }
}
