package io.heimdall.kv.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Ratis settings of one store's server: GRPC, small per-group buffers, slow elections for small busy machines. */
public final class RaftTuning {
    private RaftTuning() {
    }

    /**
     * @param fsync whether log writes are flushed before they count as done
     * @param snapshotEvery applied entries between automatic snapshots (which also purge the log)
     * @param segmentBytes size at which a log segment closes and becomes purgeable
     */
    public static RaftProperties properties(Path raftDir, String host, int port, boolean fsync,
                                            Duration electionMin, long snapshotEvery, long segmentBytes) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));
        GrpcConfigKeys.Server.setHost(p, host);
        GrpcConfigKeys.Server.setPort(p, port);
        long min = electionMin.toMillis();
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(min, java.util.concurrent.TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2 * min,
            java.util.concurrent.TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(Math.max(3000, 2 * min),
            java.util.concurrent.TimeUnit.MILLISECONDS));
        // the default 8 MB direct buffer per group is far too much for tens of groups per store
        long writeBuffer = Math.min(1L << 20, segmentBytes);
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(writeBuffer));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(segmentBytes));
        RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(256L << 10, segmentBytes)));
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf(writeBuffer / 2));
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, !fsync);
        // commit-index metadata entries would double the log writes; the applied index lives in RocksDB anyway
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        // a new or far-behind member must get a snapshot, so the log is purged right up to every snapshot
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, 1);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, snapshotEvery);
        RaftServerConfigKeys.Snapshot.setCreationGap(p, 1);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        // data is in RocksDB already; a snapshot on stop only slows restarts of big ranges
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, false);
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        // growing one voter to three adds a majority of new members at once
        RaftServerConfigKeys.LeaderElection.setMemberMajorityAdd(p, true);
        RaftServerConfigKeys.LeaderElection.setPreVote(p, true);
        return p;
    }
}
