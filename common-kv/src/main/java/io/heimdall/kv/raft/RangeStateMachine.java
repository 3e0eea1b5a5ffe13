package io.heimdall.kv.raft;

import io.heimdall.kv.coproc.KVRangeCoProc;
import io.heimdall.kv.coproc.KVWriter;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.raft.CommandResult.Status;
import io.heimdall.kv.storage.RangeMeta;
import io.heimdall.kv.storage.RangeReader;
import io.heimdall.kv.storage.RangeSpace;
import io.heimdall.kv.storage.StoreEngine;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One range replica as a Raft state machine: applies commands deterministically into the range's column family
 * together with the applied index, serves reads, and snapshots by exporting the column family.
 */
public final class RangeStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(RangeStateMachine.class);
    private static final Set<RangeState> WRITABLE =
        EnumSet.of(RangeState.Normal, RangeState.ConfigChanging, RangeState.PreparedMerging);
    private static final Set<RangeState> READABLE =
        EnumSet.of(RangeState.Normal, RangeState.ConfigChanging, RangeState.PreparedMerging,
            RangeState.WaitingForMerge);
    private static final SnapshotRetentionPolicy KEEP_TWO = new SnapshotRetentionPolicy() {
        @Override
        public int getNumSnapshotsRetained() {
            return 2;
        }
    };

    private final KVRangeId id;
    private final StoreEngine engine;
    private final RangeHost host;
    private final SimpleStateMachineStorage snapshots = new SimpleStateMachineStorage();
    private final RangeLoad load = new RangeLoad();
    private volatile RangeSpace space;
    private volatile RangeMeta meta;
    private volatile KVRangeCoProc coProc;
    private volatile boolean removed;
    private volatile boolean quitting;
    private volatile boolean closed;

    public RangeStateMachine(KVRangeId id, StoreEngine engine, RangeHost host) {
        this.id = id;
        this.engine = engine;
        this.host = host;
    }

    public KVRangeId rangeId() {
        return id;
    }

    /** Whether the replica has loaded its metadata; a group still starting or awaiting its first snapshot has not. */
    public boolean hasMeta() {
        return meta != null;
    }

    /** The persisted metadata as of the last applied entry; null until {@link #hasMeta()}. */
    public RangeMeta meta() {
        RangeMeta m = meta;
        if (m == null) {
            return null;
        }
        if (removed) {
            return m.withState(m.ver(), RangeState.Removed, null);
        }
        if (quitting && m.state() == RangeState.Merged) {
            return m.withState(m.ver(), RangeState.MergedQuiting, m.mergePartner());
        }
        return m;
    }

    /** The store started removing this merged-away replica. */
    public void markQuitting() {
        quitting = true;
        host.changed(this);
    }

    public RangeLoad load() {
        return load;
    }

    public long approximateDataSize() {
        RangeSpace s = space;
        return s == null || removed ? 0 : s.approximateSize(meta.boundary());
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        snapshots.init(raftStorage);
        try {
            space = engine.openSpace(RangeGroups.spaceName(id));
            Optional<RangeMeta> stored = space.loadMeta();
            meta = stored.orElseGet(() -> new RangeMeta(id, 0, Boundary.FULL, RangeState.NoUse,
                ClusterConfig.of(Set.of(), Set.of()), 0, -1, null));
            SingleFileSnapshotInfo latest = snapshots.getLatestSnapshot();
            if (stored.isPresent() && latest == null) {
                // a range born here (genesis or split child) has data but no log: a snapshot of it is what lets
                // Ratis hand the data to members added later
                writeSnapshot(meta.appliedTerm(), meta.appliedIndex());
            } else if (latest != null && meta.appliedIndex() < latest.getIndex()) {
                // a crash between receiving a snapshot and importing it: Ratis resumes after the snapshot, so the
                // data must come from it now
                loadSnapshot(latest);
            }
        } catch (RocksDBException e) {
            throw new IOException("cannot open range " + id + ": " + e.getMessage(), e);
        }
        if (meta.appliedIndex() >= 0) {
            setLastAppliedTermIndex(TermIndex.valueOf(meta.appliedTerm(), meta.appliedIndex()));
        }
        coProc = host.createCoProc(id, () -> space.reader(meta.boundary()));
        if (meta.state() != RangeState.NoUse) {
            coProc.reset(meta.boundary());
        }
        getLifeCycle().transition(LifeCycle.State.STARTING);
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    @Override
    public void pause() {
        // Ratis installs a snapshot only into a paused state machine
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return snapshots;
    }

    @Override
    public SingleFileSnapshotInfo getLatestSnapshot() {
        return snapshots.getLatestSnapshot();
    }

    @Override
    public synchronized void reinitialize() throws IOException {
        SingleFileSnapshotInfo latest = snapshots.loadLatestSnapshot();
        if (latest != null) {
            install(latest);
        }
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void install(SingleFileSnapshotInfo latest) throws IOException {
        loadSnapshot(latest);
        setLastAppliedTermIndex(TermIndex.valueOf(meta.appliedTerm(), meta.appliedIndex()));
        coProc.reset(meta.boundary());
        LOG.info("range {} installed snapshot at {} boundary {}", id, latest.getTermIndex(), meta.boundary());
        host.changed(this);
    }

    /** Replaces this replica's column family with a snapshot file's content. */
    private void loadSnapshot(SingleFileSnapshotInfo snapshot) throws IOException {
        try {
            space.replaceWith(snapshot.getFile().getPath());
            meta = space.loadMeta().orElseThrow(() -> new IOException("snapshot without range metadata"));
        } catch (RocksDBException e) {
            throw new IOException("cannot install snapshot of " + id + ": " + e.getMessage(), e);
        }
        TermIndex ti = snapshot.getTermIndex();
        if (meta.appliedIndex() < ti.getIndex()) {
            meta = meta.withApplied(ti.getTerm(), ti.getIndex());
        }
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || meta.state() == RangeState.NoUse || removed) {
            return -1;
        }
        try (RangeSpace.Batch b = space.batch()) {
            // conf entries advance the applied index without reaching applyTransaction; record it with the data
            meta = meta.withApplied(last.getTerm(), last.getIndex());
            b.putMeta(meta).commit();
        } catch (RocksDBException e) {
            throw new IOException(e);
        }
        writeSnapshot(last.getTerm(), last.getIndex());
        snapshots.cleanupOldSnapshots(KEEP_TWO);
        return last.getIndex();
    }

    private void writeSnapshot(long term, long index) throws IOException {
        File file = snapshots.getSnapshotFile(term, index);
        File tmp = new File(file.getParentFile(), file.getName() + ".tmp");
        try {
            Files.createDirectories(file.getParentFile().toPath());
            Files.deleteIfExists(tmp.toPath());
            space.exportTo(tmp.toPath());
            Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE);
        } catch (RocksDBException e) {
            throw new IOException("cannot export range " + id + ": " + e.getMessage(), e);
        }
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        snapshots.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), term, index));
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long term = entry.getTerm();
        long index = entry.getIndex();
        if (index <= meta.appliedIndex()) {
            // already in RocksDB: replaying after a restart must not apply twice
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
        long start = System.nanoTime();
        CommandResult result;
        try {
            RangeCommand cmd = RangeCommand.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
            result = apply(cmd, term, index);
        } catch (IllegalArgumentException e) {
            result = CommandResult.fail(Status.BAD_REQUEST, e.getMessage());
            persistApplied(term, index);
        } catch (RocksDBException | IOException e) {
            // storage failed under us: stop this replica rather than diverge from the others
            LOG.error("range {} cannot apply entry {}", id, index, e);
            return CompletableFuture.failedFuture(e);
        }
        updateLastAppliedTermIndex(term, index);
        load.recordApply(System.nanoTime() - start);
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(result.encode())));
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        // Ratis replays from the snapshot; entries up to the persisted applied index were applied before
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || index > last.getIndex()) {
            super.notifyTermIndexUpdated(term, index);
        }
    }

    private void persistApplied(long term, long index) {
        try (RangeSpace.Batch b = space.batch()) {
            RangeMeta next = meta.withApplied(term, index);
            b.putMeta(next).commit();
            meta = next;
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    private CommandResult apply(RangeCommand cmd, long term, long index) throws RocksDBException, IOException {
        RangeMeta m = meta;
        if (cmd instanceof RangeCommand.Put p) {
            return applyData(p.ver(), p.key(), term, index, (reader, writer) -> {
                byte[] prev = reader.get(p.key()).orElse(new byte[0]);
                writer.put(p.key(), p.value());
                return prev;
            });
        }
        if (cmd instanceof RangeCommand.Delete d) {
            return applyData(d.ver(), d.key(), term, index, (reader, writer) -> {
                byte[] prev = reader.get(d.key()).orElse(new byte[0]);
                writer.delete(d.key());
                return prev;
            });
        }
        if (cmd instanceof RangeCommand.Mutate mu) {
            return applyData(mu.ver(), null, term, index, (reader, writer) -> coProc.mutate(mu.input(), reader, writer));
        }
        if (cmd instanceof RangeCommand.Split s) {
            return applySplit(s, term, index);
        }
        if (cmd instanceof RangeCommand.BeginConfigChange c) {
            CommandResult bad = checkManagement(m, c.ver(), RangeState.Normal);
            if (bad != null) {
                return noop(bad, term, index);
            }
            ClusterConfig next = new ClusterConfig(m.config().voters(), m.config().learners(), c.voters(),
                c.learners());
            return commitMeta(m.withConfig(RangeDescriptor.nextConfigVer(m.ver()), RangeState.ConfigChanging, next),
                term, index);
        }
        if (cmd instanceof RangeCommand.EndConfigChange c) {
            if (m.state() != RangeState.ConfigChanging) {
                return noop(CommandResult.fail(Status.BAD_REQUEST, "no config change in progress"), term, index);
            }
            return commitMeta(m.withConfig(RangeDescriptor.nextConfigVer(m.ver()), RangeState.Normal,
                ClusterConfig.of(c.voters(), c.learners())), term, index);
        }
        if (cmd instanceof RangeCommand.PrepareMerge p) {
            CommandResult bad = checkManagement(m, p.ver(), RangeState.Normal);
            if (bad != null) {
                return noop(bad, term, index);
            }
            return commitMeta(m.withState(RangeDescriptor.nextConfigVer(m.ver()), RangeState.PreparedMerging,
                p.mergee()), term, index);
        }
        if (cmd instanceof RangeCommand.WaitForMerge w) {
            if (m.state() != RangeState.Normal || m.boundary().start() == null || w.mergerEnd() == null
                || Boundary.compare(m.boundary().start(), w.mergerEnd()) != 0) {
                return noop(CommandResult.fail(Status.BAD_REQUEST, "range " + id + " cannot wait for merge in state "
                    + m.state() + " at " + m.boundary()), term, index);
            }
            commitMeta(m.withState(RangeDescriptor.nextConfigVer(m.ver()), RangeState.WaitingForMerge, w.merger()),
                term, index);
            return CommandResult.ok(ByteBuffer.allocate(8).putLong(index).array());
        }
        if (cmd instanceof RangeCommand.CompleteMerge c) {
            return applyCompleteMerge(c, term, index);
        }
        if (cmd instanceof RangeCommand.CancelMerge c) {
            boolean merging = m.state() == RangeState.PreparedMerging || m.state() == RangeState.WaitingForMerge;
            if (!merging || !c.partner().equals(m.mergePartner())) {
                return noop(CommandResult.fail(Status.BAD_REQUEST, "no merge with " + c.partner() + " to cancel"),
                    term, index);
            }
            return commitMeta(m.withState(RangeDescriptor.nextConfigVer(m.ver()), RangeState.Normal, null), term,
                index);
        }
        if (cmd instanceof RangeCommand.MergedAway ma) {
            if (m.state() != RangeState.WaitingForMerge || !ma.merger().equals(m.mergePartner())) {
                return noop(CommandResult.fail(Status.BAD_REQUEST, "not waiting for " + ma.merger()), term, index);
            }
            CommandResult r = commitMeta(m.withState(RangeDescriptor.nextConfigVer(m.ver()), RangeState.Merged,
                ma.merger()), term, index);
            host.removeReplica(id);
            return r;
        }
        return noop(CommandResult.fail(Status.BAD_REQUEST, "not a write: " + cmd.getClass().getSimpleName()), term,
            index);
    }

    /** Data changes of one command, computed from a reader and written through a writer. */
    private interface DataChange {
        byte[] apply(RangeReader reader, KVWriter writer);
    }

    private CommandResult applyData(long ver, byte[] key, long term, long index, DataChange change)
        throws RocksDBException {
        RangeMeta m = meta;
        CommandResult bad = checkData(m, ver, key, WRITABLE);
        if (bad != null) {
            return noop(bad, term, index);
        }
        byte[] out;
        try (RangeSpace.Batch b = space.batch(); RangeReader reader = space.reader(m.boundary())) {
            try {
                out = change.apply(reader, b.writer(m.boundary()));
            } catch (RuntimeException e) {
                // the coprocessor failed the same way on every replica: answer the error, keep the data as it was
                return noop(CommandResult.fail(Status.ERROR, String.valueOf(e.getMessage())), term, index);
            }
            RangeMeta next = m.withApplied(term, index);
            b.putMeta(next).commit();
            meta = next;
        }
        return CommandResult.ok(out == null ? new byte[0] : out);
    }

    private CommandResult applySplit(RangeCommand.Split s, long term, long index) throws RocksDBException {
        RangeMeta m = meta;
        CommandResult bad = checkManagement(m, s.ver(), RangeState.Normal);
        if (bad == null && !m.boundary().isSplitKey(s.splitKey())) {
            bad = CommandResult.fail(Status.BAD_REQUEST, "split key outside " + m.boundary());
        }
        if (bad == null && engine.hasSpace(RangeGroups.spaceName(s.childId()))) {
            bad = CommandResult.fail(Status.BAD_REQUEST, "range " + s.childId() + " exists already");
        }
        if (bad != null) {
            return noop(bad, term, index);
        }
        long ver = RangeDescriptor.nextBoundaryVer(m.ver());
        Boundary right = m.boundary().right(s.splitKey());
        RangeMeta parent = m.withBoundary(ver, m.boundary().left(s.splitKey()), RangeState.Normal)
            .withApplied(term, index);
        // the child starts from its own snapshot at index 0, never from this log
        RangeMeta child = new RangeMeta(s.childId(), ver, right, RangeState.Normal, m.config(), 0, 0, null);
        RangeSpace childSpace = engine.openSpace(RangeGroups.spaceName(s.childId()));
        try (RangeSpace.Batch b = space.batch()) {
            b.copyTo(childSpace, right).putMetaOf(childSpace, child).deleteData(right).putMeta(parent).commit();
        }
        meta = parent;
        coProc.reset(parent.boundary());
        host.startChild(this, child);
        host.changed(this);
        return CommandResult.ok(child.encode());
    }

    private CommandResult applyCompleteMerge(RangeCommand.CompleteMerge c, long term, long index)
        throws RocksDBException, IOException {
        RangeMeta m = meta;
        if (m.state() != RangeState.PreparedMerging || !c.mergee().equals(m.mergePartner())) {
            return noop(CommandResult.fail(Status.BAD_REQUEST, "merge with " + c.mergee() + " was cancelled"), term,
                index);
        }
        RangeStateMachine mergee = awaitMergee(c);
        RangeMeta mm = mergee.meta();
        long ver = RangeDescriptor.nextBoundaryVer(Math.max(m.ver(), mm.ver()));
        RangeMeta next = m.withBoundary(ver, m.boundary().combine(mm.boundary()), RangeState.Normal)
            .withApplied(term, index);
        try (RangeSpace.Batch b = mergee.space.batch()) {
            b.copyTo(space, mm.boundary()).putMetaOf(space, next).commit();
        }
        meta = next;
        coProc.reset(next.boundary());
        host.changed(this);
        // the mergee's log may never deliver MergedAway here once other stores removed their replicas
        host.removeReplica(c.mergee());
        return CommandResult.ok(new byte[0]);
    }

    /**
     * Members are identical, so this store holds a replica of the mergee; it is frozen (WaitingForMerge) from
     * {@code mergeeIndex} on, and once it applied that far its data is the same on every store.
     */
    private RangeStateMachine awaitMergee(RangeCommand.CompleteMerge c) throws IOException {
        long logged = 0;
        while (!closed && host.running()) {
            Optional<RangeStateMachine> local = host.replica(c.mergee());
            if (local.isPresent()) {
                RangeMeta mm = local.get().meta();
                // Merged: the mergee may already have applied MergedAway; its store keeps it until we absorbed it
                boolean frozen = mm.state() == RangeState.WaitingForMerge || mm.state() == RangeState.Merged;
                if (mm.appliedIndex() >= c.mergeeIndex() && frozen && id.equals(mm.mergePartner())
                    && !local.get().isRemoved()) {
                    return local.get();
                }
            }
            if (System.nanoTime() - logged > TimeUnit.SECONDS.toNanos(10)) {
                LOG.info("range {} waits for its local mergee {} to reach index {}", id, c.mergee(), c.mergeeIndex());
                logged = System.nanoTime();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for mergee " + c.mergee());
            }
        }
        throw new IOException("closed while waiting for mergee " + c.mergee());
    }

    private CommandResult commitMeta(RangeMeta next, long term, long index) throws RocksDBException {
        RangeMeta withIndex = next.withApplied(term, index);
        try (RangeSpace.Batch b = space.batch()) {
            b.putMeta(withIndex).commit();
        }
        meta = withIndex;
        host.changed(this);
        return CommandResult.ok(new byte[0]);
    }

    private CommandResult noop(CommandResult result, long term, long index) {
        persistApplied(term, index);
        return result;
    }

    private CommandResult checkManagement(RangeMeta m, long ver, RangeState required) {
        if (m.state() == RangeState.NoUse) {
            return CommandResult.fail(Status.TRY_LATER, "range " + id + " has no data yet");
        }
        if (ver != m.ver()) {
            return CommandResult.fail(Status.BAD_VERSION, "range " + id + " is at version " + m.ver());
        }
        if (m.state() != required) {
            return CommandResult.fail(Status.TRY_LATER, "range " + id + " is " + m.state());
        }
        return null;
    }

    /** Null when a data operation at {@code ver} on {@code key} (null: no key) may proceed in state {@code m}. */
    public static CommandResult checkData(RangeMeta m, long ver, byte[] key, Set<RangeState> allowed) {
        if (m.state() == RangeState.NoUse) {
            return CommandResult.fail(Status.TRY_LATER, "range " + m.id() + " has no data yet");
        }
        if (RangeDescriptor.boundaryVer(ver) != RangeDescriptor.boundaryVer(m.ver())
            || key != null && !m.boundary().contains(key)) {
            return CommandResult.fail(Status.BAD_VERSION, "range " + m.id() + " is at version " + m.ver());
        }
        if (!allowed.contains(m.state())) {
            return CommandResult.fail(Status.TRY_LATER, "range " + m.id() + " is " + m.state());
        }
        return null;
    }

    public static Set<RangeState> writableStates() {
        return WRITABLE;
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        RangeCommand cmd;
        try {
            cmd = RangeCommand.decode(request.getContent().toByteArray());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(toMessage(CommandResult.fail(Status.BAD_REQUEST, e.getMessage())));
        }
        return read(cmd).thenApply(RangeStateMachine::toMessage);
    }

    /** Serves a read from this replica's data as it is now. */
    public CompletableFuture<CommandResult> read(RangeCommand cmd) {
        if (removed) {
            return CompletableFuture.completedFuture(CommandResult.fail(Status.TRY_LATER, "range " + id + " removed"));
        }
        long start = System.nanoTime();
        RangeMeta m = meta;
        long ver;
        byte[] key;
        if (cmd instanceof RangeCommand.Get g) {
            ver = g.ver();
            key = g.key();
        } else if (cmd instanceof RangeCommand.Exist e) {
            ver = e.ver();
            key = e.key();
        } else if (cmd instanceof RangeCommand.Query q) {
            ver = q.ver();
            key = null;
        } else {
            return CompletableFuture.completedFuture(CommandResult.fail(Status.BAD_REQUEST, "not a read"));
        }
        CommandResult bad = checkData(m, ver, key, READABLE);
        if (bad != null) {
            return CompletableFuture.completedFuture(bad);
        }
        if (key != null) {
            load.recordAccess(key);
        }
        RangeReader reader = space.snapshotReader(m.boundary());
        CompletableFuture<CommandResult> result;
        try {
            if (cmd instanceof RangeCommand.Get g) {
                Optional<byte[]> v = reader.get(g.key());
                byte[] out = v.map(b -> {
                    byte[] r = new byte[b.length + 1];
                    r[0] = 1;
                    System.arraycopy(b, 0, r, 1, b.length);
                    return r;
                }).orElse(new byte[] {0});
                result = CompletableFuture.completedFuture(CommandResult.ok(out));
            } else if (cmd instanceof RangeCommand.Exist e) {
                result = CompletableFuture.completedFuture(
                    CommandResult.ok(new byte[] {(byte) (reader.exist(e.key()) ? 1 : 0)}));
            } else {
                result = coProc.query(((RangeCommand.Query) cmd).input(), reader).thenApply(CommandResult::ok);
            }
        } catch (RuntimeException e) {
            result = CompletableFuture.completedFuture(CommandResult.fail(Status.ERROR, String.valueOf(e.getMessage())));
        }
        return result.handle((r, e) -> {
            reader.close();
            load.recordLatency(System.nanoTime() - start);
            return e == null ? r : CommandResult.fail(Status.ERROR, String.valueOf(e.getMessage()));
        });
    }

    private static Message toMessage(CommandResult r) {
        return Message.valueOf(ByteString.copyFrom(r.encode()));
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        boolean leader = newLeaderId != null && newLeaderId.toString().equals(host.storeId());
        KVRangeCoProc c = coProc;
        if (c != null) {
            c.onLeader(leader);
        }
        host.leaderChanged(this, leader);
    }

    @Override
    public void notifyLeaderReady() {
        host.changed(this);
    }

    @Override
    public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto newRaftConfiguration) {
        host.changed(this);
    }

    @Override
    public void notifyGroupRemove() {
        removed = true;
        closeCoProc();
        try {
            engine.dropSpace(RangeGroups.spaceName(id));
        } catch (RocksDBException e) {
            LOG.warn("range {}: cannot drop its data", id, e);
        }
        host.removed(this);
    }

    public boolean isRemoved() {
        return removed;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        closeCoProc();
        super.close();
    }

    private void closeCoProc() {
        KVRangeCoProc c = coProc;
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.warn("range {}: coprocessor close failed", id, e);
            }
        }
    }
}
