package io.heimdall.kv.store;

import io.heimdall.common.hlc.HLC;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.SyncState;
import io.heimdall.kv.raft.RangeGroups;
import io.heimdall.kv.raft.RangeStateMachine;
import io.heimdall.kv.storage.RangeMeta;
import java.util.HashMap;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/** Builds the published view of one range replica from its metadata, its Raft division and its load. */
final class RangeDescriptors {
    /** How far behind the leader's commit index a peer may be and still count as replicating. */
    private static final long REPLICATING_LAG = 1000;

    private RangeDescriptors() {
    }

    static RangeDescriptor of(RaftKVRangeStore store, RangeStateMachine sm) {
        RangeMeta m = sm.meta();
        RaftRole role = RaftRole.Follower;
        Map<String, SyncState> sync = new HashMap<>();
        Map<String, Double> stats = new HashMap<>();
        stats.put("dataSize", (double) sm.approximateDataSize());
        stats.put("appliedIndex", (double) m.appliedIndex());
        try {
            RaftServer.Division d = store.division(RangeGroups.groupId(sm.rangeId()));
            DivisionInfo info = d.getInfo();
            // a leader that has not committed in its term yet cannot serve: publish it as still electing
            boolean listener = info.isListener() || d.getRaftConf().getPeer(d.getId(), RaftPeerRole.LISTENER) != null;
            if (info.isLeader()) {
                role = info.isLeaderReady() ? RaftRole.Leader : RaftRole.Candidate;
            } else if (listener) {
                role = RaftRole.Learner;
            } else {
                role = info.isCandidate() ? RaftRole.Candidate : RaftRole.Follower;
            }
            stats.put("appliedIndex", (double) info.getLastAppliedIndex());
            stats.put("logStartIndex", (double) d.getRaftLog().getStartIndex());
            if (info.isLeader()) {
                long leaderCommit = 0;
                for (CommitInfoProto c : d.getCommitInfos()) {
                    leaderCommit = Math.max(leaderCommit, c.getCommitIndex());
                }
                long logStart = d.getRaftLog().getStartIndex();
                for (CommitInfoProto c : d.getCommitInfos()) {
                    String peer = c.getServer().getId().toStringUtf8();
                    long commit = c.getCommitIndex();
                    SyncState s = leaderCommit - commit <= REPLICATING_LAG ? SyncState.Replicating
                        : commit < logStart ? SyncState.SnapshotSyncing : SyncState.Probing;
                    sync.put(peer, s);
                }
            }
        } catch (RuntimeException e) {
            // the group is starting or going away: publish what the metadata says
        }
        return new RangeDescriptor(m.id(), m.ver(), m.boundary(), m.state(), role, m.config(), sync, stats,
            sm.load().hint(m.boundary()), HLC.INST.get());
    }
}
