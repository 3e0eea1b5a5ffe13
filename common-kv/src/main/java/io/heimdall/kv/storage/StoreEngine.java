package io.heimdall.kv.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The one RocksDB of a store: opens every column family found on disk, creates and drops one per range replica, and
 * writes batches that may span several of them atomically.
 */
public final class StoreEngine implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final String DEFAULT_CF = "default";

    private final Path path;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final WriteOptions writeOptions;
    private final ReadOptions liveReads = new ReadOptions();
    private final ColumnFamilyHandle defaultCf;
    private final Map<String, ColumnFamilyHandle> spaces = new ConcurrentHashMap<>();
    private final List<ColumnFamilyHandle> dropped = new ArrayList<>();

    public StoreEngine(Path path) throws RocksDBException {
        this.path = path;
        try {
            Files.createDirectories(path);
        } catch (java.io.IOException e) {
            throw new RocksDBException("cannot create " + path + ": " + e.getMessage());
        }
        dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
            .setMaxBackgroundJobs(2).setKeepLogFileNum(2);
        // small memtables: a store hosts tens of ranges on a small machine
        cfOptions = new ColumnFamilyOptions().setWriteBufferSize(4L << 20).setMaxWriteBufferNumber(2);
        // the Raft log is the durable record; the applied index in each batch tells what to replay after a crash
        writeOptions = new WriteOptions().setSync(false);
        List<byte[]> names;
        try (Options o = new Options()) {
            names = Files.exists(path.resolve("CURRENT")) ? RocksDB.listColumnFamilies(o, path.toString())
                : List.of(RocksDB.DEFAULT_COLUMN_FAMILY);
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (byte[] n : names) {
            descriptors.add(new ColumnFamilyDescriptor(n, cfOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        db = RocksDB.open(dbOptions, path.toString(), descriptors, handles);
        ColumnFamilyHandle def = null;
        for (int i = 0; i < names.size(); i++) {
            String name = new String(names.get(i), StandardCharsets.UTF_8);
            if (DEFAULT_CF.equals(name)) {
                def = handles.get(i);
            } else {
                spaces.put(name, handles.get(i));
            }
        }
        defaultCf = def;
    }

    /** Names of every range column family on disk. */
    public Set<String> spaceNames() {
        return Set.copyOf(spaces.keySet());
    }

    /** The range column family {@code name}, created empty when missing. */
    public synchronized RangeSpace openSpace(String name) throws RocksDBException {
        ColumnFamilyHandle cf = spaces.get(name);
        if (cf == null) {
            cf = db.createColumnFamily(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
            spaces.put(name, cf);
        }
        return new RangeSpace(this, name, cf);
    }

    public boolean hasSpace(String name) {
        return spaces.containsKey(name);
    }

    /** Drops a range's column family and everything in it. */
    public synchronized void dropSpace(String name) throws RocksDBException {
        ColumnFamilyHandle cf = spaces.remove(name);
        if (cf != null) {
            db.dropColumnFamily(cf);
            // readers may still hold the handle; a dropped family stays readable until its handle is closed
            dropped.add(cf);
        }
    }

    public void write(WriteBatch batch) throws RocksDBException {
        db.write(writeOptions, batch);
    }

    RocksDB db() {
        return db;
    }

    ReadOptions liveReads() {
        return liveReads;
    }

    @Override
    public synchronized void close() {
        spaces.values().forEach(ColumnFamilyHandle::close);
        spaces.clear();
        dropped.forEach(ColumnFamilyHandle::close);
        dropped.clear();
        if (defaultCf != null) {
            defaultCf.close();
        }
        db.close();
        cfOptions.close();
        dbOptions.close();
        writeOptions.close();
        liveReads.close();
    }
}
