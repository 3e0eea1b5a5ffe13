package io.heimdall.kv.rpc;

/** Operations of the KV store RPC; the byte is the wire form and never changes. */
enum KVRpcOp {
    BOOTSTRAP(1),
    TRANSFER_LEADERSHIP(2),
    CHANGE_REPLICA_CONFIG(3),
    SPLIT(4),
    MERGE(5),
    QUIT(6),
    EXIST(7),
    GET(8),
    QUERY_COPROC(9),
    PUT(10),
    DELETE(11),
    MUTATE_COPROC(12),
    DESCRIBE(13);

    /** The request schema this build writes and the only one it reads; the first byte of every request. */
    static final int SCHEMA_VERSION = 1;

    final int wire;

    KVRpcOp(int wire) {
        this.wire = wire;
    }

    static KVRpcOp fromWire(int b) {
        for (KVRpcOp op : values()) {
            if (op.wire == b) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation " + b);
    }

    /** A request writer positioned after the schema version and this operation. */
    WireWriter request() {
        return new WireWriter().u8(SCHEMA_VERSION).u8(wire);
    }
}
