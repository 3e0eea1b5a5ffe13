package io.heimdall.dist.client;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.common.message.MessageCodec;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/** Request encodings of the {@code dist.server} service: {@code [version][op][body]}. */
public final class DistWire {
  /** Schema version, first byte of every request. */
  public static final byte VERSION = 1;
  /** Publish a batch of one tenant. */
  public static final byte OP_PUB = 1;
  /** Add a route of a (tenant, filter) to a receiver node. */
  public static final byte OP_ADD_ROUTE = 2;
  /** Remove such a route. */
  public static final byte OP_REMOVE_ROUTE = 3;

  private DistWire() {
  }

  /** One message of a publish batch. */
  public record PubItem(ClientInfo publisher, String topic, Message message) {
  }

  /** A route request: the tenant, the raw filter (shared ones keep their prefix) and the receiving node. */
  public record RouteItem(String tenantId, String rawFilter, String receiverServerId) {
  }

  /** Encodes a publish batch of one tenant. */
  public static Buffer pub(String tenantId, List<PubItem> items) {
    BufferWriter out = new BufferWriter().writeByte(VERSION).writeByte(OP_PUB).writeString(tenantId)
      .writeInt(items.size());
    for (PubItem item : items) {
      MessageCodec.write(out, item.publisher());
      out.writeString(item.topic());
      MessageCodec.write(out, item.message());
    }
    return out.buffer();
  }

  /** Decodes the body of a publish batch after the header; the tenant comes first. */
  public static List<PubItem> readPubItems(BufferReader in) {
    int n = in.readCount();
    List<PubItem> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ClientInfo publisher = MessageCodec.readClientInfo(in);
      String topic = in.readString();
      items.add(new PubItem(publisher, topic, MessageCodec.readMessage(in)));
    }
    return items;
  }

  /** Encodes a route request. */
  public static Buffer route(byte op, RouteItem route) {
    return new BufferWriter().writeByte(VERSION).writeByte(op).writeString(route.tenantId())
      .writeString(route.rawFilter()).writeString(route.receiverServerId()).buffer();
  }

  /** Decodes the body of a route request after the header. */
  public static RouteItem readRoute(BufferReader in) {
    return new RouteItem(in.readString(), in.readString(), in.readString());
  }

  /** Encodes the per-message results of a publish batch. */
  public static Buffer pubResults(List<PubResult> results) {
    Buffer out = Buffer.buffer(results.size());
    results.forEach(r -> out.appendByte(r.wire()));
    return out;
  }

  /** Decodes per-message results; missing entries read as ERROR. */
  public static List<PubResult> readPubResults(Buffer body, int expected) {
    List<PubResult> out = new ArrayList<>(expected);
    for (int i = 0; i < expected; i++) {
      out.add(i < body.length() ? PubResult.fromWire(body.getByte(i)) : PubResult.ERROR);
    }
    return out;
  }
}
