package io.heimdall.inbox.client;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.dist.client.InboxDeliverRequest;
import io.heimdall.inbox.store.InboxStoreWire;
import io.heimdall.inbox.store.InboxSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/** Calls {@code inbox.server} for the inbox of a persistent session; every call has a timeout and a typed failure. */
public final class InboxClient {
  /** Operation: a session mutation of one inbox. */
  public static final byte OP_MUTATE = 2;
  /** Operation: a session query of one inbox. */
  public static final byte OP_QUERY = 3;
  static final long TIMEOUT_MILLIS = 15_000;

  private final RpcClient rpc;

  /** A client on the given Vert.x instance. */
  public InboxClient(Vertx vertx) {
    this.rpc = new RpcClient(vertx);
  }

  /** Attaches a session to its inbox, creating (or with clean start, replacing) it. */
  public Future<InboxStoreWire.AttachResult> attach(InboxStoreWire.Attach attach) {
    return call(OP_MUTATE, attach.tenantId(), attach.inboxId(), InboxStoreWire.attach(attach))
      .map(InboxStoreWire::readAttachResult);
  }

  /** Detaches the session of a channel; answers the filters of the inbox when it was removed (expiry 0). */
  public Future<List<String>> detach(String tenantId, String inboxId, String channelId, long expirySeconds,
                                     boolean keepWill, long q1Sent) {
    return call(OP_MUTATE, tenantId, inboxId, InboxStoreWire.detach(tenantId, inboxId, channelId, expirySeconds,
      keepWill, q1Sent, System.currentTimeMillis())).map(InboxStoreWire::readFilters);
  }

  /** Removes an inbox if there is one (a read first, so clean connects cost no write); answers its filters. */
  public Future<List<String>> discard(String tenantId, String inboxId) {
    return call(OP_QUERY, tenantId, inboxId, InboxStoreWire.exists(tenantId, inboxId)).compose(out ->
      !InboxStoreWire.readBoolean(out) ? Future.succeededFuture(List.<String>of())
        : call(OP_MUTATE, tenantId, inboxId, InboxStoreWire.delete(tenantId, inboxId))
          .map(InboxStoreWire::readFilters));
  }

  /** Records a persistent subscription; answers the store's status byte. */
  public Future<Byte> subscribe(String tenantId, String inboxId, InboxSubscription sub, int maxFilters) {
    return call(OP_MUTATE, tenantId, inboxId, InboxStoreWire.subscribe(tenantId, inboxId, sub, maxFilters))
      .map(InboxStoreWire::readStatus);
  }

  /** Removes a persistent subscription; answers whether it existed. */
  public Future<Boolean> unsubscribe(String tenantId, String inboxId, String filter) {
    return call(OP_MUTATE, tenantId, inboxId, InboxStoreWire.unsubscribe(tenantId, inboxId, filter))
      .map(out -> InboxStoreWire.readStatus(out) == 1);
  }

  /** Reads up to {@code max} messages of each queue from the given sequence numbers on. */
  public Future<InboxStoreWire.FetchResult> fetch(String tenantId, String inboxId, long q0From, long q1From,
                                                  int max) {
    return call(OP_QUERY, tenantId, inboxId, InboxStoreWire.fetch(tenantId, inboxId, q0From, q1From, max))
      .map(InboxStoreWire::readFetchResult);
  }

  /** Acknowledges every message below the given sequence numbers and records the QoS 2 ones in PUBREC state. */
  public Future<Void> commit(String tenantId, String inboxId, long q0UpTo, long q1UpTo, List<Long> released) {
    return call(OP_MUTATE, tenantId, inboxId, InboxStoreWire.commit(tenantId, inboxId, q0UpTo, q1UpTo, released))
      .mapEmpty();
  }

  private Future<byte[]> call(byte op, String tenantId, String inboxId, byte[] command) {
    Buffer body = new BufferWriter().writeByte(InboxDeliverRequest.VERSION).writeByte(op).writeString(tenantId)
      .writeString(inboxId).writeBytes(Buffer.buffer(command)).buffer();
    return rpc.call(InboxDeliverRequest.ADDRESS, body, TIMEOUT_MILLIS).map(Buffer::getBytes);
  }

  /**
   * A session request as inbox.server receives it.
   *
   * @param tenantId the tenant
   * @param inboxId  the inbox, which routes the command to its range
   * @param command  the inbox.store command
   */
  public record SessionRequest(String tenantId, String inboxId, byte[] command) {
    /** Decodes the body after the two header bytes. */
    public static SessionRequest decodeBody(BufferReader in) {
      return new SessionRequest(in.readString(), in.readString(), in.readBytes().getBytes());
    }
  }
}
