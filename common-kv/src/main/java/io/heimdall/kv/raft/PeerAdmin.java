package io.heimdall.kv.raft;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

/**
 * Blocking Ratis client calls to other stores' servers over GRPC: creating and removing groups there and sending a
 * command to whichever member leads a group. Bounded retries, so an unreachable store fails the call.
 */
public final class PeerAdmin {
    private final RaftProperties properties = new RaftProperties();
    private final RetryPolicy retry =
        RetryPolicies.retryUpToMaximumCountWithFixedSleep(10, TimeDuration.valueOf(300, TimeUnit.MILLISECONDS));

    public PeerAdmin() {
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(5, TimeUnit.SECONDS));
    }

    /** Creates {@code group} on {@code peer}'s server; an already existing group counts as done. */
    public void addGroup(RaftPeer peer, RaftGroup group) throws IOException {
        try (RaftClient client = client(RaftGroup.valueOf(group.getGroupId(), peer))) {
            RaftClientReply reply = client.getGroupManagementApi(peer.getId()).add(group);
            if (!reply.isSuccess() && !String.valueOf(reply.getException()).contains("already exists")) {
                throw new IOException("cannot add group on " + peer.getId() + ": " + reply.getException());
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("already exists")) {
                throw e;
            }
        }
    }

    /** Removes a group from {@code peer}'s server and deletes its files there. */
    public void removeGroup(RaftPeer peer, RaftGroupId groupId) throws IOException {
        try (RaftClient client = client(RaftGroup.valueOf(groupId, peer))) {
            RaftClientReply reply = client.getGroupManagementApi(peer.getId()).remove(groupId, true, false);
            if (!reply.isSuccess()) {
                throw new IOException("cannot remove group on " + peer.getId() + ": " + reply.getException());
            }
        }
    }

    /** Sends a write to the leader of a group made of {@code peers} and answers what it applied. */
    public CommandResult send(RaftGroupId groupId, Collection<RaftPeer> peers, RangeCommand cmd) throws IOException {
        try (RaftClient client = client(RaftGroup.valueOf(groupId, peers))) {
            RaftClientReply reply = client.io().send(Message.valueOf(ByteString.copyFrom(cmd.encode())));
            if (!reply.isSuccess()) {
                throw new IOException("group " + groupId + " refused: " + reply.getException());
            }
            return CommandResult.decode(reply.getMessage().getContent().toByteArray());
        }
    }

    private RaftClient client(RaftGroup group) {
        return RaftClient.newBuilder().setProperties(properties).setRaftGroup(group).setClientId(ClientId.randomId())
            .setRetryPolicy(retry).build();
    }
}
