package io.heimdall.dist.client;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.common.message.MessageCodec;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Messages matched for persistent subscriptions, sent by dist.server to {@code inbox.server}, which appends them to
 * the inboxes; the reply says per item whether its inbox exists, so routes of vanished inboxes can be removed.
 *
 * @param items what to append, in publish order
 */
public record InboxDeliverRequest(List<Item> items) {
  /** The inbox service address. */
  public static final String ADDRESS = "inbox.server";
  /** Schema version of inbox.server bodies. */
  public static final byte VERSION = 1;
  /** The operation code of a delivery; inbox.server's other operations use other codes. */
  public static final byte OP_DELIVER = 1;

  /**
   * One message for one inbox.
   *
   * @param tenantId  the tenant
   * @param inboxId   the inbox
   * @param topic     the topic it was published to
   * @param filters   the inbox's raw filters it matched
   * @param publisher who published it
   * @param message   the message
   */
  public record Item(String tenantId, String inboxId, String topic, List<String> filters, ClientInfo publisher,
                     Message message) {
    /** Copies the filters. */
    public Item {
      filters = List.copyOf(filters);
    }
  }

  /** Copies the item list. */
  public InboxDeliverRequest {
    items = List.copyOf(items);
  }

  /** Encodes with the version and operation header. */
  public Buffer encode() {
    BufferWriter out = new BufferWriter().writeByte(VERSION).writeByte(OP_DELIVER).writeInt(items.size());
    for (Item i : items) {
      out.writeString(i.tenantId()).writeString(i.inboxId()).writeString(i.topic()).writeInt(i.filters().size());
      i.filters().forEach(out::writeString);
      MessageCodec.write(out, i.publisher());
      MessageCodec.write(out, i.message());
    }
    return out.buffer();
  }

  /** Decodes the body after the two header bytes. */
  public static InboxDeliverRequest decodeBody(BufferReader in) {
    int n = in.readCount();
    List<Item> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String tenant = in.readString();
      String inbox = in.readString();
      String topic = in.readString();
      int f = in.readCount();
      List<String> filters = new ArrayList<>(f);
      for (int j = 0; j < f; j++) {
        filters.add(in.readString());
      }
      items.add(new Item(tenant, inbox, topic, filters, MessageCodec.readClientInfo(in), MessageCodec.readMessage(in)));
    }
    return new InboxDeliverRequest(items);
  }

  /** The reply: per item, whether its inbox exists. */
  public static Buffer reply(List<Boolean> exists) {
    BufferWriter out = new BufferWriter().writeInt(exists.size());
    exists.forEach(out::writeBoolean);
    return out.buffer();
  }

  /** Decodes a reply. */
  public static List<Boolean> readReply(Buffer reply) {
    BufferReader in = new BufferReader(reply);
    int n = in.readCount();
    List<Boolean> exists = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      exists.add(in.readBoolean());
    }
    return exists;
  }
}
