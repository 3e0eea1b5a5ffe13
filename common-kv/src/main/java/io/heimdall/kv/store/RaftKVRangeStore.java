package io.heimdall.kv.store;

import io.heimdall.common.hlc.HLC;
import io.heimdall.kv.coproc.KVRangeCoProc;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.raft.CommandResult;
import io.heimdall.kv.raft.PeerAdmin;
import io.heimdall.kv.raft.RaftTuning;
import io.heimdall.kv.raft.RangeCommand;
import io.heimdall.kv.raft.RangeGroups;
import io.heimdall.kv.raft.RangeHost;
import io.heimdall.kv.raft.RangeStateMachine;
import io.heimdall.kv.storage.RangeMeta;
import io.heimdall.kv.storage.RangeSpace;
import io.heimdall.kv.storage.StoreEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KVRangeStore} whose ranges are Apache Ratis groups on one Raft server over one RocksDB: each range
 * replica is a {@link RangeStateMachine} writing into its own column family.
 */
public final class RaftKVRangeStore implements KVRangeStore {
    private static final Logger LOG = LoggerFactory.getLogger(RaftKVRangeStore.class);
    private static final long OP_TIMEOUT_MS = 30_000;

    private final KVRangeStoreOptions options;
    private final Map<KVRangeId, RangeStateMachine> replicas = new ConcurrentHashMap<>();
    private final Set<KVRangeId> busy = ConcurrentHashMap.newKeySet();
    /** Merged-away replicas being removed, so the merger and the mergee side do not both remove one. */
    private final Set<KVRangeId> removing = ConcurrentHashMap.newKeySet();
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final PeerAdmin peerAdmin = new PeerAdmin();
    private final Host host = new Host();
    private volatile StoreIdentity identity;
    private volatile StoreEngine engine;
    private volatile RaftServer server;
    private volatile ExecutorService admin;
    private volatile ExecutorService readers;
    private volatile ScheduledExecutorService scheduler;
    private volatile DescriptorListeners listeners;
    private volatile boolean running;
    /** Set when stopping begins; unlike {@code running} it is false during start, when Ratis already applies. */
    private volatile boolean stopping;
    private volatile EngineGuard guard = new EngineGuard();
    /** Walking the data directory is file I/O: done on the statistics tick, never inside describe(). */
    private volatile double diskBytes;

    public RaftKVRangeStore(KVRangeStoreOptions options) {
        this.options = options;
    }

    @Override
    public String id() {
        StoreIdentity i = identity;
        return i == null ? "" : i.id();
    }

    @Override
    public String storeName() {
        return options.storeName();
    }

    /** {@code host:port} of this store's Raft server. */
    public String raftEndpoint() {
        StoreIdentity i = identity;
        return options.raftHost() + ":" + (i == null ? options.raftPort() : i.raftPort());
    }

    /** Names of the range column families in this store's RocksDB (for tests of replica removal). */
    Set<String> columnFamilies() {
        StoreEngine e = engine;
        return e == null ? Set.of() : e.spaceNames();
    }

    @Override
    public synchronized CompletableFuture<Void> start() {
        if (running) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(this::startBlocking, newThread("start"));
    }

