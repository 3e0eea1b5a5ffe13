package io.heimdall.kv.storage;

import io.heimdall.kv.coproc.KVIterator;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/** A RocksDB iterator confined to a range's data keys, answering user keys. */
final class RangeIterator implements KVIterator {
    private final Slice lower;
    private final Slice upper;
    private final ReadOptions options;
    private final RocksIterator it;

    RangeIterator(RocksDB db, ColumnFamilyHandle cf, ReadOptions base, byte[] low, byte[] high) {
        lower = new Slice(low);
        upper = new Slice(high);
        options = new ReadOptions(base).setIterateLowerBound(lower).setIterateUpperBound(upper);
        it = db.newIterator(cf, options);
        it.seekToFirst();
    }

    @Override
    public byte[] key() {
        return RangeKeys.user(it.key());
    }

    @Override
    public byte[] value() {
        return it.value();
    }

    @Override
    public boolean isValid() {
        return it.isValid();
    }

    @Override
    public void next() {
        it.next();
    }

    @Override
    public void prev() {
        it.prev();
    }

    @Override
    public void seekToFirst() {
        it.seekToFirst();
    }

    @Override
    public void seekToLast() {
        it.seekToLast();
    }

    @Override
    public void seek(byte[] key) {
        it.seek(RangeKeys.data(key));
    }

    @Override
    public void seekForPrev(byte[] key) {
        it.seekForPrev(RangeKeys.data(key));
    }

    @Override
    public void close() {
        it.close();
        options.close();
        lower.close();
        upper.close();
    }
}
