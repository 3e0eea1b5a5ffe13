package io.heimdall.kv.storage;

import io.heimdall.kv.coproc.KVWriter;
import io.heimdall.kv.range.Boundary;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** Collects one range's writes into a batch that also carries the applied index; refuses keys outside the range. */
final class RangeWriter implements KVWriter {
    private final WriteBatch batch;
    private final ColumnFamilyHandle cf;
    private final Boundary boundary;

    RangeWriter(WriteBatch batch, ColumnFamilyHandle cf, Boundary boundary) {
        this.batch = batch;
        this.cf = cf;
        this.boundary = boundary;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        check(key);
        try {
            batch.put(cf, RangeKeys.data(key), value);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void delete(byte[] key) {
        check(key);
        try {
            batch.delete(cf, RangeKeys.data(key));
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void clear(Boundary within) {
        byte[] start = RangeKeys.laterStart(boundary.start(), within.start());
        byte[] end = RangeKeys.earlierEnd(boundary.end(), within.end());
        if (start != null && end != null && Boundary.compare(start, end) >= 0) {
            return;
        }
        try {
            batch.deleteRange(cf, RangeKeys.dataLow(start), RangeKeys.dataHigh(end));
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    private void check(byte[] key) {
        if (!boundary.contains(key)) {
            throw new IllegalArgumentException("key outside range " + boundary);
        }
    }
}