    private synchronized void startBlocking() {
        if (running) {
            return;
        }
        stopping = false;
        try {
            identity = StoreIdentity.loadOrCreate(options.dataDir(), options.raftHost(), options.raftPort());
            engine = new StoreEngine(options.dataDir().resolve("db"));
            guard = new EngineGuard();
            admin = Executors.newCachedThreadPool(daemon("admin"));
            readers = Executors.newFixedThreadPool(2, daemon("read"));
            scheduler = Executors.newSingleThreadScheduledExecutor(daemon("tick"));
            listeners = new DescriptorListeners(scheduler, this::describe);
            server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(identity.id()))
                .setProperties(RaftTuning.properties(options.dataDir().resolve("raft"), options.raftHost(),
                    identity.raftPort(), options.fsync(), options.electionTimeoutMin(),
                    options.snapshotAutoTriggerThreshold(), options.raftLogSegmentBytes()))
                .setStateMachineRegistry(gid -> newReplica(RangeGroups.rangeId(gid)))
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
            server.start();
            running = true;
            startUnstartedChildren();
            long every = options.statsInterval().toMillis();
            refreshDiskBytes();
            scheduler.scheduleAtFixedRate(() -> {
                refreshDiskBytes();
                listeners.fire();
            }, every, every, TimeUnit.MILLISECONDS);
            LOG.info("store {} of {} started on {} with {} ranges", id(), storeName(), raftEndpoint(),
                replicas.size());
        } catch (IOException | RocksDBException | RuntimeException e) {
            closeQuietly();
            throw new CompletionException(new KVRangeException(KVRangeException.Code.ERROR,
                "store " + storeName() + " cannot start in " + options.dataDir() + ": " + e.getMessage(), null, e));
        }
    }

    private RangeStateMachine newReplica(KVRangeId rangeId) {
        RangeStateMachine sm = new RangeStateMachine(rangeId, engine, host);
        replicas.put(rangeId, sm);
        return sm;
    }

    /**
     * A split commits the child's data before its group starts; a crash in between leaves a column family with
     * metadata and no group. Start those now; drop leftovers of replicas whose removal was interrupted.
     */
    private void startUnstartedChildren() throws RocksDBException, IOException {
        for (String name : engine.spaceNames()) {
            KVRangeId rangeId;
            try {
                rangeId = RangeGroups.fromSpaceName(name);
            } catch (RuntimeException e) {
                continue;
            }
            if (replicas.containsKey(rangeId)) {
                continue;
            }
            RangeSpace space = engine.openSpace(name);
            Optional<RangeMeta> meta = space.loadMeta();
            if (meta.isPresent() && meta.get().appliedIndex() == 0 && meta.get().state() == RangeState.Normal) {
                addLocalGroup(RaftGroup.valueOf(RangeGroups.groupId(rangeId), peersOf(meta.get().config())));
            } else {
                engine.dropSpace(name);
            }
        }
    }

    @Override
    public synchronized CompletableFuture<Void> stop() {
        if (!running) {
            return CompletableFuture.completedFuture(null);
        }
        running = false;
        stopping = true;
        return CompletableFuture.runAsync(this::closeQuietly, newThread("stop"));
    }

    private synchronized void closeQuietly() {
        running = false;
        stopping = true;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("store {}: closing Raft server failed", id(), e);
        }
        server = null;
        for (ExecutorService e : Arrays.asList(admin, readers, scheduler)) {
            if (e != null) {
                e.shutdownNow();
            }
        }
        guard.closeAndAwait(10_000);
        replicas.clear();
        busy.clear();
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    // ---------------------------------------------------------------- data operations

    @Override
    public CompletableFuture<Boolean> exist(long ver, KVRangeId id, byte[] key, boolean linearized) {
        return read(id, new RangeCommand.Exist(ver, key), linearized).thenApply(out -> out.length > 0 && out[0] == 1);
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(long ver, KVRangeId id, byte[] key, boolean linearized) {
        return read(id, new RangeCommand.Get(ver, key), linearized)
            .thenApply(out -> out[0] == 1 ? Optional.of(Arrays.copyOfRange(out, 1, out.length)) : Optional.empty());
    }

    @Override
    public CompletableFuture<byte[]> queryCoProc(long ver, KVRangeId id, byte[] query, boolean linearized) {
        return read(id, new RangeCommand.Query(ver, query), linearized);
    }

    @Override
    public CompletableFuture<byte[]> put(long ver, KVRangeId id, byte[] key, byte[] value) {
        if (key == null || value == null) {
            return badRequest("key and value must not be null");
        }
        return write(id, key, new RangeCommand.Put(ver, key, value));
    }

    @Override
    public CompletableFuture<byte[]> delete(long ver, KVRangeId id, byte[] key) {
        if (key == null) {
            return badRequest("key must not be null");
        }
        return write(id, key, new RangeCommand.Delete(ver, key));
    }

    @Override
    public CompletableFuture<byte[]> mutateCoProc(long ver, KVRangeId id, byte[] mutation) {
        if (mutation == null) {
            return badRequest("mutation must not be null");
        }
        return write(id, null, new RangeCommand.Mutate(ver, mutation));
    }

    private CompletableFuture<byte[]> write(KVRangeId id, byte[] key, RangeCommand cmd) {
        RangeStateMachine sm;
        try {
            sm = replica(id);
            long ver = cmd instanceof RangeCommand.Put p ? p.ver()
                : cmd instanceof RangeCommand.Delete d ? d.ver() : ((RangeCommand.Mutate) cmd).ver();
            check(sm, RangeStateMachine.checkData(sm.meta(), ver, key, RangeStateMachine.writableStates()));
            requireLeader(sm);
        } catch (KVRangeException e) {
            return CompletableFuture.failedFuture(e);
        }
        long start = System.nanoTime();
        if (key != null) {
            sm.load().recordAccess(key);
        }
        return submit(id, cmd, false).thenApply(r -> {
            sm.load().recordLatency(System.nanoTime() - start);
            return output(sm, r);
        });
    }

    private CompletableFuture<byte[]> read(KVRangeId id, RangeCommand cmd, boolean linearized) {
        RangeStateMachine sm;
        try {
            sm = replica(id);
            if (linearized) {
                requireLeader(sm);
            }
        } catch (KVRangeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (linearized) {
            return submit(id, cmd, true).thenApply(r -> output(sm, r));
        }
        EngineGuard g = guard;
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        try {
            readers.execute(() -> {
                if (!g.enter()) {
                    result.completeExceptionally(new KVRangeException(KVRangeException.Code.TRY_LATER,
                        "store " + storeName() + " is stopping"));
                    return;
                }
                try {
                    sm.read(cmd).whenComplete((r, e) -> {
                        g.exit();
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(r);
                        }
                    });
                } catch (RuntimeException e) {
                    g.exit();
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException | NullPointerException e) {
            return tryLater("store " + storeName() + " is stopping");
        }
        return result.thenApply(r -> output(sm, r));
    }

    /** Hands a command to this store's own Raft server: a write through the log, or a read after a read index. */
    private CompletableFuture<CommandResult> submit(KVRangeId id, RangeCommand cmd, boolean readOnly) {
        RaftServer s = server;
        if (s == null || !running) {
            return tryLater("store " + storeName() + " is not running");
        }
        RaftClientRequest request = RaftClientRequest.newBuilder()
            .setClientId(clientId)
            .setServerId(s.getId())
            .setGroupId(RangeGroups.groupId(id))
            .setCallId(callIds.incrementAndGet())
            .setMessage(Message.valueOf(ByteString.copyFrom(cmd.encode())))
            .setType(readOnly ? RaftClientRequest.readRequestType() : RaftClientRequest.writeRequestType())
            .build();
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = s.submitClientRequestAsync(request);
        } catch (IOException e) {
            return tryLater("range " + id + ": " + e.getMessage());
        }
        return reply.orTimeout(OP_TIMEOUT_MS, TimeUnit.MILLISECONDS).handle((r, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof TimeoutException) {
                    throw new KVRangeException(KVRangeException.Code.TRY_LATER, "range " + id + " timed out");
                }
                throw new KVRangeException(KVRangeException.Code.TRY_LATER, "range " + id + ": " + cause, null, cause);
            }
            if (!r.isSuccess()) {
                throw new KVRangeException(KVRangeException.Code.TRY_LATER,
                    "range " + id + ": " + r.getException(), null, r.getException());
            }
            return CommandResult.decode(r.getMessage().getContent().toByteArray());
        });
    }

    private byte[] output(RangeStateMachine sm, CommandResult r) {
        switch (r.status()) {
            case OK:
                return r.output();
            case BAD_VERSION:
                throw KVRangeException.badVersion(RangeDescriptors.of(this, sm));
            case TRY_LATER:
                throw new KVRangeException(KVRangeException.Code.TRY_LATER, r.message());
            case BAD_REQUEST:
                throw new KVRangeException(KVRangeException.Code.BAD_REQUEST, r.message());
            default:
                throw new KVRangeException(KVRangeException.Code.ERROR, r.message());
        }
    }

    // ---------------------------------------------------------------- management operations

    @Override
    public CompletableFuture<Boolean> bootstrap(KVRangeId id, Boundary boundary) {
        if (id == null || boundary == null) {
            return badRequest("range id and boundary are required");
        }
        return onAdmin(() -> {
            String name = RangeGroups.spaceName(id);
            if (replicas.containsKey(id) || engine.hasSpace(name)) {
                return false;
            }
            RangeSpace space = engine.openSpace(name);
            RangeMeta meta = new RangeMeta(id, 0, boundary, RangeState.Normal, ClusterConfig.of(Set.of(id()), Set.of()),
                0, 0, null);
            try (RangeSpace.Batch b = space.batch()) {
                b.putMeta(meta).commit();
            }
            addLocalGroup(RaftGroup.valueOf(RangeGroups.groupId(id), selfPeer(RaftPeerRole.FOLLOWER)));
            LOG.info("store {} bootstrapped range {} {}", id(), id, boundary);
            return true;
        });
    }

    @Override
    public CompletableFuture<Void> transferLeadership(long ver, KVRangeId id, String newLeaderStore) {
        return manage(ver, id, sm -> {
            if (!sm.meta().config().voters().contains(newLeaderStore)) {
                throw new KVRangeException(KVRangeException.Code.BAD_REQUEST, newLeaderStore + " is not a voter");
            }
            if (newLeaderStore.equals(id())) {
                return null;
            }
            RaftClientReply reply = await(server.transferLeadershipAsync(new TransferLeadershipRequest(clientId,
                server.getId(), RangeGroups.groupId(id), callIds.incrementAndGet(),
                RaftPeerId.valueOf(newLeaderStore), 10_000)));
            if (!reply.isSuccess()) {
                throw new KVRangeException(KVRangeException.Code.TRY_LATER,
                    "leadership transfer failed: " + reply.getException());
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> changeReplicaConfig(long ver, KVRangeId id, Set<String> voters,
                                                       Set<String> learners) {
        if (voters == null || learners == null || voters.isEmpty()) {
            return badRequest("a range needs at least one voter");
        }
        if (voters.stream().anyMatch(learners::contains)) {
            return badRequest("a store cannot be voter and learner at once");
        }
        if (!voters.contains(id())) {
            // Ratis closes a leader's replica once it commits a conf without it, before anyone records the change
            return badRequest("the leader cannot remove itself: transfer leadership to a remaining voter first");
        }
        return manage(ver, id, sm -> {
            Map<String, RaftPeer> voterPeers = resolve(voters, RaftPeerRole.FOLLOWER);
            Map<String, RaftPeer> learnerPeers = resolve(learners, RaftPeerRole.LISTENER);
            expect(await(submit(id, new RangeCommand.BeginConfigChange(ver, voters, learners), false)), sm);
            RaftGroupId gid = RangeGroups.groupId(id);
            RaftConfiguration current = division(gid).getRaftConf();
            Set<String> before = members(current);
            List<RaftPeer> all = new ArrayList<>(voterPeers.values());
            all.addAll(learnerPeers.values());
            // a new member starts with the current membership, which does not include it: it then waits for the
            // leader instead of electing among the other newcomers with empty logs
            RaftGroup existing = RaftGroup.valueOf(gid, current.getAllPeers());
            try {
                if (all.stream().anyMatch(p -> !before.contains(p.getId().toString()))) {
                    // newcomers start from the latest snapshot; one taken now keeps them from replaying splits and
                    // merges whose local effects (child groups, mergee data) they could not reproduce
                    RaftClientReply snap = await(server.snapshotManagementAsync(SnapshotManagementRequest.newCreate(
                        clientId, server.getId(), gid, callIds.incrementAndGet(), OP_TIMEOUT_MS)));
                    if (!snap.isSuccess()) {
                        throw new KVRangeException(KVRangeException.Code.TRY_LATER,
                            "cannot snapshot before adding members: " + snap.getException());
                    }
                }
                for (RaftPeer p : all) {
                    if (!before.contains(p.getId().toString())) {
                        peerAdmin.addGroup(p, existing);
                    }
                }
                RaftClientReply reply = await(server.setConfigurationAsync(new SetConfigurationRequest(clientId,
                    server.getId(), gid, callIds.incrementAndGet(), new ArrayList<>(voterPeers.values()),
                    new ArrayList<>(learnerPeers.values()))));
                if (!reply.isSuccess()) {
                    throw new KVRangeException(KVRangeException.Code.TRY_LATER,
                        "config change failed: " + reply.getException(), null, reply.getException());
                }
            } finally {
                finishConfigChange(id, before);
            }
            return null;
        });
    }

    /** Records the membership Raft reached and removes the group from stores that left it. */
    private void finishConfigChange(KVRangeId id, Set<String> before) {
        try {
            RaftConfiguration conf = division(RangeGroups.groupId(id)).getRaftConf();
            Set<String> voters = ids(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
            Set<String> learners = ids(conf.getCurrentPeers(RaftPeerRole.LISTENER));
            CommandResult r = await(submit(id, new RangeCommand.EndConfigChange(voters, learners), false));
            if (r.status() != CommandResult.Status.OK) {
                return;
            }
            Set<String> gone = new TreeSet<>(before);
            gone.removeAll(voters);
            gone.removeAll(learners);
            for (String store : gone) {
                removeGroupOn(store, id);
            }
        } catch (RuntimeException e) {
            // not leader any more: the next leader finishes the change when it takes over
            LOG.info("range {}: config change left to the next leader: {}", id, e.getMessage());
        }
    }

    private void removeGroupOn(String store, KVRangeId id) {
        try {
            if (store.equals(id())) {
                removeLocalGroup(id);
            } else {
                peerAdmin.removeGroup(peer(store, RaftPeerRole.FOLLOWER), RangeGroups.groupId(id));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("range {}: cannot remove replica on {} ({}); it stays a zombie until it quits", id, store,
                e.getMessage());
        }
    }

    @Override
    public CompletableFuture<Void> split(long ver, KVRangeId id, byte[] splitKey) {
        if (splitKey == null) {
            return badRequest("split key is required");
        }
        return manage(ver, id, sm -> {
            byte[] key = options.coProcFactory().toSplitKey(splitKey).orElseThrow(() ->
                new KVRangeException(KVRangeException.Code.BAD_REQUEST, "the service cannot split at this key"));
            if (!sm.meta().boundary().isSplitKey(key)) {
                throw new KVRangeException(KVRangeException.Code.BAD_REQUEST,
                    "split key not inside " + sm.meta().boundary());
            }
            KVRangeId child = new KVRangeId(id.epoch(), HLC.INST.get());
            expect(await(submit(id, new RangeCommand.Split(ver, key, child), false)), sm);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> merge(long ver, KVRangeId mergerId, KVRangeId mergeeId) {
        return manage(ver, mergerId, merger -> {
            RangeStateMachine mergee = replica(mergeeId);
            RangeMeta mm = merger.meta();
            RangeMeta em = mergee.meta();
            if (!mm.boundary().isAdjacentTo(em.boundary())) {
                throw new KVRangeException(KVRangeException.Code.BAD_REQUEST,
                    "range " + mergeeId + " does not start where " + mergerId + " ends");
            }
            if (em.state() != RangeState.Normal || !mm.config().equals(em.config())
                || !members(division(RangeGroups.groupId(mergerId)).getRaftConf())
                .equals(members(division(RangeGroups.groupId(mergeeId)).getRaftConf()))) {
                throw new KVRangeException(KVRangeException.Code.TRY_LATER,
                    "ranges " + mergerId + " and " + mergeeId + " need identical members in Normal state");
            }
            new MergeProtocol(mergerId, mergeeId, mm.boundary().end()).run(ver);
            return null;
        });
    }

    /** The merger leader's side of a merge; see DESIGN.md: whichever of complete and cancel commits first wins. */
    private final class MergeProtocol {
        private final KVRangeId merger;
        private final KVRangeId mergee;
        private final byte[] mergerEnd;

        MergeProtocol(KVRangeId merger, KVRangeId mergee, byte[] mergerEnd) {
            this.merger = merger;
            this.mergee = mergee;
            this.mergerEnd = mergerEnd;
        }

        void run(long ver) {
            RangeStateMachine sm = replica(merger);
            expect(await(submit(merger, new RangeCommand.PrepareMerge(ver, mergee), false)), sm);
            CommandResult waiting;
            try {
                waiting = sendTo(mergee, new RangeCommand.WaitForMerge(merger, mergerEnd));
            } catch (RuntimeException e) {
                waiting = CommandResult.fail(CommandResult.Status.TRY_LATER, String.valueOf(e.getMessage()));
            }
            if (waiting.status() != CommandResult.Status.OK) {
                cancelMerger();
                throw new KVRangeException(KVRangeException.Code.TRY_LATER, "mergee refused: " + waiting.message());
            }
            long frozenAt = ByteBuffer.wrap(waiting.output()).getLong();
            CommandResult done;
            try {
                done = await(submit(merger, new RangeCommand.CompleteMerge(mergee, frozenAt), false));
            } catch (KVRangeException e) {
                done = CommandResult.fail(CommandResult.Status.TRY_LATER, e.getMessage());
            }
            if (done.status() != CommandResult.Status.OK && cancelMerger()) {
                sendQuietly(new RangeCommand.CancelMerge(merger));
                throw new KVRangeException(KVRangeException.Code.TRY_LATER, "merge cancelled: " + done.message());
            }
            // completed, or the cancel lost against a completion that committed first
            sendQuietly(new RangeCommand.MergedAway(merger));
        }

        /** True when the cancel committed, false when the merge had completed before it. */
        private boolean cancelMerger() {
            CommandResult r = await(submit(merger, new RangeCommand.CancelMerge(mergee), false));
            return r.status() == CommandResult.Status.OK;
        }

        private void sendQuietly(RangeCommand cmd) {
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    sendTo(mergee, cmd);
                    return;
                } catch (RuntimeException e) {
                    LOG.info("range {}: telling mergee {} failed, retrying: {}", merger, mergee, e.getMessage());
                }
            }
        }
    }

    /** Sends a write to the leader of a range this store hosts a replica of, wherever that leader is. */
    private CommandResult sendTo(KVRangeId id, RangeCommand cmd) {
        RangeStateMachine sm = replica(id);
        if (isLeader(sm)) {
            return await(submit(id, cmd, false));
        }
        try {
            RaftGroupId gid = RangeGroups.groupId(id);
            return peerAdmin.send(gid, division(gid).getRaftConf().getCurrentPeers(), cmd);
        } catch (IOException e) {
            throw new KVRangeException(KVRangeException.Code.TRY_LATER, "range " + id + ": " + e.getMessage(), null,
                e);
        }
    }

    @Override
    public CompletableFuture<Void> quit(long ver, KVRangeId id) {
        return onAdmin(() -> {
            RangeStateMachine sm = replica(id);
            if (sm.meta().ver() != ver) {
                throw KVRangeException.badVersion(RangeDescriptors.of(this, sm));
            }
            removeLocalGroup(id);
            return null;
        });
    }

    /** One management operation at a time per range, on this store's leader replica, at the exact version. */
    private <T> CompletableFuture<T> manage(long ver, KVRangeId id, AdminAction<RangeStateMachine, T> action) {
        RangeStateMachine sm;
        try {
            sm = replica(id);
            if (sm.meta().ver() != ver) {
                throw KVRangeException.badVersion(RangeDescriptors.of(this, sm));
            }
            requireLeader(sm);
            if (!busy.add(id)) {
                throw new KVRangeException(KVRangeException.Code.TRY_LATER, "range " + id + " is busy");
            }
        } catch (KVRangeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return onAdmin(() -> {
            try {
                return action.run(sm);
            } finally {
                busy.remove(id);
            }
        });
    }

    /** A blocking management step. */
    private interface AdminAction<A, T> {
        T run(A arg) throws Exception;
    }

    private <T> CompletableFuture<T> onAdmin(java.util.concurrent.Callable<T> task) {
        ExecutorService a = admin;
        if (a == null || !running) {
            return tryLater("store " + storeName() + " is not running");
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            a.execute(() -> {
                try {
                    f.complete(task.call());
                } catch (KVRangeException e) {
                    f.completeExceptionally(e);
                } catch (Exception e) {
                    f.completeExceptionally(new KVRangeException(KVRangeException.Code.ERROR,
                        String.valueOf(e.getMessage()), null, e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return tryLater("store " + storeName() + " is stopping");
        }
        return f;
    }

    private void expect(CommandResult r, RangeStateMachine sm) {
        output(sm, r);
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(OP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KVRangeException(KVRangeException.Code.TRY_LATER, "interrupted");
        } catch (TimeoutException e) {
            throw new KVRangeException(KVRangeException.Code.TRY_LATER, "timed out");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KVRangeException k) {
                throw k;
            }
            throw new KVRangeException(KVRangeException.Code.TRY_LATER, String.valueOf(e.getCause()), null,
                e.getCause());
        }
    }

    // ---------------------------------------------------------------- Raft plumbing

    private void addLocalGroup(RaftGroup group) throws IOException {
        RaftClientReply reply = await(server.groupManagementAsync(GroupManagementRequest.newAdd(clientId,
            server.getId(), callIds.incrementAndGet(), group)));
        if (!reply.isSuccess()) {
            throw new IOException("cannot start group " + group.getGroupId() + ": " + reply.getException());
        }
    }

    private void removeLocalGroup(KVRangeId id) throws IOException {
        RaftClientReply reply = await(server.groupManagementAsync(GroupManagementRequest.newRemove(clientId,
            server.getId(), callIds.incrementAndGet(), RangeGroups.groupId(id), true, false)));
        if (!reply.isSuccess()) {
            throw new IOException("cannot remove group of " + id + ": " + reply.getException());
        }
    }

    RaftServer.Division division(RaftGroupId gid) {
        try {
            return server.getDivision(gid);
        } catch (IOException | NullPointerException e) {
            throw new KVRangeException(KVRangeException.Code.NOT_FOUND, "no replica of group " + gid);
        }
    }

    boolean isLeader(RangeStateMachine sm) {
        try {
            // a leader serves only once it committed an entry of its term
            DivisionInfo info = division(RangeGroups.groupId(sm.rangeId())).getInfo();
            return info.isLeader() && info.isLeaderReady();
        } catch (KVRangeException e) {
            return false;
        }
    }

    private void requireLeader(RangeStateMachine sm) {
        if (!isLeader(sm)) {
            throw new KVRangeException(KVRangeException.Code.TRY_LATER,
                "store " + id() + " does not lead range " + sm.rangeId());
        }
    }

    private RangeStateMachine replica(KVRangeId id) {
        RangeStateMachine sm = id == null ? null : replicas.get(id);
        if (sm == null || sm.isRemoved() || !running) {
            throw new KVRangeException(KVRangeException.Code.NOT_FOUND, "store " + id() + " hosts no range " + id);
        }
        if (!sm.hasMeta()) {
            throw new KVRangeException(KVRangeException.Code.TRY_LATER, "range " + id + " is still starting on store "
                + id());
        }
        return sm;
    }

    private void check(RangeStateMachine sm, CommandResult bad) {
        if (bad != null) {
            output(sm, bad);
        }
    }

    private RaftPeer selfPeer(RaftPeerRole role) {
        return RaftPeer.newBuilder().setId(id()).setAddress(raftEndpoint()).setStartupRole(role).build();
    }

    private RaftPeer peer(String store, RaftPeerRole role) {
        if (store.equals(id())) {
            return selfPeer(role);
        }
        String address = options.peerResolver().apply(store).orElseThrow(() ->
            new KVRangeException(KVRangeException.Code.TRY_LATER, "address of store " + store + " unknown"));
        return RaftPeer.newBuilder().setId(store).setAddress(address).setStartupRole(role).build();
    }

    private Map<String, RaftPeer> resolve(Set<String> stores, RaftPeerRole role) {
        Map<String, RaftPeer> peers = new java.util.TreeMap<>();
        for (String s : stores) {
            peers.put(s, peer(s, role));
        }
        return peers;
    }

    private List<RaftPeer> peersOf(ClusterConfig config) {
        List<RaftPeer> peers = new ArrayList<>();
        config.voters().forEach(s -> peers.add(peer(s, RaftPeerRole.FOLLOWER)));
        config.learners().forEach(s -> peers.add(peer(s, RaftPeerRole.LISTENER)));
        return peers;
    }

    private static Set<String> members(RaftConfiguration conf) {
        Set<String> all = new TreeSet<>(ids(conf.getCurrentPeers(RaftPeerRole.FOLLOWER)));
        all.addAll(ids(conf.getCurrentPeers(RaftPeerRole.LISTENER)));
        return all;
    }

    private static Set<String> ids(java.util.Collection<RaftPeer> peers) {
        Set<String> s = new TreeSet<>();
        peers.forEach(p -> s.add(p.getId().toString()));
        return s;
    }

    private <T> CompletableFuture<T> badRequest(String message) {
        return CompletableFuture.failedFuture(new KVRangeException(KVRangeException.Code.BAD_REQUEST, message));
    }

    private static <T> CompletableFuture<T> tryLater(String message) {
        return CompletableFuture.failedFuture(new KVRangeException(KVRangeException.Code.TRY_LATER, message));
    }

    private ThreadFactory daemon(String what) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "kvstore-" + storeName() + "-" + what + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private java.util.concurrent.Executor newThread(String what) {
        return r -> daemon(what).newThread(r).start();
    }

    // ---------------------------------------------------------------- descriptors

    @Override
    public StoreDescriptor describe() {
        List<io.heimdall.kv.range.RangeDescriptor> ranges = new ArrayList<>();
        EngineGuard g = guard;
        if (running && g.enter()) {
            try {
                for (RangeStateMachine sm : replicas.values()) {
                    // a replica still loading its first snapshot has nothing to publish yet
                    if (!sm.isRemoved() && sm.hasMeta()) {
                        ranges.add(RangeDescriptors.of(this, sm));
                    }
                }
            } finally {
                g.exit();
            }
        }
        Map<String, Double> stats = Map.of("cpu.usage", StoreStatistics.cpuUsage(), "disk", diskBytes,
            "ranges", (double) ranges.size());
        return new StoreDescriptor(id(), options.hostId(), raftEndpoint(), options.attributes(), stats, ranges,
            HLC.INST.get());
    }

    private void refreshDiskBytes() {
        long bytes = StoreStatistics.diskBytes(options.dataDir());
        if (bytes >= 0) {
            diskBytes = bytes;
        }
    }

    @Override
    public AutoCloseable onDescriptorChange(Consumer<StoreDescriptor> listener) {
        DescriptorListeners l = listeners;
        if (l == null) {
            throw new IllegalStateException("store " + storeName() + " is not started");
        }
        return l.add(listener);
    }

    private void changed() {
        DescriptorListeners l = listeners;
        if (l != null) {
            l.changed();
        }
    }

    /** A new leader finishes what its predecessor left half done: a config change or a merge it prepared. */
    private void takeOver(RangeStateMachine sm) {
        KVRangeId id = sm.rangeId();
        if (!running || !isLeader(sm) || !busy.add(id)) {
            return;
        }
        try {
            RangeMeta m = sm.meta();
            if (m.state() == RangeState.ConfigChanging) {
                finishConfigChange(id, m.config().allStores());
            } else if (m.state() == RangeState.PreparedMerging && m.mergePartner() != null) {
                CommandResult r = await(submit(id, new RangeCommand.CancelMerge(m.mergePartner()), false));
                if (r.status() == CommandResult.Status.OK) {
                    sendTo(m.mergePartner(), new RangeCommand.CancelMerge(id));
                }
            }
        } catch (RuntimeException e) {
            LOG.info("range {}: take-over after leader change did not finish: {}", id, e.getMessage());
        } finally {
            busy.remove(id);
        }
    }

    /**
     * A merged-away replica leaves only after this store's replica of the merger copied its data: the merger
     * replica may apply the merge later than the mergee applied MergedAway.
     */
    private void awaitAbsorbed(KVRangeId mergeeId) throws InterruptedException {
        RangeStateMachine mergee = replicas.get(mergeeId);
        if (mergee == null) {
            return;
        }
        KVRangeId mergerId = mergee.meta().mergePartner();
        byte[] mergeeStart = mergee.meta().boundary().start();
        while (running && mergerId != null && mergeeStart != null) {
            RangeStateMachine merger = replicas.get(mergerId);
            if (merger == null || merger.isRemoved() || merger.meta().boundary().contains(mergeeStart)) {
                break;
            }
            Thread.sleep(50);
        }
        // a mergee leader stays until its followers know the frozen entries are committed, or they could never
        // apply them and their mergers would wait forever; bounded, as a follower may be down for good
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long frozen = mergee.meta().appliedIndex();
        while (running && System.nanoTime() < deadline && isLeader(mergee)) {
            boolean allKnow = true;
            for (org.apache.ratis.proto.RaftProtos.CommitInfoProto c
                : division(RangeGroups.groupId(mergeeId)).getCommitInfos()) {
                allKnow &= c.getCommitIndex() >= frozen;
            }
            if (allKnow) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** The store side of every replica's callbacks. */
    private final class Host implements RangeHost {
        @Override
        public String storeId() {
            return id();
        }

        @Override
        public boolean running() {
            return !stopping;
        }

        @Override
        public KVRangeCoProc createCoProc(KVRangeId id, Supplier<KVReader> latestReader) {
            return options.coProcFactory().create(storeName(), id(), id, latestReader);
        }

        @Override
        public Optional<RangeStateMachine> replica(KVRangeId id) {
            return Optional.ofNullable(replicas.get(id));
        }

        @Override
        public void startChild(RangeStateMachine parent, RangeMeta child) {
            List<RaftPeer> peers;
            try {
                RaftConfiguration conf = division(RangeGroups.groupId(parent.rangeId())).getRaftConf();
                peers = new ArrayList<>();
                for (RaftPeer p : conf.getCurrentPeers(RaftPeerRole.FOLLOWER)) {
                    peers.add(RaftPeer.newBuilder().setId(p.getId()).setAddress(p.getAddress())
                        .setStartupRole(RaftPeerRole.FOLLOWER).build());
                }
                for (RaftPeer p : conf.getCurrentPeers(RaftPeerRole.LISTENER)) {
                    peers.add(RaftPeer.newBuilder().setId(p.getId()).setAddress(p.getAddress())
                        .setStartupRole(RaftPeerRole.LISTENER).build());
                }
            } catch (RuntimeException e) {
                peers = peersOf(child.config());
            }
            RaftGroup group = RaftGroup.valueOf(RangeGroups.groupId(child.id()), peers);
            ExecutorService a = admin;
            if (a != null) {
                a.execute(() -> {
                    try {
                        addLocalGroup(group);
                        LOG.info("store {} started split child {} {}", id(), child.id(), child.boundary());
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("store {}: cannot start split child {}; retried on restart", id(), child.id(), e);
                    }
                });
            }
        }

        @Override
        public void removeReplica(KVRangeId id) {
            ExecutorService a = admin;
            if (a != null && removing.add(id)) {
                a.execute(() -> {
                    try {
                        awaitAbsorbed(id);
                        RangeStateMachine sm = replicas.get(id);
                        if (sm != null) {
                            sm.markQuitting();
                        }
                        removeLocalGroup(id);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("store {}: cannot remove merged range {}", id(), id, e);
                    } finally {
                        removing.remove(id);
                    }
                });
            }
        }

        @Override
        public void changed(RangeStateMachine replica) {
            RaftKVRangeStore.this.changed();
        }

        @Override
        public void leaderChanged(RangeStateMachine replica, boolean isLeader) {
            RaftKVRangeStore.this.changed();
            ScheduledExecutorService s = scheduler;
            ExecutorService a = admin;
            if (isLeader && s != null && a != null) {
                try {
                    // let the new leader settle (leader ready) before proposing
                    s.schedule(() -> a.execute(() -> takeOver(replica)), 500, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    LOG.debug("store stopping", e);
                }
            }
        }

        @Override
        public void removed(RangeStateMachine replica) {
            replicas.remove(replica.rangeId(), replica);
            RaftKVRangeStore.this.changed();
        }
    }
}
