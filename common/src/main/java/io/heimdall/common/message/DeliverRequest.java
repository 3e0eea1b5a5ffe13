package io.heimdall.common.message;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Messages matched for the subscribers on one mqtt-server node, which fans each out to its local
 * sessions through its own subscription trie.
 *
 * @param packs what to deliver, in publish order
 */
public record DeliverRequest(List<Pack> packs) {
  /**
   * One message of one tenant.
   *
   * @param tenantId      the tenant
   * @param topic         the topic it was published to
   * @param publisher     who published it
   * @param message       the message
   * @param sharedFilters raw {@code $share}/{@code $oshare} filters whose group chose this node for the message
   */
  public record Pack(String tenantId, String topic, ClientInfo publisher, Message message, List<String> sharedFilters) {
    /** Copies the filter list. */
    public Pack {
      sharedFilters = List.copyOf(sharedFilters);
    }
  }

  /** Copies the pack list. */
  public DeliverRequest {
    packs = List.copyOf(packs);
  }

  /** Encodes with the version and operation header. */
  public Buffer encode() {
    BufferWriter out = new BufferWriter().writeByte(BrokerAddress.VERSION).writeByte(BrokerAddress.OP_DELIVER)
      .writeInt(packs.size());
    for (Pack p : packs) {
      out.writeString(p.tenantId()).writeString(p.topic());
      MessageCodec.write(out, p.publisher());
      MessageCodec.write(out, p.message());
      out.writeInt(p.sharedFilters().size());
      p.sharedFilters().forEach(out::writeString);
    }
    return out.buffer();
  }

  /** Decodes the body after the two header bytes. */
  public static DeliverRequest decodeBody(BufferReader in) {
    int n = in.readCount();
    List<Pack> packs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String tenant = in.readString();
      String topic = in.readString();
      ClientInfo publisher = MessageCodec.readClientInfo(in);
      Message message = MessageCodec.readMessage(in);
      int f = in.readCount();
      List<String> shared = new ArrayList<>(f);
      for (int j = 0; j < f; j++) {
        shared.add(in.readString());
      }
      packs.add(new Pack(tenant, topic, publisher, message, shared));
    }
    return new DeliverRequest(packs);
  }
}
